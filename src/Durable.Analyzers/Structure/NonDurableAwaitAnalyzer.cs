using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// DUR2007: an <c>await</c> in workflow code of asynchronous work that is not durable and that no other rule
/// reports (see <see cref="AwaitedWork"/>): typically a repository, SDK or service call from another assembly.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonDurableAwaitAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.NonDurableAwait];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        context.RegisterOperationAction(
            operation =>
            {
                var await = (IAwaitOperation)operation.Operation;
                if (durable.Awaits.NonDurableCall(await) is not { } call
                    || !durable.Scopes.Resolve(await, operation.ContainingSymbol).IsWorkflow)
                {
                    return;
                }

                operation.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NonDurableAwait, await.Syntax.GetLocation(), ApiCatalog.Display(call.TargetMethod)));
            },
            OperationKind.Await);
    }
}
