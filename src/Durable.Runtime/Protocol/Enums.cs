using System.Text.Json.Serialization;

namespace Durable.Protocol;

/// <summary>The kind of a checkpointed operation (<c>OperationType</c> in the Lambda API).</summary>
[JsonConverter(typeof(OperationTypeConverter))]
public enum OperationType
{
    /// <summary><c>EXECUTION</c>: the execution itself; holds the input payload.</summary>
    Execution,

    /// <summary><c>CONTEXT</c>: a child context, parallel, map, branch or wait-for-callback scope.</summary>
    Context,

    /// <summary><c>STEP</c>: a step, including wait-for-condition polls.</summary>
    Step,

    /// <summary><c>WAIT</c>: a durable timer.</summary>
    Wait,

    /// <summary><c>CALLBACK</c>: a callback completed from outside the execution.</summary>
    Callback,

    /// <summary><c>CHAINED_INVOKE</c>: an invocation of another function.</summary>
    ChainedInvoke,
}

/// <summary>The status of a checkpointed operation (<c>OperationStatus</c> in the Lambda API).</summary>
[JsonConverter(typeof(OperationStatusConverter))]
public enum OperationStatus
{
    /// <summary><c>STARTED</c>: running, or waiting for the service (timer, callback, invoke).</summary>
    Started,

    /// <summary><c>PENDING</c>: a step retry is scheduled for <see cref="StepDetails.NextAttemptTimestamp"/>.</summary>
    Pending,

    /// <summary><c>READY</c>: a scheduled step retry is due and may start.</summary>
    Ready,

    /// <summary><c>SUCCEEDED</c>: completed with a result.</summary>
    Succeeded,

    /// <summary><c>FAILED</c>: completed with an error.</summary>
    Failed,

    /// <summary><c>CANCELLED</c>: cancelled before completion.</summary>
    Cancelled,

    /// <summary><c>TIMED_OUT</c>: a callback or chained invoke exceeded its timeout.</summary>
    TimedOut,

    /// <summary><c>STOPPED</c>: stopped from outside.</summary>
    Stopped,
}

/// <summary>An action on an operation in a checkpoint (<c>OperationAction</c> in the Lambda API).</summary>
[JsonConverter(typeof(OperationActionConverter))]
public enum OperationAction
{
    /// <summary><c>START</c>.</summary>
    Start,

    /// <summary><c>SUCCEED</c>.</summary>
    Succeed,

    /// <summary><c>FAIL</c>.</summary>
    Fail,

    /// <summary><c>RETRY</c>: schedule another attempt of a step (with an error) or another poll (with a payload).</summary>
    Retry,

    /// <summary><c>CANCEL</c>.</summary>
    Cancel,
}

/// <summary>The status a handler reports at the end of an invocation.</summary>
[JsonConverter(typeof(InvocationStatusConverter))]
public enum InvocationStatus
{
    /// <summary><c>SUCCEEDED</c>: the workflow returned; the execution closes with its result.</summary>
    Succeeded,

    /// <summary><c>FAILED</c>: the workflow threw; the execution closes with the error.</summary>
    Failed,

    /// <summary><c>PENDING</c>: the workflow is suspended until an operation it waits on completes.</summary>
    Pending,
}

/// <summary>The status of a whole durable execution (<c>ExecutionStatus</c> in the Lambda API).</summary>
[JsonConverter(typeof(ExecutionStatusConverter))]
public enum ExecutionStatus
{
    /// <summary><c>RUNNING</c>.</summary>
    Running,

    /// <summary><c>SUCCEEDED</c>.</summary>
    Succeeded,

    /// <summary><c>FAILED</c>.</summary>
    Failed,

    /// <summary><c>TIMED_OUT</c>: the execution timeout elapsed.</summary>
    TimedOut,

    /// <summary><c>STOPPED</c>: stopped with <c>StopDurableExecution</c>.</summary>
    Stopped,
}

/// <summary>The type of a history event (<c>EventType</c> in the Lambda API).</summary>
[JsonConverter(typeof(EventTypeConverter))]
public enum EventType
{
    /// <summary><c>ExecutionStarted</c>.</summary>
    ExecutionStarted,

    /// <summary><c>ExecutionSucceeded</c>.</summary>
    ExecutionSucceeded,

    /// <summary><c>ExecutionFailed</c>.</summary>
    ExecutionFailed,

    /// <summary><c>ExecutionTimedOut</c>.</summary>
    ExecutionTimedOut,

    /// <summary><c>ExecutionStopped</c>.</summary>
    ExecutionStopped,

    /// <summary><c>ContextStarted</c>.</summary>
    ContextStarted,

    /// <summary><c>ContextSucceeded</c>.</summary>
    ContextSucceeded,

    /// <summary><c>ContextFailed</c>.</summary>
    ContextFailed,

    /// <summary><c>WaitStarted</c>.</summary>
    WaitStarted,

    /// <summary><c>WaitSucceeded</c>.</summary>
    WaitSucceeded,

    /// <summary><c>WaitCancelled</c>.</summary>
    WaitCancelled,

    /// <summary><c>StepStarted</c>.</summary>
    StepStarted,

    /// <summary><c>StepSucceeded</c>.</summary>
    StepSucceeded,

    /// <summary><c>StepFailed</c>.</summary>
    StepFailed,

    /// <summary><c>ChainedInvokeStarted</c>.</summary>
    ChainedInvokeStarted,

    /// <summary><c>ChainedInvokeSucceeded</c>.</summary>
    ChainedInvokeSucceeded,

    /// <summary><c>ChainedInvokeFailed</c>.</summary>
    ChainedInvokeFailed,

    /// <summary><c>ChainedInvokeTimedOut</c>.</summary>
    ChainedInvokeTimedOut,

    /// <summary><c>ChainedInvokeStopped</c>.</summary>
    ChainedInvokeStopped,

    /// <summary><c>CallbackStarted</c>.</summary>
    CallbackStarted,

    /// <summary><c>CallbackSucceeded</c>.</summary>
    CallbackSucceeded,

    /// <summary><c>CallbackFailed</c>.</summary>
    CallbackFailed,

    /// <summary><c>CallbackTimedOut</c>.</summary>
    CallbackTimedOut,

    /// <summary><c>InvocationCompleted</c>.</summary>
    InvocationCompleted,
}

internal sealed class OperationTypeConverter() : WireEnumConverter<OperationType>(
    "EXECUTION", "CONTEXT", "STEP", "WAIT", "CALLBACK", "CHAINED_INVOKE")
{
    public static readonly OperationTypeConverter Instance = new();
}

internal sealed class OperationStatusConverter() : WireEnumConverter<OperationStatus>(
    "STARTED", "PENDING", "READY", "SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "STOPPED")
{
    public static readonly OperationStatusConverter Instance = new();
}

internal sealed class OperationActionConverter() : WireEnumConverter<OperationAction>(
    "START", "SUCCEED", "FAIL", "RETRY", "CANCEL")
{
    public static readonly OperationActionConverter Instance = new();
}

internal sealed class InvocationStatusConverter() : WireEnumConverter<InvocationStatus>(
    "SUCCEEDED", "FAILED", "PENDING")
{
    public static readonly InvocationStatusConverter Instance = new();
}

internal sealed class ExecutionStatusConverter() : WireEnumConverter<ExecutionStatus>(
    "RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED")
{
    public static readonly ExecutionStatusConverter Instance = new();
}

internal sealed class EventTypeConverter() : WireEnumConverter<EventType>(
    "ExecutionStarted", "ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionStopped",
    "ContextStarted", "ContextSucceeded", "ContextFailed",
    "WaitStarted", "WaitSucceeded", "WaitCancelled",
    "StepStarted", "StepSucceeded", "StepFailed",
    "ChainedInvokeStarted", "ChainedInvokeSucceeded", "ChainedInvokeFailed", "ChainedInvokeTimedOut", "ChainedInvokeStopped",
    "CallbackStarted", "CallbackSucceeded", "CallbackFailed", "CallbackTimedOut",
    "InvocationCompleted")
{
    public static readonly EventTypeConverter Instance = new();
}

/// <summary>Wire names of the protocol enums, for logs, messages and tools.</summary>
public static class WireNames
{
    /// <summary>The wire name of an operation type, e.g. <c>CHAINED_INVOKE</c>.</summary>
    public static string Of(OperationType value) => OperationTypeConverter.Instance.GetWireName(value);

    /// <summary>The wire name of an operation status, e.g. <c>TIMED_OUT</c>.</summary>
    public static string Of(OperationStatus value) => OperationStatusConverter.Instance.GetWireName(value);

    /// <summary>The wire name of an operation action, e.g. <c>RETRY</c>.</summary>
    public static string Of(OperationAction value) => OperationActionConverter.Instance.GetWireName(value);

    /// <summary>The wire name of an invocation status, e.g. <c>PENDING</c>.</summary>
    public static string Of(InvocationStatus value) => InvocationStatusConverter.Instance.GetWireName(value);

    /// <summary>The wire name of an execution status, e.g. <c>RUNNING</c>.</summary>
    public static string Of(ExecutionStatus value) => ExecutionStatusConverter.Instance.GetWireName(value);

    /// <summary>The wire name of a history event type, e.g. <c>StepSucceeded</c>.</summary>
    public static string Of(EventType value) => EventTypeConverter.Instance.GetWireName(value);

    /// <summary>Parses an execution status wire name.</summary>
    public static bool TryParse(string? wireName, out ExecutionStatus value) =>
        ExecutionStatusConverter.Instance.TryParse(wireName, out value);

    /// <summary>Parses an operation status wire name.</summary>
    public static bool TryParse(string? wireName, out OperationStatus value) =>
        OperationStatusConverter.Instance.TryParse(wireName, out value);

    /// <summary>Parses an operation type wire name.</summary>
    public static bool TryParse(string? wireName, out OperationType value) =>
        OperationTypeConverter.Instance.TryParse(wireName, out value);
}

/// <summary>
/// The <c>SubType</c> strings the SDKs write. The service stores them as free text but compares them on every
/// later update of the same operation, and the conformance suite asserts them on history events.
/// </summary>
public static class OperationSubTypes
{
    /// <summary>A plain step.</summary>
    public const string Step = "Step";

    /// <summary>A durable wait.</summary>
    public const string Wait = "Wait";

    /// <summary>A callback.</summary>
    public const string Callback = "Callback";

    /// <summary>A chained invoke.</summary>
    public const string ChainedInvoke = "ChainedInvoke";

    /// <summary>A plain child context.</summary>
    public const string RunInChildContext = "RunInChildContext";

    /// <summary>The parent context of a map.</summary>
    public const string Map = "Map";

    /// <summary>One item of a map.</summary>
    public const string MapIteration = "MapIteration";

    /// <summary>The parent context of a parallel.</summary>
    public const string Parallel = "Parallel";

    /// <summary>One branch of a parallel.</summary>
    public const string ParallelBranch = "ParallelBranch";

    /// <summary>The composite context of a wait-for-callback.</summary>
    public const string WaitForCallback = "WaitForCallback";

    /// <summary>A wait-for-condition poll (a STEP).</summary>
    public const string WaitForCondition = "WaitForCondition";
}
