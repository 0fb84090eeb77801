using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// DUR2012: a child-context, parallel-branch or map-item lambda whose body does no durable work at all (on any
/// context, through wrappers, helpers or unknown delegates). Such work belongs in a step.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EmptyChildContextAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.CallbackWithoutDurableWork];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        context.RegisterOperationAction(
            operation =>
            {
                var lambda = (IAnonymousFunctionOperation)operation.Operation;
                if (durable.Scopes.ContextParameterOf(lambda.Symbol) is null)
                {
                    return;
                }

                var callback = durable.Operations.CallbackKindOf(lambda);
                if (callback == CallbackKind.None || DurableWork.Find(lambda.Body, durable, unknownCallsCount: true, operation.CancellationToken) is not null)
                {
                    return;
                }

                operation.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CallbackWithoutDurableWork, lambda.Syntax.LambdaHeaderLocation(), callback.Describe()));
            },
            OperationKind.AnonymousFunction);
    }
}
