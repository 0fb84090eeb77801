using System.Collections.Immutable;
using System.Composition;
using Durable.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Durable.CodeFixes;

/// <summary>
/// Wraps a nondeterministic expression in a step of the enclosing workflow function's own context:
/// <c>DateTime.UtcNow</c> becomes <c>(await context.StepAsync(_ => DateTime.UtcNow))</c>, a task-valued call
/// <c>http.GetStringAsync(url)</c> becomes <c>context.StepAsync(_ => http.GetStringAsync(url))</c>, a void call
/// statement becomes <c>await context.StepAsync(_ => File.Delete(path));</c>. Offered only where the result is plain
/// data (it is checkpointed as JSON), the expression can move into a lambda (no await, ref or out), and the
/// function may await. No Fix All: every wrap inserts a durable operation and shifts the positional IDs of all
/// later operations, which breaks executions already in flight; each site needs a decision.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WrapInStepCodeFix))]
[Shared]
public sealed class WrapInStepCodeFix : DurableCodeFix
{
    /// <summary>The equivalence key of the code action.</summary>
    public const string EquivalenceKey = "Durable.WrapInStep";

    /// <inheritdoc/>
    private protected override string Key => EquivalenceKey;

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
    [
        DiagnosticIds.ClockRead,
        DiagnosticIds.Randomness,
        DiagnosticIds.IdentifierGeneration,
        DiagnosticIds.NetworkIO,
        DiagnosticIds.LocalIO,
        DiagnosticIds.EnvironmentRead,
        DiagnosticIds.InvocationValue,
        DiagnosticIds.RandomizedHashCode,
    ];

    private protected override FixPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        FixSyntax.NodeAt(root, diagnostic) is ExpressionSyntax expression && Plan(model, expression, cancellationToken) is { } replacement
            ? new FixPlan($"Wrap in a step ({replacement.ContextName}.StepAsync)", () => root.ReplaceNode(replacement.Original, replacement.Replacement))
            : null;

    private static WrapPlan? Plan(SemanticModel model, ExpressionSyntax expression, CancellationToken cancellationToken)
    {
        if (expression.Parent is AssignmentExpressionSyntax assignment && assignment.Left == expression
            || expression.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None }
            || FixSyntax.CannotMoveIntoLambda(expression)
            || model.GetOperation(expression, cancellationToken) is Microsoft.CodeAnalysis.Operations.IMethodReferenceOperation
            || FixSyntax.OwnContextParameter(model, expression, cancellationToken) is not { } contextParameter)
        {
            return null;
        }

        var function = FixSyntax.EnclosingFunction(expression);
        var lambdaParameter = FixSyntax.FreshDiscardName(model, expression.SpanStart);
        var step = $"{contextParameter.Name}.StepAsync({lambdaParameter} => {expression.WithoutTrivia()})";
        var type = model.GetTypeInfo(expression, cancellationToken).Type;

        if (type is null || type.SpecialType == SpecialType.System_Void)
        {
            // A void call: only as a whole statement, awaited.
            return expression.Parent is ExpressionStatementSyntax && FixSyntax.IsAsync(function)
                ? new WrapPlan(expression, FixSyntax.InPlaceOf(expression, SyntaxFactory.ParseExpression("await " + step)), contextParameter.Name)
                : null;
        }

        if (IsTask(type, out var result))
        {
            // The step's task stands where the expression's task stood: nothing else changes.
            return result is null || PayloadTypes.IsSimple(result)
                ? new WrapPlan(expression, FixSyntax.InPlaceOf(expression, SyntaxFactory.ParseExpression(step)), contextParameter.Name)
                : null;
        }

        return PayloadTypes.IsSimple(type) && FixSyntax.IsAsync(function)
            ? new WrapPlan(expression, FixSyntax.InPlaceOf(expression, SyntaxFactory.ParseExpression("await " + step)), contextParameter.Name)
            : null;
    }

    /// <summary>True for <c>Task</c> (result null) and <c>Task&lt;T&gt;</c> (result T).</summary>
    private static bool IsTask(ITypeSymbol type, out ITypeSymbol? result)
    {
        result = null;
        if (type is not INamedTypeSymbol named || named.ContainingNamespace?.ToDisplayString() != "System.Threading.Tasks" || named.Name != "Task")
        {
            return false;
        }

        result = named.TypeArguments.FirstOrDefault();
        return true;
    }

    private sealed class WrapPlan(ExpressionSyntax original, ExpressionSyntax replacement, string contextName)
    {
        public ExpressionSyntax Original { get; } = original;

        public ExpressionSyntax Replacement { get; } = replacement;

        public string ContextName { get; } = contextName;
    }
}
