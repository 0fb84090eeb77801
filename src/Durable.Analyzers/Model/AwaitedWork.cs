using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// Decides whether an <c>await</c> in workflow code waits for work that is neither durable nor reported by another
/// rule (DUR2007). Awaits of durable operations, wrappers and calls that receive a context are fine; task helpers
/// (<c>Task.Yield</c>, <c>Task.FromResult</c>, ...) and combinators (DUR2005/DUR2006) are fine; catalogued APIs
/// (DUR1004–DUR1006, ...), thread-pool work (DUR2004) and plain source helpers with a body (DUR1009, transitively) have their own
/// rules. What is left is awaited work from outside the compilation that the analyzers know nothing about.
/// </summary>
internal sealed class AwaitedWork
{
    private readonly DurableTasks _tasks;
    private readonly ApiCatalog _catalog;
    private readonly ThreadingApis _threading;
    private readonly SymbolSet _taskHelpers;
    private readonly Func<MethodSummaries> _summaries;
    private readonly DurableSymbols _symbols;

    public AwaitedWork(DurableSymbols symbols, DurableTasks tasks, ApiCatalog catalog, ThreadingApis threading, Func<MethodSummaries> summaries)
    {
        _summaries = summaries;
        _symbols = symbols;
        _tasks = tasks;
        _catalog = catalog;
        _threading = threading;
        _taskHelpers = new SymbolSet(symbols.Compilation)
            .Add("System.Threading.Tasks.Task", "Yield", "FromResult", "FromException", "FromCanceled", "WhenAll", "WhenAny", "WhenEach")
            .Add("System.Threading.Tasks.ValueTask", "FromResult", "FromException", "FromCanceled");
    }

    /// <summary>The call awaited by <paramref name="await"/> when it is unknown, non-durable work; otherwise null.</summary>
    public IInvocationOperation? NonDurableCall(IAwaitOperation await)
    {
        var operand = DurableTasks.Unwrap(await.Operation);
        for (var depth = 0; depth < 4; depth++)
        {
            if (operand is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
            {
                operand = DurableTasks.Unwrap(configured);
                continue;
            }

            if (operand is ILocalReferenceOperation local && DurableTasks.SingleInitializer(local) is { } initializer)
            {
                operand = DurableTasks.Unwrap(initializer);
                continue;
            }

            break;
        }

        if (operand is not IInvocationOperation invocation)
        {
            return null;
        }

        var method = invocation.TargetMethod;
        if (method.MethodKind == MethodKind.DelegateInvoke
            || _tasks.IsDurableCall(invocation)
            || _taskHelpers.Contains(method)
            || _threading.StartsDelegateElsewhere(method)
            || _threading.Synchronises(method)
            || _catalog.Match(invocation) is not null
            || _summaries().IsFollowedHelper(method)
            || !_symbols.IsTaskLike(method.ReturnType))
        {
            return null;
        }

        return invocation;
    }
}
