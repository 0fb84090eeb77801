using System.Collections.Immutable;
using System.Composition;
using Durable.Analyzers;
using Durable.Metadata;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.CodeFixes;

/// <summary>
/// DUR4004: replaces a direct call of a <c>[DurableStep]</c> method with its generated wrapper:
/// <c>Validate(order)</c> becomes <c>await Steps.ValidateAsync(order)</c> (the <c>await</c> added for synchronous
/// steps, kept for awaited ones); an <c>IStepContext</c> argument is dropped, a <c>CancellationToken</c> is passed
/// on as <c>cancellationToken:</c>. Offered only when the generated wrapper exists and is reachable from the call
/// (same class, instance wrappers not from static code). No Fix All: the call becomes a new checkpointed step,
/// which shifts the positional IDs of every later operation of executions in flight.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CallGeneratedWrapperCodeFix))]
[Shared]
public sealed class CallGeneratedWrapperCodeFix : DurableCodeFix
{
    /// <summary>The equivalence key of the code action.</summary>
    public const string EquivalenceKey = "Durable.CallGeneratedWrapper";

    /// <inheritdoc/>
    private protected override string Key => EquivalenceKey;

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.StepCalledDirectly];

    private protected override FixPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        FixSyntax.NodeAt(root, diagnostic) is InvocationExpressionSyntax invocation && Plan(model, invocation, cancellationToken) is { } plan
            ? new FixPlan($"Call the generated wrapper Steps.{plan.WrapperName}", () => root.ReplaceNode(invocation, plan.Replacement))
            : null;

    private static (string WrapperName, ExpressionSyntax Replacement)? Plan(SemanticModel model, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation { TargetMethod: var step } operation
            || Wrapper(model, invocation, step, cancellationToken) is not { } wrapperName)
        {
            return null;
        }

        var arguments = new List<string>();
        foreach (var argument in operation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue))
        {
            var type = argument.Parameter?.Type.ToDisplayString();
            if (type == DurableMetadataNames.StepContext)
            {
                continue;
            }

            if (type == "System.Threading.CancellationToken")
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    arguments.Add("cancellationToken: " + argument.Value.Syntax);
                }

                continue;
            }

            if (argument.ArgumentKind != ArgumentKind.Explicit)
            {
                // An omitted optional payload or a params array: the wrapper's signature may differ; leave it to the user.
                return null;
            }

            arguments.Add(argument.Value.Syntax.ToString());
        }

        var call = $"Steps.{wrapperName}({string.Join(", ", arguments)})";
        var parent = invocation.Parent;
        while (parent is ParenthesizedExpressionSyntax)
        {
            parent = parent.Parent;
        }

        if (parent is AwaitExpressionSyntax)
        {
            return (wrapperName, FixSyntax.InPlaceOf(invocation, SyntaxFactory.ParseExpression(call)));
        }

        var returnType = step.ReturnType.OriginalDefinition.ToDisplayString();
        if (step.ReturnsVoid || !returnType.StartsWith("System.Threading.Tasks.", StringComparison.Ordinal))
        {
            // A synchronous step: its value now comes from an awaited checkpoint.
            return FixSyntax.IsAsync(FixSyntax.EnclosingFunction(invocation))
                ? (wrapperName, FixSyntax.InPlaceOf(invocation, SyntaxFactory.ParseExpression("await " + call)))
                : null;
        }

        // A Task-returning step used as a task: the wrapper's task takes its place. A ValueTask would change type.
        return returnType is "System.Threading.Tasks.Task" or "System.Threading.Tasks.Task<TResult>"
            ? (wrapperName, FixSyntax.InPlaceOf(invocation, SyntaxFactory.ParseExpression(call)))
            : null;
    }

    /// <summary>The generated wrapper's name, when <c>Steps</c> and the wrapper exist and the call site can use them.</summary>
    private static string? Wrapper(SemanticModel model, SyntaxNode site, IMethodSymbol step, CancellationToken cancellationToken)
    {
        var workflow = step.ContainingType;
        var steps = workflow.GetMembers(DurableMetadataNames.StepsPropertyName).OfType<IPropertySymbol>().FirstOrDefault();
        var wrapperName = DurableOperations.WrapperName(step.Name);
        if (steps is null || steps.Type.GetMembers(wrapperName).IsEmpty)
        {
            return null;
        }

        // Walk out of lambdas and local functions; a static one among them cannot reach instance wrappers either.
        var member = model.GetEnclosingSymbol(site.SpanStart, cancellationToken);
        var isStatic = false;
        while (member is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } function)
        {
            isStatic |= function.IsStatic;
            member = member.ContainingSymbol;
        }

        isStatic |= member?.IsStatic == true;
        if (member is null || !SymbolEqualityComparer.Default.Equals(member.ContainingType, workflow) || (isStatic && !steps.IsStatic))
        {
            return null;
        }

        return wrapperName;
    }
}
