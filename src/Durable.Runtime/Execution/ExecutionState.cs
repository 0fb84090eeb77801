using System.Text.Json;
using Durable.Protocol;

namespace Durable.Execution;

/// <summary>
/// The operations of one execution as this invocation knows them: loaded from the envelope, then refreshed by
/// every checkpoint response. Operations that arrived as JSON stay undecoded in an <see cref="EnvelopeIndex"/> and
/// are decoded on each lookup rather than retained; decoded operations (object envelopes, further pages, merges)
/// shadow them. Fibers blocked on an operation register a waiter; a merge that changes the operation re-evaluates
/// it. Thread-safe (parallel branches and the checkpoint flusher both touch it).
/// </summary>
internal sealed class ExecutionState
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Operation> _decoded;
    private readonly EnvelopeIndex? _envelope;
    private readonly List<OperationWaiter> _waiters = [];

    /// <summary>State from decoded operations.</summary>
    public ExecutionState(string durableExecutionArn, IReadOnlyCollection<Operation> operations)
    {
        DurableExecutionArn = durableExecutionArn;
        _decoded = new Dictionary<string, Operation>(operations.Count, StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            _decoded[operation.Id] = operation;
        }

        ExecutionOperation = FindExecutionOperation();
    }

    /// <summary>State from a scanned envelope plus decoded operations of further pages.</summary>
    public ExecutionState(string durableExecutionArn, ScannedEnvelope envelope, IReadOnlyCollection<Operation> morePages)
    {
        DurableExecutionArn = durableExecutionArn;
        _envelope = envelope.Operations;
        _decoded = new Dictionary<string, Operation>(morePages.Count, StringComparer.Ordinal);
        foreach (var operation in morePages)
        {
            _decoded[operation.Id] = operation;
        }

        ExecutionOperation = FindExecutionOperation();
    }

    public string DurableExecutionArn { get; }

    public Operation ExecutionOperation { get; }

    /// <summary>The operation with this ID, or null.</summary>
    /// <exception cref="InvalidEnvelopeException">The envelope's record of it does not decode.</exception>
    public Operation? Get(string id)
    {
        lock (_gate)
        {
            return GetUnlocked(id);
        }
    }

    public bool Contains(string id)
    {
        lock (_gate)
        {
            return _decoded.ContainsKey(id) || (_envelope is not null && _envelope.Find(id) >= 0);
        }
    }

    /// <summary>Told about every merge, before waiters wake (the plugin hooks listen here).</summary>
    public Action<IReadOnlyList<Operation>>? Merged { get; set; }

    /// <summary>Whether anything besides the EXECUTION operation is recorded (without decoding the envelope).</summary>
    public bool HasOperationsBesidesExecution()
    {
        lock (_gate)
        {
            if (_decoded.Values.Any(operation => operation.Type != OperationType.Execution))
            {
                return true;
            }

            return _envelope is not null && _envelope.Slots().Any(slot => _envelope.TypeAt(slot) != OperationType.Execution);
        }
    }

    /// <summary>Every operation, decoded (for hooks that ask for the full map; not used on the replay path).</summary>
    /// <exception cref="InvalidEnvelopeException">A record of the envelope does not decode.</exception>
    public IReadOnlyList<Operation> Snapshot()
    {
        lock (_gate)
        {
            var all = new List<Operation>(_decoded.Values);
            if (_envelope is not null)
            {
                foreach (var slot in _envelope.Slots())
                {
                    var operation = _envelope.Decode(slot);
                    if (!_decoded.ContainsKey(operation.Id))
                    {
                        all.Add(operation);
                    }
                }
            }

            return all;
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
                _decoded[operation.Id] = operation;
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var waiter = _waiters[i];
                if (waiter.IsSatisfiedBy(GetUnlocked(waiter.OperationId)))
                {
                    _waiters.RemoveAt(i);
                    (ready ??= []).Add(waiter);
                }
            }
        }

        Merged?.Invoke(operations);
        if (ready is not null)
        {
            foreach (var waiter in ready)
            {
                waiter.Wake();
            }
        }
    }

    /// <summary>Registers <paramref name="waiter"/> unless its condition already holds; returns false in that case.</summary>
    public bool TryRegister(OperationWaiter waiter)
    {
        lock (_gate)
        {
            if (waiter.IsSatisfiedBy(GetUnlocked(waiter.OperationId)))
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

    private Operation? GetUnlocked(string id)
    {
        if (_decoded.TryGetValue(id, out var decoded))
        {
            return decoded;
        }

        return _envelope is not null && _envelope.Find(id) is >= 0 and var slot ? Decode(slot, id) : null;
    }

    private Operation Decode(int slot, string id)
    {
        try
        {
            return _envelope!.Decode(slot, id);
        }
        catch (JsonException ex)
        {
            throw new InvalidEnvelopeException($"Operation {id} of the envelope does not decode: {ex.Message}", ex);
        }
    }


    private Operation FindExecutionOperation()
    {
        // The service gives the EXECUTION operation the last '/'-segment of the ARN as its ID (protocol §2.2).
        var arn = DurableExecutionArn;
        var suffix = arn[(arn.LastIndexOf('/') + 1)..];
        if (GetUnlocked(suffix) is { Type: OperationType.Execution } byId)
        {
            return byId;
        }

        foreach (var operation in _decoded.Values)
        {
            if (operation.Type == OperationType.Execution)
            {
                return operation;
            }
        }

        if (_envelope is not null)
        {
            foreach (var slot in _envelope.Slots())
            {
                if (_envelope.TypeAt(slot) == OperationType.Execution)
                {
                    try
                    {
                        return _envelope.Decode(slot);
                    }
                    catch (JsonException ex)
                    {
                        throw new InvalidEnvelopeException($"The envelope's EXECUTION operation does not decode: {ex.Message}", ex);
                    }
                }
            }
        }

        throw new InvalidEnvelopeException(
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
