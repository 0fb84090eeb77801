using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Durable.Testing.Roslyn.Tests.Samples;

/// <summary>
/// Sample code fix for SMP0001: renames the called method, offering one action per target name (equivalence key
/// <c>RenameTo{Name}</c>). Fix All: the batch fixer by default; a custom one that renames differently when
/// <c>fixAllRenamesTo</c> is given (an inconsistent Fix All the harness must catch).
/// </summary>
public sealed class RenameForbiddenCodeFix : CodeFixProvider
{
    private readonly ImmutableArray<string> _names;
    private readonly string? _fixAllRenamesTo;
    private readonly bool _withEquivalenceKeys;

    public RenameForbiddenCodeFix()
        : this(["Allowed", "Permitted"])
    {
    }

    public RenameForbiddenCodeFix(ImmutableArray<string> names, string? fixAllRenamesTo = null, bool withEquivalenceKeys = true)
    {
        _names = names;
        _fixAllRenamesTo = fixAllRenamesTo;
        _withEquivalenceKeys = withEquivalenceKeys;
    }

    public override ImmutableArray<string> FixableDiagnosticIds => [ForbiddenCallAnalyzer.Id];

    public override FixAllProvider? GetFixAllProvider() =>
        _fixAllRenamesTo is null
            ? WellKnownFixAllProviders.BatchFixer
            : FixAllProvider.Create(async (context, document, diagnostics) =>
            {
                var root = (await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false))!;
                var invocations = diagnostics.Select(d => FindInvocation(root, d)).OfType<InvocationExpressionSyntax>().ToList();
                return document.WithSyntaxRoot(root.ReplaceNodes(invocations, (_, current) => Rename(current, _fixAllRenamesTo)));
            });

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = (await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false))!;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindInvocation(root, diagnostic) is not { } invocation)
            {
                continue;
            }

            foreach (var name in _names)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Rename to {name}",
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(invocation, Rename(invocation, name)))),
                        _withEquivalenceKeys ? "RenameTo" + name : null),
                    diagnostic);
            }
        }
    }

    internal static InvocationExpressionSyntax? FindInvocation(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
            .AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();

    private static InvocationExpressionSyntax Rename(InvocationExpressionSyntax invocation, string name)
    {
        SimpleNameSyntax? simpleName = invocation.Expression switch
        {
            SimpleNameSyntax s => s,
            MemberAccessExpressionSyntax m => m.Name,
            _ => null,
        };
        if (simpleName is null)
        {
            return invocation;
        }

        var renamed = simpleName.WithIdentifier(SyntaxFactory.Identifier(simpleName.Identifier.LeadingTrivia, name, simpleName.Identifier.TrailingTrivia));
        return invocation.ReplaceNode(simpleName, renamed);
    }
}
