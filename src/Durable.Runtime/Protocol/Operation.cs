namespace Durable.Protocol;

/// <summary>
/// One checkpointed operation as the service reports it (the <c>Operation</c> shape of the Lambda API), in the
/// invocation envelope, in checkpoint responses and in <c>GetDurableExecutionState</c>.
/// </summary>
public sealed class Operation
{
    /// <summary>The operation ID (1–64 characters of <c>[a-zA-Z0-9-_]</c>); derived from the operation's position.</summary>
    public required string Id { get; set; }

    /// <summary>The enclosing CONTEXT operation, or null at the root.</summary>
    public string? ParentId { get; set; }

    /// <summary>The user-visible name, if one was given.</summary>
    public string? Name { get; set; }

    /// <summary>The operation type.</summary>
    public required OperationType Type { get; set; }

    /// <summary>The finer classifier, for example <see cref="OperationSubTypes.Step"/>.</summary>
    public string? SubType { get; set; }

    /// <summary>When the operation started.</summary>
    public DateTimeOffset StartTimestamp { get; set; }

    /// <summary>When the operation reached a terminal status.</summary>
    public DateTimeOffset? EndTimestamp { get; set; }

    /// <summary>The current status.</summary>
    public required OperationStatus Status { get; set; }

    /// <summary>Details of the EXECUTION operation.</summary>
    public ExecutionDetails? ExecutionDetails { get; set; }

    /// <summary>Details of a CONTEXT operation.</summary>
    public ContextDetails? ContextDetails { get; set; }

    /// <summary>Details of a STEP operation.</summary>
    public StepDetails? StepDetails { get; set; }

    /// <summary>Details of a WAIT operation.</summary>
    public WaitDetails? WaitDetails { get; set; }

    /// <summary>Details of a CALLBACK operation.</summary>
    public CallbackDetails? CallbackDetails { get; set; }

    /// <summary>Details of a CHAINED_INVOKE operation.</summary>
    public ChainedInvokeDetails? ChainedInvokeDetails { get; set; }

    /// <summary>True for SUCCEEDED, FAILED, CANCELLED, TIMED_OUT and STOPPED.</summary>
    public bool IsTerminal => Status.IsTerminal();
}

/// <summary>Details of the EXECUTION operation.</summary>
public sealed class ExecutionDetails
{
    /// <summary>The execution's input payload, exactly as it was passed to <c>Invoke</c>.</summary>
    public string? InputPayload { get; set; }
}

/// <summary>Details of a CONTEXT operation.</summary>
public sealed class ContextDetails
{
    /// <summary>True when the result was too large to store: the children are kept and replayed to rebuild it.</summary>
    public bool? ReplayChildren { get; set; }

    /// <summary>The serialized result of a succeeded context.</summary>
    public string? Result { get; set; }

    /// <summary>The error of a failed context.</summary>
    public ErrorObject? Error { get; set; }
}

/// <summary>Details of a STEP operation.</summary>
public sealed class StepDetails
{
    /// <summary>The number of completed attempts; the running attempt is <c>Attempt + 1</c>.</summary>
    public int? Attempt { get; set; }

    /// <summary>When a scheduled retry becomes due.</summary>
    public DateTimeOffset? NextAttemptTimestamp { get; set; }

    /// <summary>The serialized result (or, for wait-for-condition, the latest state).</summary>
    public string? Result { get; set; }

    /// <summary>The error of the latest failed attempt.</summary>
    public ErrorObject? Error { get; set; }
}

/// <summary>Details of a WAIT operation.</summary>
public sealed class WaitDetails
{
    /// <summary>When the timer fires.</summary>
    public DateTimeOffset? ScheduledEndTimestamp { get; set; }
}

/// <summary>Details of a CALLBACK operation.</summary>
public sealed class CallbackDetails
{
    /// <summary>The service-allocated callback ID that external systems complete.</summary>
    public string? CallbackId { get; set; }

    /// <summary>The result body sent with the callback success, stored verbatim.</summary>
    public string? Result { get; set; }

    /// <summary>The error sent with the callback failure, or the timeout error.</summary>
    public ErrorObject? Error { get; set; }
}

/// <summary>Details of a CHAINED_INVOKE operation.</summary>
public sealed class ChainedInvokeDetails
{
    /// <summary>The serialized result of the invoked function.</summary>
    public string? Result { get; set; }

    /// <summary>The error of the invoked function.</summary>
    public ErrorObject? Error { get; set; }
}

/// <summary>
/// An error as the protocol carries it (the <c>ErrorObject</c> shape): on failed operations, in FAILED invocation
/// output and in history events.
/// </summary>
public sealed class ErrorObject
{
    /// <summary>The error type, by convention the exception's full type name.</summary>
    public string? ErrorType { get; set; }

    /// <summary>The human-readable message.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>Machine-readable data attached to the error.</summary>
    public string? ErrorData { get; set; }

    /// <summary>The stack trace, one frame per entry.</summary>
    public List<string>? StackTrace { get; set; }

    /// <summary>A deep copy (stores keep their own; handed-out objects can then change freely).</summary>
    public ErrorObject Clone() => new()
    {
        ErrorType = ErrorType,
        ErrorMessage = ErrorMessage,
        ErrorData = ErrorData,
        StackTrace = StackTrace is null ? null : [.. StackTrace],
    };
}

/// <summary>Helpers on protocol enums.</summary>
public static class OperationStatusExtensions
{
    /// <summary>True for the statuses every SDK treats as final: SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, STOPPED.</summary>
    public static bool IsTerminal(this OperationStatus status) =>
        status is OperationStatus.Succeeded or OperationStatus.Failed or OperationStatus.Cancelled
            or OperationStatus.TimedOut or OperationStatus.Stopped;
}
