using Durable.Protocol;
using Microsoft.Extensions.Logging;

namespace Durable.Execution;

/// <summary>
/// What one invocation of a workflow shares across its contexts: the execution state, the checkpoint batcher,
/// serializers and loggers, and the end of the invocation. The invocation ends (is "terminated") exactly once:
/// suspended when no fiber of workflow code can make progress, failed when the execution must fail outright, or
/// for a retry when the service should invoke again. Workflow code awaiting anything after termination never
/// resumes, so it cannot observe or catch the end.
/// </summary>
internal sealed class InvocationRuntime
{
    private readonly TaskCompletionSource<Termination> _termination = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _shutdown = new();

    // Fibers of workflow code that are not blocked on a durable operation. The root workflow is the first.
    private int _runningFibers = 1;

    public InvocationRuntime(
        ExecutionState state,
        Func<InvocationRuntime, CheckpointBatcher> createBatcher,
        SerializerResolver serializers,
        ILogger workflowLogger,
        bool replayAwareLogging)
    {
        State = state;
        Serializers = serializers;
        WorkflowLogger = workflowLogger;
        ReplayAwareLogging = replayAwareLogging;
        Checkpoints = createBatcher(this);
    }

    public ExecutionState State { get; }

    public CheckpointBatcher Checkpoints { get; }

    public SerializerResolver Serializers { get; }

    public ILogger WorkflowLogger { get; }

    public bool ReplayAwareLogging { get; }

    public string DurableExecutionArn => State.DurableExecutionArn;

    /// <summary>Signalled when the invocation ends, so running step functions can stop early.</summary>
    public CancellationToken ShutdownToken => _shutdown.Token;

    public Task<Termination> Terminated => _termination.Task;

    public void Terminate(Termination termination)
    {
        if (_termination.TrySetResult(termination))
        {
            _shutdown.Cancel();
        }
    }

    /// <summary>Ends the invocation with a failed execution and returns a task that never completes.</summary>
    public Task<T> Fail<T>(ErrorObject error)
    {
        Terminate(Termination.Failed(error));
        return Halted<T>();
    }

    /// <summary>A task for workflow code that must not continue because the invocation is ending.</summary>
    public static Task<T> Halted<T>() => new TaskCompletionSource<T>().Task;

    public void OnCheckpointFailure(CheckpointFailure failure) =>
        Terminate(failure.IsPermanent
            ? Termination.Failed(new ErrorObject
            {
                ErrorType = (failure.Exception as Client.DurableServiceException)?.ErrorCode ?? failure.Exception.GetType().FullName,
                ErrorMessage = $"The service rejected a checkpoint: {failure.Exception.Message}",
            })
            : Termination.Retry(failure.Exception));

    /// <summary>
    /// Blocks the calling fiber until <paramref name="isSatisfied"/> holds for the operation. When this leaves no
    /// fiber running, the invocation suspends (after in-flight checkpoints drain, since their responses may wake
    /// someone).
    /// </summary>
    public async Task WaitForOperationAsync(string operationId, Func<Operation?, bool> isSatisfied, CancellationToken cancellationToken)
    {
        var waiter = new OperationWaiter(operationId, isSatisfied, FiberResumed);
        if (!State.TryRegister(waiter))
        {
            return;
        }

        FiberBlocked();
        if (!cancellationToken.CanBeCanceled)
        {
            await waiter.Task.ConfigureAwait(false);
            return;
        }

        using var registration = cancellationToken.Register(() =>
        {
            if (State.Unregister(waiter))
            {
                FiberResumed();
                waiter.Cancel(cancellationToken);
            }
        });
        await waiter.Task.ConfigureAwait(false);
    }

    /// <summary>A new fiber of workflow code starts (a parallel branch, a map item).</summary>
    public void FiberStarted() => Interlocked.Increment(ref _runningFibers);

    /// <summary>A fiber of workflow code finished.</summary>
    public void FiberFinished() => FiberBlocked();

    private void FiberResumed() => Interlocked.Increment(ref _runningFibers);

    private void FiberBlocked()
    {
        if (Interlocked.Decrement(ref _runningFibers) == 0)
        {
            _ = SuspendIfIdleAsync();
        }
    }

    private async Task SuspendIfIdleAsync()
    {
        try
        {
            await Checkpoints.DrainAsync().ConfigureAwait(false);
        }
        catch
        {
            // The batcher already terminated the invocation with its failure.
            return;
        }

        if (Volatile.Read(ref _runningFibers) == 0)
        {
            Terminate(Termination.Suspended);
        }
    }
}

/// <summary>How an invocation ended before the workflow returned.</summary>
internal sealed record Termination(TerminationKind Kind, ErrorObject? Error, Exception? Exception)
{
    public static Termination Suspended { get; } = new(TerminationKind.Suspended, null, null);

    public static Termination Failed(ErrorObject error) => new(TerminationKind.Failed, error, null);

    public static Termination Retry(Exception exception) => new(TerminationKind.Retry, null, exception);
}

/// <summary>The kinds of <see cref="Termination"/>.</summary>
internal enum TerminationKind
{
    /// <summary>Nothing can progress until the service reports a change: return PENDING.</summary>
    Suspended,

    /// <summary>The execution must fail: return FAILED.</summary>
    Failed,

    /// <summary>A transient problem: throw so Lambda retries the invocation.</summary>
    Retry,
}
