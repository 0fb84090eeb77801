using System.Collections.Immutable;
using System.Composition;
using Durable.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Durable.CodeFixes;

/// <summary>
/// DUR4005: adds <c>partial</c> to a <c>[DurableWorkflow]</c> class and to every enclosing type that lacks it, so
/// the generator can add its members. Pure declaration change: Fix All is offered.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialCodeFix))]
[Shared]
public sealed class AddPartialCodeFix : DurableCodeFix
{
    /// <summary>The equivalence key of the code action.</summary>
    public const string EquivalenceKey = "Durable.AddPartial";

    /// <inheritdoc/>
    private protected override string Key => EquivalenceKey;

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.UnsupportedWorkflowShape];

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    private protected override FixPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        diagnostic.Properties.ContainsKey(WorkflowShapeAnalyzer.MissingPartialProperty)
        && root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault() is { } declaration
            ? new FixPlan("Make the workflow class partial", () => AddPartial(root, declaration))
            : null;

    private static SyntaxNode AddPartial(SyntaxNode root, TypeDeclarationSyntax declaration)
    {
        var targets = declaration.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword));
        return root.ReplaceNodes(targets, (_, rewritten) => WithPartial(rewritten));
    }

    /// <summary><c>partial</c> goes last among the modifiers, right before <c>class</c> (CS0267).</summary>
    private static TypeDeclarationSyntax WithPartial(TypeDeclarationSyntax declaration)
    {
        if (declaration.Modifiers.Count == 0)
        {
            var keyword = declaration.Keyword;
            var partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            return declaration.WithKeyword(keyword.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(partial));
        }

        return declaration.WithModifiers(declaration.Modifiers.Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
    }
}
