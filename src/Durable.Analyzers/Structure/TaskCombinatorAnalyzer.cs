using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// DUR2005 (<c>Task.WhenAll</c>) and DUR2006 (<c>Task.WhenAny</c>) over durable tasks in workflow code: at least one
/// argument is a durable task (an operation, a wrapper, a local holding one, an array or projection of them).
/// Combinators over plain tasks are left to the other rules.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TaskCombinatorAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [DiagnosticDescriptors.WhenAllOverDurableTasks, DiagnosticDescriptors.WhenAnyOverDurableTasks];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        var whenAll = new SymbolSet(context.Compilation).Add("System.Threading.Tasks.Task", "WhenAll");
        var whenAny = new SymbolSet(context.Compilation).Add("System.Threading.Tasks.Task", "WhenAny");
        context.RegisterOperationAction(
            operation =>
            {
                var invocation = (IInvocationOperation)operation.Operation;
                var rule = whenAll.Contains(invocation.TargetMethod) ? DiagnosticDescriptors.WhenAllOverDurableTasks
                    : whenAny.Contains(invocation.TargetMethod) ? DiagnosticDescriptors.WhenAnyOverDurableTasks
                    : null;
                if (rule is null
                    || !invocation.Arguments.Any(a => durable.Tasks.IsDurable(a.Value))
                    || !durable.Scopes.Resolve(invocation, operation.ContainingSymbol).IsWorkflow)
                {
                    return;
                }

                operation.ReportDiagnostic(Diagnostic.Create(rule, invocation.InvocationNameLocation()));
            },
            OperationKind.Invocation);
    }
}
