using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// The APIs that run a delegate on another thread (Task.Run, TaskFactory.StartNew, threads, the thread pool,
/// Parallel, ContinueWith, timer callbacks) and those that synchronise threads. Shared by the scope resolver
/// (foreign-thread lambdas), DUR2003 and DUR2004.
/// </summary>
internal sealed class ThreadingApis
{
    private readonly SymbolSet _startsDelegates;
    private readonly SymbolSet _synchronisation;
    private readonly SymbolSet _timers;

    public ThreadingApis(Compilation compilation)
    {
        _startsDelegates = new SymbolSet(compilation)
            .Add("System.Threading.Tasks.Task", "Run", "ContinueWith")
            .Add("System.Threading.Tasks.Task`1", "ContinueWith")
            .Add("System.Threading.Tasks.TaskFactory", "StartNew")
            .Add("System.Threading.Tasks.TaskFactory`1", "StartNew")
            .Add("System.Threading.ThreadPool", "QueueUserWorkItem", "UnsafeQueueUserWorkItem")
            .Add("System.Threading.Tasks.Parallel", "For", "ForEach", "ForEachAsync", "Invoke")
            .AddConstructors("System.Threading.Thread");
        _timers = new SymbolSet(compilation)
            .AddConstructors("System.Threading.Timer");
        _synchronisation = new SymbolSet(compilation)
            .Add("System.Threading.SemaphoreSlim", "Wait", "WaitAsync")
            .Add("System.Threading.Monitor", "Enter", "TryEnter", "Wait");
    }

    /// <summary>True for Task.Run, StartNew, new Thread, the thread pool, Parallel and ContinueWith.</summary>
    public bool StartsDelegateElsewhere(ISymbol? member) => _startsDelegates.Contains(member);

    /// <summary>True for SemaphoreSlim waits and Monitor.</summary>
    public bool Synchronises(ISymbol? member) => _synchronisation.Contains(member);

    /// <summary>
    /// When <paramref name="function"/> (a lambda or method reference) is passed to an API that runs it on another
    /// thread, that call (an invocation or an object creation); otherwise null.
    /// </summary>
    public IOperation? ForeignThreadCallOf(IOperation function)
    {
        for (var current = function.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IDelegateCreationOperation:
                case IConversionOperation:
                case IParenthesizedOperation:
                    continue;
                case IArgumentOperation { Parent: IInvocationOperation invocation }:
                    return StartsDelegateElsewhere(invocation.TargetMethod) ? invocation : null;
                case IArgumentOperation { Parent: IObjectCreationOperation creation }:
                    return StartsDelegateElsewhere(creation.Constructor) || _timers.Contains(creation.Constructor) ? creation : null;
                default:
                    return null;
            }
        }

        return null;
    }
}
