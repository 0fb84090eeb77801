using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// DUR2001: durable work inside a step body — a durable operation or wrapper call, <c>DurableContextScope</c>, a call
/// that hands a context to a helper, or a plain helper that reaches durable work. Step bodies are recognised however
/// they are written: <c>[DurableStep]</c> methods, step lambdas, method-group and local-function steps, delegate
/// variables only called from steps, submitters and condition checks.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NestedOperationAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.OperationInStep];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        context.RegisterOperationAction(
            operation =>
            {
                // Only calls that can be durable work (operations, calls handed a context, source helpers, the ambient
                // scope) are worth a scope; and summaries of helpers only for calls made from step code.
                if (!MayBeDurableWork(operation.Operation, durable)
                    || !durable.Scopes.Resolve(operation.Operation, operation.ContainingSymbol).IsStep
                    || Describe(operation.Operation, durable, operation.CancellationToken) is not { } description
                    || operation.Operation.IsInNonExecutedContext())
                {
                    return;
                }

                var location = operation.Operation is IInvocationOperation invocation ? invocation.InvocationNameLocation() : operation.Operation.Syntax.GetLocation();
                operation.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.OperationInStep, location, description));
            },
            OperationKind.Invocation,
            OperationKind.PropertyReference);
    }

    private static bool MayBeDurableWork(IOperation operation, DurableAnalysisContext durable) => operation switch
    {
        IInvocationOperation invocation => durable.Operations.Classify(invocation.TargetMethod) != DurableOperationKind.None
            || durable.Tasks.IsDurableCall(invocation)
            || durable.Summaries.IsFollowedHelper(invocation.TargetMethod),
        IPropertyReferenceOperation property => SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, durable.Symbols.ContextScope),
        _ => false,
    };

    /// <summary>How the message names the durable work of <paramref name="operation"/>, or null when it does none.</summary>
    private static string? Describe(IOperation operation, DurableAnalysisContext durable, CancellationToken cancellationToken)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                var kind = durable.Operations.Classify(method);
                if (kind == DurableOperationKind.StepWrapper)
                {
                    return "Steps." + method.Name;
                }

                if (kind != DurableOperationKind.None)
                {
                    return method.Name;
                }

                if (durable.Tasks.IsDurableCall(invocation))
                {
                    return method.Name + " (given the workflow context)";
                }

                return durable.Summaries.FindDurableWork(method, cancellationToken) is { } finding ? finding.PathText : null;

            case IPropertyReferenceOperation property when SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, durable.Symbols.ContextScope):
                // DurableContextScope.Current.WaitAsync(...): the operation itself is reported, once.
                return property.Parent is IInvocationOperation call && call.Instance == property && durable.Operations.Classify(call.TargetMethod) != DurableOperationKind.None
                    ? null
                    : ApiCatalog.Display(property.Property);

            default:
                return null;
        }
    }
}
