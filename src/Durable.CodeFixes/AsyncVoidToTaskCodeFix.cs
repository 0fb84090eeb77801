using System.Collections.Immutable;
using System.Composition;
using Durable.Analyzers;
using Microsoft.CodeAnalysis;
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
public sealed class AsyncVoidToTaskCodeFix : DurableCodeFix
{
    /// <summary>The equivalence key of the code action.</summary>
    public const string EquivalenceKey = "Durable.AsyncVoidToTask";

    /// <inheritdoc/>
    private protected override string Key => EquivalenceKey;

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.AsyncVoid];

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    private protected override FixPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
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
            return null;
        }

        var task = SyntaxFactory.ParseTypeName(FixSyntax.TypeName(model, returnType.SpanStart, "System.Threading.Tasks.Task")).WithTriviaFrom(returnType);
        return new FixPlan("Return Task instead of void", () => root.ReplaceNode(returnType, task));
    }
}
