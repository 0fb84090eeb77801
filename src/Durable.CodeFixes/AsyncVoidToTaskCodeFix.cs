using System.Collections.Immutable;
using System.Composition;
using Durable.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Durable.CodeFixes;

/// <summary>
/// DUR2009: turns an <c>async void</c> method or local function into <c>async Task</c>, so callers can await its
/// durable work. (An async lambda converted to an <c>Action</c> cannot be fixed in place: the receiving API decides
/// the delegate type.) The body is unchanged, so Fix All is offered.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AsyncVoidToTaskCodeFix))]
[Shared]
public sealed class AsyncVoidToTaskCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the code action.</summary>
    public const string EquivalenceKey = "Durable.AsyncVoidToTask";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.AsyncVoid];

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
            var returnType = token.Parent switch
            {
                MethodDeclarationSyntax method when method.Identifier == token => method.ReturnType,
                LocalFunctionStatementSyntax local when local.Identifier == token => local.ReturnType,
                _ => null,
            };
            if (returnType is not PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword })
            {
                continue;
            }

            var task = SyntaxFactory.ParseTypeName(FixSyntax.TypeName(model, returnType.SpanStart, "System.Threading.Tasks.Task")).WithTriviaFrom(returnType);
            context.RegisterCodeFix(
                CodeAction.Create("Return Task instead of void", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(returnType, task))), EquivalenceKey),
                diagnostic);
        }
    }
}
