using Durable.Protocol;

namespace Durable.Instrumentation;

/// <summary>An operation as a hook sees it: identity, status and checkpointed outcome.</summary>
public sealed record DurableOperationInfo
{
    /// <summary>The operation ID (as recorded in the history).</summary>
    public required string Id { get; init; }

    /// <summary>The operation's name, if it has one.</summary>
    public string? Name { get; init; }

    /// <summary>The operation type.</summary>
    public required OperationType Type { get; init; }

    /// <summary>The subtype, e.g. <c>Step</c>, <c>Wait</c>, <c>Parallel</c>, <c>ParallelBranch</c>, <c>MapIteration</c>.</summary>
    public string? SubType { get; init; }

    /// <summary>The enclosing context operation's ID; null at the root.</summary>
    public string? ParentId { get; init; }

    /// <summary>The status as last checkpointed; null for a live start not yet acknowledged.</summary>
    public OperationStatus? Status { get; init; }

    /// <summary>When the service recorded the start; null before it is acknowledged.</summary>
    public DateTimeOffset? StartTimestamp { get; init; }

    /// <summary>When the operation reached a terminal status.</summary>
    public DateTimeOffset? EndTimestamp { get; init; }

    /// <summary>The checkpointed error of a failed operation (or of a step's last failed attempt).</summary>
    public ErrorObject? Error { get; init; }

    /// <summary>The checkpointed result payload (raw, as stored).</summary>
    public string? Result { get; init; }

    /// <summary>The attempt number of steps (1-based), when known.</summary>
    public int? Attempt { get; init; }

    /// <summary>True when the operation was recorded by an earlier invocation and is being replayed.</summary>
    public bool IsReplay { get; init; }

    /// <summary>Builds the view of a checkpointed operation.</summary>
    /// <param name="operation">The operation record.</param>
    /// <param name="isReplay">Whether it is observed while replaying.</param>
    /// <returns>The view.</returns>
    public static DurableOperationInfo From(Operation operation, bool isReplay)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return new DurableOperationInfo
        {
            Id = operation.Id,
            Name = operation.Name,
            Type = operation.Type,
            SubType = operation.SubType,
            ParentId = operation.ParentId,
            Status = operation.Status,
            StartTimestamp = operation.StartTimestamp == default ? null : operation.StartTimestamp,
            EndTimestamp = operation.EndTimestamp,
            Error = operation.StepDetails?.Error ?? operation.ContextDetails?.Error ?? operation.CallbackDetails?.Error ?? operation.ChainedInvokeDetails?.Error,
            Result = operation.StepDetails?.Result ?? operation.ContextDetails?.Result ?? operation.CallbackDetails?.Result ?? operation.ChainedInvokeDetails?.Result,
            Attempt = operation.StepDetails?.Attempt,
            IsReplay = isReplay,
        };
    }
}

/// <summary>What every invocation hook knows.</summary>
public abstract record InvocationInfo
{
    private readonly Lazy<IReadOnlyDictionary<string, DurableOperationInfo>> _operations;

    /// <summary>Creates the info; the operation map is built on first use.</summary>
    /// <param name="operations">Builds the full operation map.</param>
    protected InvocationInfo(Func<IReadOnlyDictionary<string, DurableOperationInfo>> operations) =>
        _operations = new Lazy<IReadOnlyDictionary<string, DurableOperationInfo>>(operations);

    /// <summary>The execution ARN.</summary>
    public required string DurableExecutionArn { get; init; }

    /// <summary>The Lambda request ID of this invocation, when the host knows it.</summary>
    public string? RequestId { get; init; }

    /// <summary>True when nothing but the execution itself was recorded before this invocation.</summary>
    public required bool IsFirstInvocation { get; init; }

    /// <summary>When the execution started.</summary>
    public DateTimeOffset? ExecutionStartTimestamp { get; init; }

    /// <summary>Every operation of the execution as this invocation knows it, by ID (built when first read).</summary>
    public IReadOnlyDictionary<string, DurableOperationInfo> Operations => _operations.Value;
}

/// <summary>An invocation that starts.</summary>
public sealed record InvocationStartInfo : InvocationInfo
{
    /// <summary>Creates the info.</summary>
    /// <param name="operations">Builds the full operation map.</param>
    /// <param name="updatedOperations">The operations the service changed since the last invocation.</param>
    public InvocationStartInfo(Func<IReadOnlyDictionary<string, DurableOperationInfo>> operations, IReadOnlyDictionary<string, DurableOperationInfo> updatedOperations)
        : base(operations) => UpdatedOperations = updatedOperations;

    /// <summary>The operations the service changed while the execution was suspended (timers, callbacks, retries).</summary>
    public IReadOnlyDictionary<string, DurableOperationInfo> UpdatedOperations { get; }
}

/// <summary>An invocation that ended.</summary>
public sealed record InvocationEndInfo : InvocationInfo
{
    /// <summary>Creates the info.</summary>
    /// <param name="operations">Builds the full operation map.</param>
    public InvocationEndInfo(Func<IReadOnlyDictionary<string, DurableOperationInfo>> operations)
        : base(operations)
    {
    }

    /// <summary>What the invocation reported: SUCCEEDED, FAILED or PENDING; null when it ended with an error
    /// (the service retries the invocation).</summary>
    public InvocationStatus? Status { get; init; }

    /// <summary>True when the execution ended (SUCCEEDED or FAILED).</summary>
    public bool IsTerminal => Status is InvocationStatus.Succeeded or InvocationStatus.Failed;

    /// <summary>The execution's error when it failed.</summary>
    public ErrorObject? ExecutionError { get; init; }

    /// <summary>The error that ended the invocation without a status (a transient service error, say).</summary>
    public Exception? InvocationError { get; init; }
}

/// <summary>How an attempt or a user function ended.</summary>
public enum HookOutcome
{
    /// <summary>It returned.</summary>
    Succeeded,

    /// <summary>It threw.</summary>
    Failed,
}

/// <summary>One attempt of a step or wait-for-condition check.</summary>
public sealed record AttemptInfo
{
    /// <summary>The operation the attempt belongs to.</summary>
    public required DurableOperationInfo Operation { get; init; }

    /// <summary>The attempt number, 1-based.</summary>
    public required int AttemptNumber { get; init; }

    /// <summary>How the attempt's function ended; null at the start.</summary>
    public HookOutcome? Outcome { get; init; }

    /// <summary>What the function threw, when it failed.</summary>
    public Exception? Error { get; init; }
}

/// <summary>The user function of a context operation (child context, parallel branch, map item).</summary>
public sealed record UserFunctionInfo
{
    /// <summary>The context operation.</summary>
    public required DurableOperationInfo Operation { get; init; }

    /// <summary>True when the function runs again so that its checkpointed child operations replay.</summary>
    public required bool IsReplayingChildren { get; init; }

    /// <summary>How the function ended; null at the start.</summary>
    public HookOutcome? Outcome { get; init; }

    /// <summary>What the function threw, when it failed.</summary>
    public Exception? Error { get; init; }
}

/// <summary>Operations the service reported as changed.</summary>
public sealed record OperationChangeInfo
{
    private readonly Lazy<IReadOnlyDictionary<string, DurableOperationInfo>> _operations;

    /// <summary>Creates the info.</summary>
    /// <param name="updatedOperations">The changed operations.</param>
    /// <param name="operations">Builds the full operation map.</param>
    public OperationChangeInfo(IReadOnlyDictionary<string, DurableOperationInfo> updatedOperations, Func<IReadOnlyDictionary<string, DurableOperationInfo>> operations)
    {
        UpdatedOperations = updatedOperations;
        _operations = new Lazy<IReadOnlyDictionary<string, DurableOperationInfo>>(operations);
    }

    /// <summary>The execution ARN.</summary>
    public required string DurableExecutionArn { get; init; }

    /// <summary>The changed operations, by ID, in their new state.</summary>
    public IReadOnlyDictionary<string, DurableOperationInfo> UpdatedOperations { get; }

    /// <summary>Every operation of the execution after the change, by ID (built when first read).</summary>
    public IReadOnlyDictionary<string, DurableOperationInfo> Operations => _operations.Value;
}
