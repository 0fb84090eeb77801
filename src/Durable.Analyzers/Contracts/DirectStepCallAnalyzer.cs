using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// DUR4004: workflow code calling a <c>[DurableStep]</c> method directly. The call is plain code: not checkpointed,
/// repeated on every replay. Calls from steps, tests and other plain code are fine, and so is passing the method
/// as a group to <c>StepAsync</c> (that is checkpointed).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DirectStepCallAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.StepCalledDirectly];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        context.RegisterOperationAction(
            operation =>
            {
                var invocation = (IInvocationOperation)operation.Operation;
                var method = invocation.TargetMethod;
                if (!durable.Symbols.IsStepMethod(method) || !durable.Scopes.Resolve(invocation, operation.ContainingSymbol).IsWorkflow)
                {
                    return;
                }

                operation.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.StepCalledDirectly,
                    invocation.Syntax.GetLocation(),
                    method.Name,
                    DurableOperations.WrapperName(method.Name)));
            },
            OperationKind.Invocation);
    }
}
