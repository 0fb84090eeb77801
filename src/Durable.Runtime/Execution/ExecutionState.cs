using Durable.Protocol;

namespace Durable.Execution;

/// <summary>
/// The operations of one execution as this invocation knows them: loaded from the envelope, then refreshed by
/// every checkpoint response. Fibers blocked on an operation register a waiter; a merge that changes the operation
/// re-evaluates it. Thread-safe (parallel branches and the checkpoint flusher both touch it).
/// </summary>
internal sealed class ExecutionState
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Operation> _operations;
    private readonly List<OperationWaiter> _waiters = [];

    public ExecutionState(string durableExecutionArn, IReadOnlyCollection<Operation> operations)
    {
        DurableExecutionArn = durableExecutionArn;
        _operations = new Dictionary<string, Operation>(operations.Count, StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            _operations[operation.Id] = operation;
        }

        ExecutionOperation = FindExecutionOperation(durableExecutionArn, _operations.Values);
        foreach (var operation in _operations.Values)
        {
            if (operation.IsTerminal && operation.Type != OperationType.Execution)
            {
                HasCompletedOperations = true;
                break;
            }
        }
    }

    public string DurableExecutionArn { get; }

    public Operation ExecutionOperation { get; }

    /// <summary>True when an earlier invocation completed at least one operation (this invocation is a replay).</summary>
    public bool HasCompletedOperations { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _operations.Count;
            }
        }
    }

    public Operation? Get(string id)
    {
        lock (_gate)
        {
            return _operations.GetValueOrDefault(id);
        }
    }

    public bool Contains(string id)
    {
        lock (_gate)
        {
            return _operations.ContainsKey(id);
        }
    }

    /// <summary>Replaces operations by ID and wakes the waiters whose condition now holds.</summary>
    public void Merge(IReadOnlyList<Operation>? operations)
    {
        if (operations is null || operations.Count == 0)
        {
            return;
        }

        List<OperationWaiter>? ready = null;
        lock (_gate)
        {
            foreach (var operation in operations)
            {
                _operations[operation.Id] = operation;
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var waiter = _waiters[i];
                if (waiter.IsSatisfiedBy(_operations.GetValueOrDefault(waiter.OperationId)))
                {
                    _waiters.RemoveAt(i);
                    (ready ??= []).Add(waiter);
                }
            }
        }

        if (ready is not null)
        {
            foreach (var waiter in ready)
            {
                waiter.Wake();
            }
        }
    }

    /// <summary>
    /// Registers <paramref name="waiter"/> unless its condition already holds; returns false in that case.
    /// </summary>
    public bool TryRegister(OperationWaiter waiter)
    {
        lock (_gate)
        {
            if (waiter.IsSatisfiedBy(_operations.GetValueOrDefault(waiter.OperationId)))
            {
                return false;
            }

            _waiters.Add(waiter);
            return true;
        }
    }

    /// <summary>Removes a waiter (its wait was cancelled); returns false if it was already woken.</summary>
    public bool Unregister(OperationWaiter waiter)
    {
        lock (_gate)
        {
            return _waiters.Remove(waiter);
        }
    }

    private static Operation FindExecutionOperation(string arn, IEnumerable<Operation> operations)
    {
        // The service gives the EXECUTION operation the last '/'-segment of the ARN as its ID (protocol §2.2).
        var suffix = arn[(arn.LastIndexOf('/') + 1)..];
        Operation? firstExecution = null;
        foreach (var operation in operations)
        {
            if (operation.Type != OperationType.Execution)
            {
                continue;
            }

            if (operation.Id == suffix)
            {
                return operation;
            }

            firstExecution ??= operation;
        }

        return firstExecution ?? throw new InvalidEnvelopeException(
            $"The execution state has no EXECUTION operation (expected one with Id '{suffix}', the last segment of " +
            $"the execution ARN '{arn}'); the workflow input cannot be read.");
    }
}

/// <summary>A fiber blocked until an operation reaches a state; woken by <see cref="ExecutionState.Merge"/>.</summary>
internal sealed class OperationWaiter(string operationId, Func<Operation?, bool> isSatisfied, Action onWake)
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string OperationId { get; } = operationId;

    public Task Task => _completion.Task;

    public bool IsSatisfiedBy(Operation? operation) => isSatisfied(operation);

    public void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);

    public void Wake()
    {
        // Count the fiber as running again before its continuation is scheduled, so the suspension check never
        // sees a moment where a woken fiber is counted as blocked.
        onWake();
        _completion.TrySetResult();
    }
}
