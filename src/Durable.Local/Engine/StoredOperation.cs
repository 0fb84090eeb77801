using Durable.Protocol;

namespace Durable.Local.Engine;

/// <summary>
/// The engine's record of one operation. Mutated only under the engine lock; handlers only ever see fresh
/// <see cref="Operation"/> copies made by <see cref="ToOperation"/>.
/// </summary>
internal sealed class StoredOperation
{
    public required string Id { get; init; }

    public string? ParentId { get; init; }

    public string? Name { get; init; }

    public required OperationType Type { get; init; }

    public string? SubType { get; init; }

    /// <summary>Start order within the execution; state is returned in this order.</summary>
    public long StartSequence { get; init; }

    public DateTimeOffset StartTimestamp { get; set; }

    public DateTimeOffset? EndTimestamp { get; set; }

    public OperationStatus Status { get; set; }

    public string? InputPayload { get; set; }

    public string? Result { get; set; }

    public ErrorObject? Error { get; set; }

    /// <summary>Completed attempts of a STEP.</summary>
    public int Attempt { get; set; }

    public DateTimeOffset? NextAttemptTimestamp { get; set; }

    public int? WaitSeconds { get; set; }

    public DateTimeOffset? ScheduledEndTimestamp { get; set; }

    public bool? ReplayChildren { get; set; }

    public string? CallbackId { get; set; }

    public int? CallbackTimeoutSeconds { get; set; }

    public int? CallbackHeartbeatTimeoutSeconds { get; set; }

    public string? FunctionName { get; set; }

    public string? TenantId { get; set; }

    public string? InvokedExecutionArn { get; set; }

    /// <summary>Set while the operation changed since a handler last saw it (listed in the execution's change set).</summary>
    public bool HasUndeliveredChange { get; set; }

    /// <summary>When the heartbeat timeout of a started CALLBACK fires unless a heartbeat comes first.</summary>
    public DateTimeOffset? HeartbeatDue { get; set; }

    /// <summary>Changed since the engine last wrote it to its store.</summary>
    public bool IsUnsaved { get; set; }

    public bool IsTerminal => Status.IsTerminal();

    public Operation ToOperation() => new()
    {
        Id = Id,
        ParentId = ParentId,
        Name = Name,
        Type = Type,
        SubType = SubType,
        StartTimestamp = StartTimestamp,
        EndTimestamp = EndTimestamp,
        Status = Status,
        ExecutionDetails = Type == OperationType.Execution ? new ExecutionDetails { InputPayload = InputPayload } : null,
        ContextDetails = Type == OperationType.Context
            ? new ContextDetails { ReplayChildren = ReplayChildren, Result = Result, Error = Error?.Clone() }
            : null,
        StepDetails = Type == OperationType.Step
            ? new StepDetails { Attempt = Attempt, NextAttemptTimestamp = NextAttemptTimestamp, Result = Result, Error = Error?.Clone() }
            : null,
        WaitDetails = Type == OperationType.Wait ? new WaitDetails { ScheduledEndTimestamp = ScheduledEndTimestamp } : null,
        CallbackDetails = Type == OperationType.Callback
            ? new CallbackDetails { CallbackId = CallbackId, Result = Result, Error = Error?.Clone() }
            : null,
        ChainedInvokeDetails = Type == OperationType.ChainedInvoke
            ? new ChainedInvokeDetails { Result = Result, Error = Error?.Clone() }
            : null,
    };

    /// <summary>Rough serialized size, for paging envelopes by bytes.</summary>
    public int EstimateBytes() =>
        256 + (Id.Length * 2) + (Name?.Length ?? 0) + (InputPayload?.Length ?? 0) + (Result?.Length ?? 0)
        + (Error is null ? 0 : 64 + (Error.ErrorMessage?.Length ?? 0) + (Error.ErrorData?.Length ?? 0) + (Error.StackTrace?.Sum(s => s.Length) ?? 0));
}
