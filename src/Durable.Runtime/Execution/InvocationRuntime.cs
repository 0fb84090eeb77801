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
internal sealed class InvocationRuntime : IDisposable
{
    /// <summary>Poll back-off while a due operation has not changed yet: 1 s, 2 s, 4 s, 8 s, then every 10 s.</summary>
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(10);

    private readonly TaskCompletionSource<Termination> _termination = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly object _pollGate = new();
    private readonly List<TimedWaiter> _timedWaiters = [];
    private ITimer? _pollTimer;
    private int _pollsWithoutProgress;
    private bool _polling;

    // Fibers of workflow code that are not blocked on a durable operation. The root workflow is the first.
    private int _runningFibers = 1;

    public InvocationRuntime(
        ExecutionState state,
        Func<InvocationRuntime, CheckpointBatcher> createBatcher,
        SerializerResolver serializers,
        ILogger workflowLogger,
        bool replayAwareLogging,
        TimeProvider time)
    {
        State = state;
        Serializers = serializers;
        WorkflowLogger = workflowLogger;
        ReplayAwareLogging = replayAwareLogging;
        Time = time;
        Checkpoints = createBatcher(this);
    }

    /// <summary>The clock for in-process polling (the host's; virtual under the local engine's virtual clock).</summary>
    public TimeProvider Time { get; }

    public ExecutionState State { get; }

    public CheckpointBatcher Checkpoints { get; }

    public SerializerResolver Serializers { get; }

    public ILogger WorkflowLogger { get; }

    /// <summary>The invocation's plugin hooks; null when no plugin (and no trace listener) is registered.</summary>
    public Instrumentation.PluginHooks? Hooks { get; private set; }

    /// <summary>Attaches the hooks and lets them observe every merge of the service's changes.</summary>
    public void AttachHooks(Instrumentation.PluginHooks? hooks)
    {
        Hooks = hooks;
        if (hooks is not null)
        {
            State.Merged = hooks.Merged;
        }
    }

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
    /// someone). With <paramref name="dueAt"/> (a timer or retry the service will complete), while other fibers are
    /// still running the service is polled with empty checkpoints from that time on, so this fiber continues in the
    /// same invocation instead of waiting for the next one.
    /// </summary>
    public async Task WaitForOperationAsync(string operationId, Func<Operation?, bool> isSatisfied, CancellationToken cancellationToken, DateTimeOffset? dueAt = null)
    {
        var waiter = new OperationWaiter(operationId, isSatisfied, FiberResumed);
        if (!State.TryRegister(waiter))
        {
            return;
        }

        TimedWaiter? timed = null;
        if (dueAt is { } due)
        {
            timed = new TimedWaiter(waiter, due);
            lock (_pollGate)
            {
                _timedWaiters.Add(timed);
            }
        }

        FiberBlocked();
        SchedulePoll();
        try
        {
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
        finally
        {
            if (timed is not null)
            {
                lock (_pollGate)
                {
                    _timedWaiters.Remove(timed);
                    _pollsWithoutProgress = 0;
                }
            }
        }
    }

    /// <summary>A new fiber of workflow code starts (a parallel branch, a map item).</summary>
    public void FiberStarted() => Interlocked.Increment(ref _runningFibers);

    /// <summary>A fiber of workflow code finished.</summary>
    public void FiberFinished() => FiberBlocked();

    /// <summary>The calling fiber waits for fibers it started; one of them wakes it through the gate.</summary>
    public FiberGate CreateGate() => new(this);

    public void Dispose()
    {
        lock (_pollGate)
        {
            _pollTimer?.Dispose();
            _pollTimer = null;
        }

        _shutdown.Dispose();
    }

    internal void FiberResumed()
    {
        Interlocked.Increment(ref _runningFibers);
        SchedulePoll();
    }

    internal void FiberBlockedOnGate() => FiberBlocked();

    /// <summary>Arms the poll timer for the earliest due waiter while some fiber still runs.</summary>
    private void SchedulePoll()
    {
        lock (_pollGate)
        {
            if (_polling || _timedWaiters.Count == 0 || Volatile.Read(ref _runningFibers) == 0 || _termination.Task.IsCompleted)
            {
                return;
            }

            var now = Time.GetUtcNow();
            var earliest = _timedWaiters.Min(w => w.Due);
            var backoff = TimeSpan.FromSeconds(Math.Min(MaxPollInterval.TotalSeconds, Math.Pow(2, _pollsWithoutProgress)));
            var delay = earliest > now ? earliest - now : (_pollsWithoutProgress == 0 ? TimeSpan.Zero : backoff);
            _pollTimer?.Dispose();
            _pollTimer = Time.CreateTimer(_ => _ = PollAsync(), null, delay, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task PollAsync()
    {
        lock (_pollGate)
        {
            if (_polling || _timedWaiters.Count == 0 || Volatile.Read(ref _runningFibers) == 0 || _termination.Task.IsCompleted)
            {
                return;
            }

            _polling = true;
            _pollsWithoutProgress++;
        }

        try
        {
            await Checkpoints.PollAsync().ConfigureAwait(false);
        }
        catch
        {
            // A failed poll already terminated the invocation through the batcher.
        }
        finally
        {
            lock (_pollGate)
            {
                _polling = false;
            }
        }

        SchedulePoll();
    }

    private sealed record TimedWaiter(OperationWaiter Waiter, DateTimeOffset Due);

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

/// <summary>
/// Lets a fiber wait for fibers it started (a parallel waiting on its branches). A finishing branch signals the gate
/// before it stops counting itself, so the count of running fibers never touches zero in between and the
/// invocation cannot suspend while the parent is about to continue.
/// </summary>
internal sealed class FiberGate(InvocationRuntime runtime)
{
    private readonly object _gate = new();
    private TaskCompletionSource? _waiting;
    private bool _signalled;

    /// <summary>Blocks the calling fiber until <see cref="Signal"/> (returns at once if it was signalled meanwhile).</summary>
    public Task WaitAsync()
    {
        lock (_gate)
        {
            if (_signalled)
            {
                _signalled = false;
                return Task.CompletedTask;
            }

            _waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            runtime.FiberBlockedOnGate();
            return _waiting.Task;
        }
    }

    /// <summary>Wakes the waiting fiber (counting it as running first), or remembers the signal.</summary>
    public void Signal()
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            wake = _waiting;
            _waiting = null;
            if (wake is null)
            {
                _signalled = true;
                return;
            }

            runtime.FiberResumed();
        }

        wake.TrySetResult();
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
