using System.Collections.Immutable;
using System.Composition;
using Durable.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Durable.CodeFixes;

/// <summary>
/// DUR2008: awaits a dropped durable task where it is started: <c>context.StepAsync(...);</c>,
/// <c>_ = context.StepAsync(...);</c> and an unused <c>var t = context.StepAsync(...);</c> become
/// <c>await context.StepAsync(...);</c>. Only in async functions. The operation is started at the same point in
/// the same order, so operation IDs do not change: Fix All is offered.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddAwaitCodeFix))]
[Shared]
public sealed class AddAwaitCodeFix : DurableCodeFix
{
    /// <summary>The equivalence key of the code action.</summary>
    public const string EquivalenceKey = "Durable.AddAwait";

    /// <inheritdoc/>
    private protected override string Key => EquivalenceKey;

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.OperationNotAwaited];

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    private protected override FixPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (FixSyntax.NodeAt(root, diagnostic) is not InvocationExpressionSyntax invocation
            || !FixSyntax.IsAsync(FixSyntax.EnclosingFunction(invocation))
            || Statement(invocation) is not { } statement)
        {
            return null;
        }

        var awaited = SyntaxFactory.ExpressionStatement(SyntaxFactory.AwaitExpression(
                SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space),
                invocation.WithoutTrivia()))
            .WithTriviaFrom(statement);
        return new FixPlan("Await the durable operation", () => root.ReplaceNode(statement, awaited));
    }

    /// <summary>The statement that drops the task: a call statement, a discard assignment, or a single unused local.</summary>
    private static StatementSyntax? Statement(InvocationExpressionSyntax invocation)
    {
        var parent = invocation.Parent;
        while (parent is ParenthesizedExpressionSyntax)
        {
            parent = parent.Parent;
        }

        return parent switch
        {
            ExpressionStatementSyntax statement => statement,
            AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" }, Parent: ExpressionStatementSyntax statement } => statement,
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax local } } }
                when !local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword) => local,
            _ => null,
        };
    }
}
