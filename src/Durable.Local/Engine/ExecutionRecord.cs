using Durable.Local.Functions;
using Durable.Protocol;

namespace Durable.Local.Engine;

/// <summary>
/// Everything the engine knows about one execution: its operations in start order, its history, its invocation
/// in flight and its timers. Mutated only under the engine lock. Invariants: at most one invocation in flight;
/// events are numbered 1, 2, 3… in append order; a closed execution accepts no checkpoint and starts no
/// invocation.
/// </summary>
internal sealed class ExecutionRecord
{
    private readonly List<StoredOperation> _changed = [];
    private long _nextStartSequence;

    /// <summary>
    /// Set when the engine has a store: called the first time the record changes after its last save, so the engine
    /// can write it before the lock is released. Null (no tracking at all) for a memory-only engine.
    /// </summary>
    public Action<ExecutionRecord>? Enlist { get; set; }

    /// <summary>The record is enlisted for the next save.</summary>
    public bool IsUnsaved { get; set; }

    /// <summary>Operations changed since the last save (tracked only with a store).</summary>
    public List<StoredOperation> UnsavedOperations { get; } = [];

    /// <summary>Events up to this count are in the store.</summary>
    public int SavedEventCount { get; set; }

    /// <summary>When the re-invocation after a failed invocation is due (its timer is armed again after a restart).</summary>
    public DateTimeOffset? RetryDue { get; set; }

    /// <summary>The execution's <c>DurableConfig.ExecutionTimeout</c> in seconds, as recorded when it started.</summary>
    public int ExecutionTimeoutSeconds { get; init; }

    public required string Arn { get; init; }

    public required string Name { get; init; }

    /// <summary>The ARN's last segment, also the EXECUTION operation's ID.</summary>
    public required string ExecutionId { get; init; }

    public required RegisteredFunction Function { get; init; }

    public required string Version { get; init; }

    public required DateTimeOffset StartTimestamp { get; init; }

    /// <summary>Start order across all executions of the engine.</summary>
    public long StartOrder { get; init; }

    public string? InputPayload { get; init; }

    public ExecutionStatus Status { get; set; } = ExecutionStatus.Running;

    public string? Result { get; set; }

    public ErrorObject? Error { get; set; }

    public DateTimeOffset? EndTimestamp { get; set; }

    public List<StoredOperation> Operations { get; } = [];

    public Dictionary<string, StoredOperation> OperationsById { get; } = new(StringComparer.Ordinal);

    public List<Event> Events { get; } = [];

    public InvocationRecord? Invocation { get; set; }

    /// <summary>An invocation is queued on the scheduler but has not started.</summary>
    public bool InvocationQueued { get; set; }

    /// <summary>Something changed while an invocation was in flight: invoke again when it ends.</summary>
    public bool ReinvokeRequested { get; set; }

    public int ConsecutiveFailedInvocations { get; set; }

    public int InvocationCount { get; set; }

    /// <summary>A terminal EXECUTION update was accepted; the execution closes when the invocation ends.</summary>
    public (ExecutionStatus Status, string? Result, ErrorObject? Error)? PendingClose { get; set; }

    /// <summary>Armed timers by key (operation ID, or a fixed key for execution-level timers).</summary>
    public Dictionary<string, IDisposable> Timers { get; } = new(StringComparer.Ordinal);

    /// <summary>Only while recovering: the invocation that was in flight when the engine stopped.</summary>
    public (string RequestId, DateTimeOffset StartTimestamp)? RecoveredInFlight { get; set; }

    /// <summary>Only while recovering: an invocation was queued or asked for when the engine stopped.</summary>
    public bool RecoveredInvocationWanted { get; set; }

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The chained invoke that started this execution, if any (parent ARN, parent operation ID).</summary>
    public (string ExecutionArn, string OperationId)? InvokedBy { get; init; }

    public long TokenSequence { get; set; }

    public bool IsOpen => Status == ExecutionStatus.Running && PendingClose is null;

    public StoredOperation ExecutionOperation => Operations[0];

    public long NextStartSequence() => _nextStartSequence++;

    public void Add(StoredOperation operation)
    {
        Operations.Add(operation);
        OperationsById.Add(operation.Id, operation);
        MarkChanged(operation);
    }

    /// <summary>Adds an operation read back from the store, with its change flag as it was saved.</summary>
    public void Restore(StoredOperation operation)
    {
        Operations.Add(operation);
        OperationsById.Add(operation.Id, operation);
        _nextStartSequence = Math.Max(_nextStartSequence, operation.StartSequence + 1);
        if (operation.HasUndeliveredChange)
        {
            _changed.Add(operation);
        }
    }

    /// <summary>Records that a handler has not seen the operation's latest state.</summary>
    public void MarkChanged(StoredOperation operation)
    {
        if (!operation.HasUndeliveredChange)
        {
            operation.HasUndeliveredChange = true;
            _changed.Add(operation);
        }

        MarkUnsaved(operation);
    }

    /// <summary>Records that the operation changed since the last save (no effect without a store).</summary>
    public void MarkUnsaved(StoredOperation operation)
    {
        if (Enlist is null)
        {
            return;
        }

        if (!operation.IsUnsaved)
        {
            operation.IsUnsaved = true;
            UnsavedOperations.Add(operation);
        }

        MarkUnsaved();
    }

    /// <summary>Records that the execution's own fields changed since the last save (no effect without a store).</summary>
    public void MarkUnsaved()
    {
        if (Enlist is not null && !IsUnsaved)
        {
            IsUnsaved = true;
            Enlist(this);
        }
    }

    /// <summary>Takes the operations changed since the handler last saw them, in change order.</summary>
    public List<StoredOperation> TakeChanges()
    {
        var changes = new List<StoredOperation>(_changed);
        foreach (var operation in _changed)
        {
            operation.HasUndeliveredChange = false;
        }

        _changed.Clear();
        return changes;
    }

    public Event AppendEvent(EventType type, DateTimeOffset timestamp, StoredOperation? operation)
    {
        var @event = new Event
        {
            EventType = type,
            EventId = Events.Count + 1,
            EventTimestamp = timestamp,
            Id = operation?.Id,
            Name = operation?.Name,
            SubType = operation?.SubType,
            ParentId = operation?.ParentId,
        };
        Events.Add(@event);
        MarkUnsaved();
        return @event;
    }

    public void CancelTimer(string key)
    {
        if (Timers.Remove(key, out var timer))
        {
            timer.Dispose();
        }
    }

    public void CancelAllTimers()
    {
        foreach (var timer in Timers.Values)
        {
            timer.Dispose();
        }

        Timers.Clear();
    }

    /// <summary>
    /// Operations a handler may see: children of a completed CONTEXT are hidden (transitively) unless the context
    /// asked for its children to be replayed (protocol §5).
    /// </summary>
    public bool IsVisible(StoredOperation operation)
    {
        var parentId = operation.ParentId;
        while (parentId is not null && OperationsById.TryGetValue(parentId, out var parent))
        {
            if (parent.Type == OperationType.Context && parent.IsTerminal && parent.ReplayChildren != true)
            {
                return false;
            }

            parentId = parent.ParentId;
        }

        return true;
    }
}

/// <summary>The invocation in flight: its request ID, its current token and when it started.</summary>
internal sealed class InvocationRecord
{
    public required string RequestId { get; init; }

    public required DateTimeOffset StartTimestamp { get; init; }

    public required string Token { get; set; }

    public required long TokenSequence { get; set; }

    /// <summary>Tokens this invocation already used, with the response, for idempotent retries with a ClientToken.</summary>
    public Dictionary<(string Token, string ClientToken), CheckpointDurableExecutionResponse> Responses { get; } = [];

    public CancellationTokenSource Abort { get; } = new();
}
