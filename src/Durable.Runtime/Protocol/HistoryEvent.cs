namespace Durable.Protocol;

/// <summary>
/// One entry of an execution's history (the <c>Event</c> shape of <c>GetDurableExecutionHistory</c>). Exactly one
/// <c>...Details</c> member is set, matching <see cref="EventType"/>; it is present even when it has no fields.
/// </summary>
public sealed class Event
{
    /// <summary>The event type.</summary>
    public required EventType EventType { get; set; }

    /// <summary>The operation's subtype, when the event belongs to an operation.</summary>
    public string? SubType { get; set; }

    /// <summary>Sequential number from 1 (<c>ExecutionStarted</c>) in append order.</summary>
    public int EventId { get; set; }

    /// <summary>The operation ID, when the event belongs to an operation.</summary>
    public string? Id { get; set; }

    /// <summary>The operation's name.</summary>
    public string? Name { get; set; }

    /// <summary>When the event occurred.</summary>
    public DateTimeOffset EventTimestamp { get; set; }

    /// <summary>The operation's parent context.</summary>
    public string? ParentId { get; set; }

#pragma warning disable CS1591 // One member per event type; each is documented by its type.
    public ExecutionStartedDetails? ExecutionStartedDetails { get; set; }
    public ResultDetails? ExecutionSucceededDetails { get; set; }
    public ErrorDetails? ExecutionFailedDetails { get; set; }
    public ErrorDetails? ExecutionTimedOutDetails { get; set; }
    public ErrorDetails? ExecutionStoppedDetails { get; set; }
    public EmptyDetails? ContextStartedDetails { get; set; }
    public ResultDetails? ContextSucceededDetails { get; set; }
    public ErrorDetails? ContextFailedDetails { get; set; }
    public WaitStartedDetails? WaitStartedDetails { get; set; }
    public WaitSucceededDetails? WaitSucceededDetails { get; set; }
    public ErrorDetails? WaitCancelledDetails { get; set; }
    public EmptyDetails? StepStartedDetails { get; set; }
    public StepResultDetails? StepSucceededDetails { get; set; }
    public StepErrorDetails? StepFailedDetails { get; set; }
    public ChainedInvokeStartedDetails? ChainedInvokeStartedDetails { get; set; }
    public ResultDetails? ChainedInvokeSucceededDetails { get; set; }
    public ErrorDetails? ChainedInvokeFailedDetails { get; set; }
    public ErrorDetails? ChainedInvokeTimedOutDetails { get; set; }
    public ErrorDetails? ChainedInvokeStoppedDetails { get; set; }
    public CallbackStartedDetails? CallbackStartedDetails { get; set; }
    public ResultDetails? CallbackSucceededDetails { get; set; }
    public ErrorDetails? CallbackFailedDetails { get; set; }
    public ErrorDetails? CallbackTimedOutDetails { get; set; }
    public InvocationCompletedDetails? InvocationCompletedDetails { get; set; }
#pragma warning restore CS1591
}

/// <summary>A details object with no fields (<c>StepStartedDetails</c>, <c>ContextStartedDetails</c>).</summary>
public sealed class EmptyDetails
{
    /// <summary>The shared instance.</summary>
    public static readonly EmptyDetails Instance = new();
}

/// <summary>A payload in an event (<c>EventInput</c> / <c>EventResult</c>).</summary>
public sealed class EventPayload
{
    /// <summary>The payload; omitted when history is read without execution data.</summary>
    public string? Payload { get; set; }

    /// <summary>True when the payload was cut to the size limit.</summary>
    public bool Truncated { get; set; }
}

/// <summary>An error in an event (<c>EventError</c>).</summary>
public sealed class EventError
{
    /// <summary>The error; omitted when history is read without execution data.</summary>
    public ErrorObject? Payload { get; set; }

    /// <summary>True when the error was cut to the size limit.</summary>
    public bool Truncated { get; set; }
}

/// <summary>Attempt bookkeeping of a step event (<c>RetryDetails</c>).</summary>
public sealed class RetryDetails
{
    /// <summary>The number of completed attempts, this one included.</summary>
    public int CurrentAttempt { get; set; }

    /// <summary>Seconds until the next attempt; absent on the final attempt.</summary>
    public int? NextAttemptDelaySeconds { get; set; }
}

/// <summary>Details of <c>ExecutionStarted</c>.</summary>
public sealed class ExecutionStartedDetails
{
    /// <summary>The execution input.</summary>
    public required EventPayload Input { get; set; }

    /// <summary>The execution timeout in seconds.</summary>
    public int ExecutionTimeout { get; set; }
}

/// <summary>Details carrying a result (<c>...SucceededDetails</c>).</summary>
public sealed class ResultDetails
{
    /// <summary>The result.</summary>
    public required EventPayload Result { get; set; }
}

/// <summary>Details carrying an error (<c>...FailedDetails</c>, <c>...TimedOutDetails</c>, <c>...StoppedDetails</c>).</summary>
public sealed class ErrorDetails
{
    /// <summary>The error.</summary>
    public required EventError Error { get; set; }
}

/// <summary>Details of <c>StepSucceeded</c>.</summary>
public sealed class StepResultDetails
{
    /// <summary>The step result (or the wait-for-condition state).</summary>
    public required EventPayload Result { get; set; }

    /// <summary>Attempt bookkeeping.</summary>
    public required RetryDetails RetryDetails { get; set; }
}

/// <summary>Details of <c>StepFailed</c>.</summary>
public sealed class StepErrorDetails
{
    /// <summary>The attempt's error.</summary>
    public required EventError Error { get; set; }

    /// <summary>Attempt bookkeeping.</summary>
    public required RetryDetails RetryDetails { get; set; }
}

/// <summary>Details of <c>WaitStarted</c>.</summary>
public sealed class WaitStartedDetails
{
    /// <summary>The wait in seconds.</summary>
    public int Duration { get; set; }

    /// <summary>When the timer fires.</summary>
    public DateTimeOffset ScheduledEndTimestamp { get; set; }
}

/// <summary>Details of <c>WaitSucceeded</c>.</summary>
public sealed class WaitSucceededDetails
{
    /// <summary>The wait in seconds.</summary>
    public int? Duration { get; set; }
}

/// <summary>Details of <c>CallbackStarted</c>.</summary>
public sealed class CallbackStartedDetails
{
    /// <summary>The allocated callback ID.</summary>
    public required string CallbackId { get; set; }

    /// <summary>The heartbeat timeout in seconds, when one is set.</summary>
    public int? HeartbeatTimeout { get; set; }

    /// <summary>The timeout in seconds, when one is set.</summary>
    public int? Timeout { get; set; }
}

/// <summary>Details of <c>ChainedInvokeStarted</c>.</summary>
public sealed class ChainedInvokeStartedDetails
{
    /// <summary>The invoked function's name or ARN.</summary>
    public required string FunctionName { get; set; }

    /// <summary>The tenant, when one was given.</summary>
    public string? TenantId { get; set; }

    /// <summary>The input sent to the function.</summary>
    public EventPayload? Input { get; set; }

    /// <summary>The version that ran.</summary>
    public string? ExecutedVersion { get; set; }

    /// <summary>The ARN of the target's own durable execution.</summary>
    public string? DurableExecutionArn { get; set; }
}

/// <summary>Details of <c>InvocationCompleted</c>.</summary>
public sealed class InvocationCompletedDetails
{
    /// <summary>When the invocation started.</summary>
    public DateTimeOffset StartTimestamp { get; set; }

    /// <summary>When the invocation ended.</summary>
    public DateTimeOffset EndTimestamp { get; set; }

    /// <summary>The Lambda request ID of the invocation.</summary>
    public required string RequestId { get; set; }

    /// <summary>The invocation's error, when it failed (crash, timeout, unhandled exception).</summary>
    public EventError? Error { get; set; }
}
