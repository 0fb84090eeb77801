using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// DUR2010: blocking on a durable task with <c>.Result</c>, <c>.Wait()</c>, <c>.GetAwaiter().GetResult()</c>,
/// <c>Task.WaitAll</c> or <c>Task.WaitAny</c>, wherever it happens. Blocking on other tasks in workflow code is
/// DUR1004's.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingWaitAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.BlockingOnDurableTask];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        var waits = new SymbolSet(context.Compilation)
            .Add("System.Threading.Tasks.Task", "Wait", "WaitAll", "WaitAny");
        var results = new SymbolSet(context.Compilation)
            .Add("System.Threading.Tasks.Task`1", "Result")
            .Add("System.Threading.Tasks.ValueTask`1", "Result");
        var getResults = new SymbolSet(context.Compilation)
            .Add("System.Runtime.CompilerServices.TaskAwaiter", "GetResult")
            .Add("System.Runtime.CompilerServices.TaskAwaiter`1", "GetResult")
            .Add("System.Runtime.CompilerServices.ValueTaskAwaiter", "GetResult")
            .Add("System.Runtime.CompilerServices.ValueTaskAwaiter`1", "GetResult");

        context.RegisterOperationAction(
            operation =>
            {
                IOperation? blocked;
                string display;
                switch (operation.Operation)
                {
                    case IPropertyReferenceOperation property when results.Contains(property.Property):
                        blocked = property.Instance;
                        display = ".Result";
                        break;
                    case IInvocationOperation invocation when waits.Contains(invocation.TargetMethod):
                        blocked = invocation.Instance ?? invocation.Arguments.FirstOrDefault(a => durable.Tasks.IsDurable(a.Value))?.Value;
                        display = invocation.Instance is null ? "Task." + invocation.TargetMethod.Name + "()" : "." + invocation.TargetMethod.Name + "()";
                        break;
                    case IInvocationOperation { Instance: IInvocationOperation { TargetMethod.Name: "GetAwaiter" } awaiter } invocation when getResults.Contains(invocation.TargetMethod):
                        blocked = awaiter.Instance;
                        display = ".GetAwaiter().GetResult()";
                        break;
                    default:
                        return;
                }

                if (blocked is not null && durable.Tasks.IsDurable(blocked))
                {
                    operation.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BlockingOnDurableTask, operation.Operation.Syntax.GetLocation(), display));
                }
            },
            OperationKind.PropertyReference,
            OperationKind.Invocation);
    }
}
