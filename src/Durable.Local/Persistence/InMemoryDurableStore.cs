namespace Durable.Local.Persistence;

/// <summary>
/// A store in this process's memory: survives an engine (a new engine over the same instance recovers its
/// executions), not the process. For tests of recovery and retention without a database.
/// </summary>
public sealed class InMemoryDurableStore : IDurableStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _executions = new(StringComparer.Ordinal);

    /// <summary>How many batches were committed.</summary>
    public int CommitCount { get; private set; }

    /// <summary>How many executions are stored.</summary>
    public int ExecutionCount
    {
        get
        {
            lock (_gate)
            {
                return _executions.Count;
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredExecutionRows> Load()
    {
        lock (_gate)
        {
            return _executions.Values
                .OrderBy(e => e.Execution.StartSequence)
                .Select(e => new StoredExecutionRows(
                    e.Execution,
                    e.Operations.Values.OrderBy(o => o.StartSequence).ToList(),
                    e.Events.OrderBy(v => v.EventId).ToList()))
                .ToList();
        }
    }

    /// <inheritdoc />
    public void Commit(DurableStoreBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            foreach (var execution in batch.Executions)
            {
                if (_executions.TryGetValue(execution.Arn, out var entry))
                {
                    entry.Execution = execution;
                }
                else
                {
                    _executions[execution.Arn] = new Entry { Execution = execution };
                }
            }

            foreach (var operation in batch.Operations)
            {
                _executions[operation.Arn].Operations[operation.Id] = operation;
            }

            foreach (var @event in batch.Events)
            {
                _executions[@event.Arn].Events.Add(@event);
            }

            foreach (var arn in batch.DeletedExecutions)
            {
                _executions.Remove(arn);
            }

            CommitCount++;
        }
    }

    private sealed class Entry
    {
        public required ExecutionRow Execution { get; set; }

        public Dictionary<string, OperationRow> Operations { get; } = new(StringComparer.Ordinal);

        public List<EventRow> Events { get; } = [];
    }
}
