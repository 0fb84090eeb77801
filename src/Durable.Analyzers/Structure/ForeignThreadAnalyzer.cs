using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// DUR2003: durable work started from a delegate that runs on another thread (Task.Run, StartNew, threads, the
/// thread pool, Parallel, ContinueWith, timer callbacks), reported at the durable call. DUR2004: the same APIs
/// (and SemaphoreSlim/Monitor) in workflow code when no durable work is inside, reported at the API call — so a
/// Task.Run gets one of the two, never both.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ForeignThreadAnalyzer : DurableAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [DiagnosticDescriptors.OperationOnForeignThread, DiagnosticDescriptors.ThreadingPrimitive];

    internal override void Register(CompilationStartAnalysisContext context, DurableAnalysisContext durable)
    {
        context.RegisterOperationAction(
            operation =>
            {
                switch (operation.Operation)
                {
                    case IInvocationOperation invocation:
                        AnalyzeDurableCall(operation, invocation, durable);
                        AnalyzeThreadingCall(operation, invocation, invocation.TargetMethod, invocation.Arguments, durable);
                        break;
                    case IObjectCreationOperation creation:
                        AnalyzeThreadingCall(operation, creation, creation.Constructor, creation.Arguments, durable);
                        break;
                    case IMethodReferenceOperation reference:
                        AnalyzeMethodGroup(operation, reference, durable);
                        break;
                }
            },
            OperationKind.Invocation,
            OperationKind.ObjectCreation,
            OperationKind.MethodReference);
    }

    private static void AnalyzeDurableCall(OperationAnalysisContext context, IInvocationOperation invocation, DurableAnalysisContext durable)
    {
        if (!durable.Tasks.IsDurableCall(invocation))
        {
            return;
        }

        var scope = durable.Scopes.Resolve(invocation, context.ContainingSymbol);
        if (scope.IsWorkflow && scope.ForeignThreadCall is { } foreign)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.OperationOnForeignThread,
                invocation.InvocationNameLocation(),
                invocation.TargetMethod.Name,
                Display(foreign)));
        }
    }

    private static void AnalyzeMethodGroup(OperationAnalysisContext context, IMethodReferenceOperation reference, DurableAnalysisContext durable)
    {
        if (durable.Threading.ForeignThreadCallOf(reference) is not { } foreign
            || !DurableWork.Is(reference, durable, unknownCallsCount: false, context.CancellationToken))
        {
            return;
        }

        if (durable.Scopes.Resolve(reference, context.ContainingSymbol).IsWorkflow)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.OperationOnForeignThread,
                reference.Syntax.GetLocation(),
                reference.Method.Name,
                Display(foreign)));
        }
    }

    private static void AnalyzeThreadingCall(OperationAnalysisContext context, IOperation call, IMethodSymbol? target, ImmutableArray<IArgumentOperation> arguments, DurableAnalysisContext durable)
    {
        var starts = durable.Threading.StartsDelegateElsewhere(target);
        if (!starts && !durable.Threading.Synchronises(target))
        {
            return;
        }

        // With durable work inside, the durable calls carry DUR2003 instead.
        if (starts && arguments.Any(a => DurableWork.Find(a.Value, durable, unknownCallsCount: false, context.CancellationToken) is not null))
        {
            return;
        }

        if (durable.Scopes.Resolve(call, context.ContainingSymbol).IsWorkflow)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ThreadingPrimitive, call.Syntax.GetLocation(), Display(call)));
        }
    }

    private static string Display(IOperation call) => call switch
    {
        IInvocationOperation invocation => ApiCatalog.Display(invocation.TargetMethod),
        IObjectCreationOperation { Constructor: { } constructor } => "new " + constructor.ContainingType.Name + "(...)",
        _ => call.Syntax.ShortText(),
    };
}
