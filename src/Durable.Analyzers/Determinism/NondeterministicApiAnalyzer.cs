using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// DUR1001–DUR1008, DUR1010, DUR1012: uses of catalogued APIs (clocks, randomness, identifiers, in-process delays,
/// I/O, environment, invocation-scoped values, randomised hash codes, non-replay-aware logging) in workflow code.
/// Step code may use them freely; plain helpers are judged where workflow code calls them (DUR1009).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NondeterministicApiAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        DiagnosticDescriptors.ClockRead,
        DiagnosticDescriptors.Randomness,
        DiagnosticDescriptors.IdentifierGeneration,
        DiagnosticDescriptors.InProcessDelay,
        DiagnosticDescriptors.NetworkIO,
        DiagnosticDescriptors.LocalIO,
        DiagnosticDescriptors.EnvironmentRead,
        DiagnosticDescriptors.InvocationValue,
        DiagnosticDescriptors.RandomizedHashCode,
        DiagnosticDescriptors.NonReplayAwareLogging,
    ];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        context.RegisterOperationAction(
            operation => Analyze(operation, durable),
            OperationKind.Invocation,
            OperationKind.PropertyReference,
            OperationKind.ObjectCreation,
            OperationKind.MethodReference);
    }

    private static void Analyze(OperationAnalysisContext context, DurableAnalysisContext durable)
    {
        var operation = context.Operation;
        if (durable.Catalog.Match(operation) is not { } match || operation.IsInNonExecutedContext())
        {
            return;
        }

        // Stopwatch.StartNew().Elapsed: report the inner use only, once.
        if (Receiver(operation) is { } receiver && durable.Catalog.Match(DurableTasks.Unwrap(receiver)) is { } inner && inner.Rule.Id == match.Rule.Id)
        {
            return;
        }

        if (durable.Scopes.Resolve(operation, context.ContainingSymbol).IsWorkflow)
        {
            context.ReportDiagnostic(Diagnostic.Create(match.Rule, operation.Syntax.GetLocation(), match.Display));
        }
    }

    private static IOperation? Receiver(IOperation operation) => operation switch
    {
        IInvocationOperation invocation => invocation.Instance,
        IPropertyReferenceOperation property => property.Instance,
        IMethodReferenceOperation reference => reference.Instance,
        _ => null,
    };
}
