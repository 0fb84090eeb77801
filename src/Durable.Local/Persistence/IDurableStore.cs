namespace Durable.Local.Persistence;

/// <summary>
/// Where a <see cref="LocalDurableEngine"/> keeps executions so they survive a restart: each execution's own record,
/// its operations and its history events, as opaque JSON documents the engine writes and reads back. The engine
/// keeps the live state in memory and writes every change through this seam before it answers (a checkpoint is
/// acknowledged only once its batch is committed); on <see cref="LocalDurableEngine.Recover"/> it reads everything
/// back and resumes timers and pending invocations.
/// </summary>
/// <remarks>Calls come one at a time, under the engine's lock. An implementation must apply a batch atomically.</remarks>
public interface IDurableStore
{
    /// <summary>Reads every stored execution with its operations (in start order) and events (in event order).</summary>
    /// <returns>The executions, in the order they started.</returns>
    IReadOnlyList<StoredExecutionRows> Load();

    /// <summary>Applies a batch atomically: all of it is durable when this returns, or none of it.</summary>
    /// <param name="batch">Upserts of executions and operations, appended events and deleted executions.</param>
    void Commit(DurableStoreBatch batch);
}

/// <summary>An execution's record, keyed by its ARN.</summary>
/// <param name="Arn">The execution ARN.</param>
/// <param name="FunctionName">The function's name (for listing by function).</param>
/// <param name="StartSequence">Start order across all executions.</param>
/// <param name="Document">The engine's JSON for the execution.</param>
public sealed record ExecutionRow(string Arn, string FunctionName, long StartSequence, string Document);

/// <summary>An operation of an execution.</summary>
/// <param name="Arn">The execution ARN.</param>
/// <param name="Id">The operation ID.</param>
/// <param name="StartSequence">Start order within the execution.</param>
/// <param name="Document">The engine's JSON for the operation.</param>
public sealed record OperationRow(string Arn, string Id, long StartSequence, string Document);

/// <summary>A history event of an execution.</summary>
/// <param name="Arn">The execution ARN.</param>
/// <param name="EventId">The event's number (1, 2, 3…).</param>
/// <param name="Document">The event as rest-json.</param>
public sealed record EventRow(string Arn, int EventId, string Document);

/// <summary>One execution as stored: its record, operations and events.</summary>
/// <param name="Execution">The execution's record.</param>
/// <param name="Operations">Its operations in start order.</param>
/// <param name="Events">Its events in event order.</param>
public sealed record StoredExecutionRows(ExecutionRow Execution, IReadOnlyList<OperationRow> Operations, IReadOnlyList<EventRow> Events);

/// <summary>What one engine step changed, to be applied atomically.</summary>
public sealed class DurableStoreBatch
{
    /// <summary>Executions to insert or replace.</summary>
    public List<ExecutionRow> Executions { get; } = [];

    /// <summary>Operations to insert or replace.</summary>
    public List<OperationRow> Operations { get; } = [];

    /// <summary>Events to append (never rewritten).</summary>
    public List<EventRow> Events { get; } = [];

    /// <summary>Executions to delete with their operations and events (retention).</summary>
    public List<string> DeletedExecutions { get; } = [];

    /// <summary>True when the batch changes nothing.</summary>
    public bool IsEmpty => Executions.Count == 0 && Operations.Count == 0 && Events.Count == 0 && DeletedExecutions.Count == 0;
}
