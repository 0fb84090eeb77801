using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Durable.CodeFixes;

/// <summary>
/// What every Durable code fix shares: for each diagnostic, a derived fix plans at most one change of the document's
/// syntax root (from the root and the semantic model), and the plan is offered under the fix's equivalence key.
/// Fix All is off unless a fix turns it on: most fixes insert, remove or reorder durable operations, whose IDs are
/// positional, so applying them everywhere at once would silently break executions in flight.
/// </summary>
public abstract class DurableCodeFix : CodeFixProvider
{
    private protected DurableCodeFix()
    {
    }

    /// <summary>The equivalence key of the fix's code action.</summary>
    private protected abstract string Key { get; }

    /// <summary>None unless a fix offers it: see the class summary.</summary>
    /// <returns>Null.</returns>
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Plan(root, model, diagnostic, context.CancellationToken) is { } fix)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(fix.Title, _ => Task.FromResult(context.Document.WithSyntaxRoot(fix.NewRoot())), Key),
                    diagnostic);
            }
        }
    }

    /// <summary>The change for <paramref name="diagnostic"/>, or null when this fix does not apply to it.</summary>
    private protected abstract FixPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken);
}

/// <summary>A planned fix: the action's title and the new syntax root, computed only when the user applies it.</summary>
internal sealed class FixPlan(string title, Func<SyntaxNode> newRoot)
{
    /// <summary>The title of the code action.</summary>
    public string Title { get; } = title;

    /// <summary>Produces the document's new root.</summary>
    public Func<SyntaxNode> NewRoot { get; } = newRoot;
}
