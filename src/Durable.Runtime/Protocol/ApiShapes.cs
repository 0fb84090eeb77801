namespace Durable.Protocol;

/// <summary>Request of <c>CheckpointDurableExecution</c>.</summary>
public sealed class CheckpointDurableExecutionRequest
{
    /// <summary>The execution (sent in the URI path).</summary>
    public required string DurableExecutionArn { get; set; }

    /// <summary>The current checkpoint token; consumed by the call.</summary>
    public required string CheckpointToken { get; set; }

    /// <summary>The updates, applied atomically in order.</summary>
    public List<OperationUpdate>? Updates { get; set; }

    /// <summary>Optional idempotency token.</summary>
    public string? ClientToken { get; set; }
}

/// <summary>Response of <c>CheckpointDurableExecution</c>.</summary>
public sealed class CheckpointDurableExecutionResponse
{
    /// <summary>The token for the next call; absent when the call closed the execution.</summary>
    public string? CheckpointToken { get; set; }

    /// <summary>Operations changed since the handler last saw them, including those this call touched.</summary>
    public required CheckpointUpdatedExecutionState NewExecutionState { get; set; }
}

/// <summary>The delta of operations in a checkpoint response.</summary>
public sealed class CheckpointUpdatedExecutionState
{
    /// <summary>The changed operations.</summary>
    public List<Operation>? Operations { get; set; }

    /// <summary>When set, more changed operations can be read with <c>GetDurableExecutionState</c>.</summary>
    public string? NextMarker { get; set; }
}

/// <summary>Request of <c>GetDurableExecutionState</c>.</summary>
public sealed class GetDurableExecutionStateRequest
{
    /// <summary>The execution (URI path).</summary>
    public required string DurableExecutionArn { get; set; }

    /// <summary>The invocation's current checkpoint token (query).</summary>
    public required string CheckpointToken { get; set; }

    /// <summary>The page to read (query).</summary>
    public string? Marker { get; set; }

    /// <summary>Page size, 0–1000; 0 means the default of 100 (query).</summary>
    public int? MaxItems { get; set; }
}

/// <summary>Response of <c>GetDurableExecutionState</c>.</summary>
public sealed class GetDurableExecutionStateResponse
{
    /// <summary>The operations of this page, ordered by start.</summary>
    public required List<Operation> Operations { get; set; }

    /// <summary>The marker of the next page, if any.</summary>
    public string? NextMarker { get; set; }
}

/// <summary>Request of <c>GetDurableExecution</c>.</summary>
public sealed class GetDurableExecutionRequest
{
    /// <summary>The execution (URI path).</summary>
    public required string DurableExecutionArn { get; set; }
}

/// <summary>Response of <c>GetDurableExecution</c>.</summary>
public sealed class GetDurableExecutionResponse
{
    /// <summary>The execution ARN.</summary>
    public required string DurableExecutionArn { get; set; }

    /// <summary>The execution name.</summary>
    public required string DurableExecutionName { get; set; }

    /// <summary>The function that runs the execution.</summary>
    public required string FunctionArn { get; set; }

    /// <summary>The input payload.</summary>
    public string? InputPayload { get; set; }

    /// <summary>The result (SUCCEEDED only).</summary>
    public string? Result { get; set; }

    /// <summary>The error (FAILED, TIMED_OUT, STOPPED).</summary>
    public ErrorObject? Error { get; set; }

    /// <summary>When the execution started.</summary>
    public DateTimeOffset StartTimestamp { get; set; }

    /// <summary>The status.</summary>
    public required ExecutionStatus Status { get; set; }

    /// <summary>When the execution ended.</summary>
    public DateTimeOffset? EndTimestamp { get; set; }

    /// <summary>The function version every invocation of this execution uses.</summary>
    public string? Version { get; set; }

    /// <summary>The X-Ray trace header of the execution, if tracing is on.</summary>
    public TraceHeader? TraceHeader { get; set; }
}

/// <summary>The trace headers of a durable execution (the <c>TraceHeader</c> shape).</summary>
public sealed class TraceHeader
{
    /// <summary>The X-Ray trace header associated with the execution.</summary>
    public string? XAmznTraceId { get; set; }
}

/// <summary>Request of <c>GetDurableExecutionHistory</c>.</summary>
public sealed class GetDurableExecutionHistoryRequest
{
    /// <summary>The execution (URI path).</summary>
    public required string DurableExecutionArn { get; set; }

    /// <summary>Include payloads (inputs, results, errors) in the events.</summary>
    public bool? IncludeExecutionData { get; set; }

    /// <summary>Page size, 0–1000; 0 means the default.</summary>
    public int? MaxItems { get; set; }

    /// <summary>The page to read.</summary>
    public string? Marker { get; set; }

    /// <summary>Newest events first.</summary>
    public bool? ReverseOrder { get; set; }
}

/// <summary>Response of <c>GetDurableExecutionHistory</c>.</summary>
public sealed class GetDurableExecutionHistoryResponse
{
    /// <summary>The events of this page.</summary>
    public required List<Event> Events { get; set; }

    /// <summary>The marker of the next page, if any.</summary>
    public string? NextMarker { get; set; }
}

/// <summary>Request of <c>ListDurableExecutionsByFunction</c>.</summary>
public sealed class ListDurableExecutionsByFunctionRequest
{
    /// <summary>The function name or ARN (URI path).</summary>
    public required string FunctionName { get; set; }

    /// <summary>Only executions of this version or alias.</summary>
    public string? Qualifier { get; set; }

    /// <summary>Only executions with this name.</summary>
    public string? DurableExecutionName { get; set; }

    /// <summary>Only executions with one of these statuses.</summary>
    public List<ExecutionStatus>? Statuses { get; set; }

    /// <summary>Only executions started after this time.</summary>
    public DateTimeOffset? StartedAfter { get; set; }

    /// <summary>Only executions started before this time.</summary>
    public DateTimeOffset? StartedBefore { get; set; }

    /// <summary>Newest first.</summary>
    public bool? ReverseOrder { get; set; }

    /// <summary>The page to read.</summary>
    public string? Marker { get; set; }

    /// <summary>Page size, up to 1000.</summary>
    public int? MaxItems { get; set; }
}

/// <summary>Response of <c>ListDurableExecutionsByFunction</c>.</summary>
public sealed class ListDurableExecutionsByFunctionResponse
{
    /// <summary>The executions of this page (not required by the model: empty when the service omits it).</summary>
    public List<ExecutionSummary> DurableExecutions { get; set; } = [];

    /// <summary>The marker of the next page, if any.</summary>
    public string? NextMarker { get; set; }
}

/// <summary>One execution in a listing (the <c>Execution</c> shape).</summary>
public sealed class ExecutionSummary
{
    /// <summary>The execution ARN.</summary>
    public required string DurableExecutionArn { get; set; }

    /// <summary>The execution name.</summary>
    public required string DurableExecutionName { get; set; }

    /// <summary>The function ARN.</summary>
    public required string FunctionArn { get; set; }

    /// <summary>The status.</summary>
    public required ExecutionStatus Status { get; set; }

    /// <summary>When the execution started.</summary>
    public DateTimeOffset StartTimestamp { get; set; }

    /// <summary>When the execution ended.</summary>
    public DateTimeOffset? EndTimestamp { get; set; }
}

/// <summary>Request of <c>StopDurableExecution</c>.</summary>
public sealed class StopDurableExecutionRequest
{
    /// <summary>The execution (URI path).</summary>
    public required string DurableExecutionArn { get; set; }

    /// <summary>The error to record as the reason.</summary>
    public ErrorObject? Error { get; set; }
}

/// <summary>Response of <c>StopDurableExecution</c>.</summary>
public sealed class StopDurableExecutionResponse
{
    /// <summary>When the execution was stopped.</summary>
    public DateTimeOffset StopTimestamp { get; set; }
}
