using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// DUR5002: a constant durable wait, or a constant callback timeout or heartbeat timeout (zero means "none" and is
/// fine), below one second or at least the execution timeout. The runtime rejects the first; the second can never
/// fire before the execution itself times out.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WaitBoundsAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.TimeoutOutOfBounds];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        var settings = new TimeoutSettings(context.Options.AnalyzerConfigOptionsProvider, durable.Symbols);

        context.RegisterOperationAction(
            operation =>
            {
                var invocation = (IInvocationOperation)operation.Operation;
                if (durable.Operations.Classify(invocation.TargetMethod) != DurableOperationKind.Wait)
                {
                    return;
                }

                var duration = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value;
                Check(operation, duration, "A durable wait", allowZero: false, durable, settings);
            },
            OperationKind.Invocation);

        context.RegisterOperationAction(
            operation =>
            {
                var assignment = (ISimpleAssignmentOperation)operation.Operation;
                if (assignment.Target is IPropertyReferenceOperation { Property.Name: "Timeout" or "HeartbeatTimeout" } property
                    && DurableSymbols.DerivesFrom(property.Property.ContainingType, durable.Symbols.CallbackConfig))
                {
                    var what = property.Property.Name == "Timeout" ? "A callback timeout" : "A callback heartbeat timeout";
                    Check(operation, assignment.Value, what, allowZero: true, durable, settings);
                }
            },
            OperationKind.SimpleAssignment);
    }

    private static void Check(OperationAnalysisContext context, IOperation? value, string what, bool allowZero, DurableAnalysisContext durable, TimeoutSettings settings)
    {
        if (value is null || durable.Durations.Evaluate(value, context.CancellationToken) is not { } duration)
        {
            return;
        }

        if (allowZero && duration == TimeSpan.Zero)
        {
            return;
        }

        var limit = settings.For(value.Syntax.SyntaxTree, context.ContainingSymbol).Execution;
        if (duration < TimeSpan.FromSeconds(1) || duration >= limit)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.TimeoutOutOfBounds, value.Syntax.GetLocation(), what, DurationText.Format(duration), DurationText.Format(limit)));
        }
    }
}
