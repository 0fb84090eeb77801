namespace Durable.Protocol;

/// <summary>How <c>Invoke</c> runs the function (the <c>X-Amz-Invocation-Type</c> header).</summary>
public enum InvocationType
{
    /// <summary><c>RequestResponse</c>: synchronous; the response carries the function's result.</summary>
    RequestResponse,

    /// <summary><c>Event</c>: asynchronous; the service queues the invocation and answers 202.</summary>
    Event,

    /// <summary><c>DryRun</c>: only checks parameters and permissions; answers 204.</summary>
    DryRun,
}

/// <summary>Whether a synchronous <c>Invoke</c> returns the tail of the log (the <c>X-Amz-Log-Type</c> header).</summary>
public enum LogType
{
    /// <summary><c>None</c>.</summary>
    None,

    /// <summary><c>Tail</c>: the last 4 KB of the log, base64, in <see cref="InvocationResponse.LogResult"/>.</summary>
    Tail,
}

/// <summary>
/// Request of <c>Invoke</c> (the model's <c>InvocationRequest</c>), with the durable-execution headers. On the wire
/// <see cref="FunctionName"/> goes in the URI path, <see cref="Qualifier"/> in the query string, the options in
/// headers and <see cref="Payload"/> is the raw body.
/// </summary>
public sealed class InvocationRequest
{
    /// <summary>The function name, partial ARN or ARN, optionally with <c>:qualifier</c> (URI path).</summary>
    public required string FunctionName { get; set; }

    /// <summary>The invocation type (<c>X-Amz-Invocation-Type</c>); the service's default is RequestResponse.</summary>
    public InvocationType? InvocationType { get; set; }

    /// <summary>Log tail on synchronous invocations (<c>X-Amz-Log-Type</c>).</summary>
    public LogType? LogType { get; set; }

    /// <summary>Base64 client context passed to the function (<c>X-Amz-Client-Context</c>).</summary>
    public string? ClientContext { get; set; }

    /// <summary>
    /// Names the durable execution this invocation starts (<c>X-Amz-Durable-Execution-Name</c>, 1–64 of
    /// <c>[a-zA-Z0-9-_]</c>); unique per function.
    /// </summary>
    public string? DurableExecutionName { get; set; }

    /// <summary>The input, sent as the raw body (JSON for durable functions).</summary>
    public byte[]? Payload { get; set; }

    /// <summary>A version or alias (query string).</summary>
    public string? Qualifier { get; set; }

    /// <summary>The tenant of a tenant-isolated function (<c>X-Amz-Tenant-Id</c>).</summary>
    public string? TenantId { get; set; }
}

/// <summary>Response of <c>Invoke</c> (the model's <c>InvocationResponse</c>), read from the status line, headers and body.</summary>
public sealed class InvocationResponse
{
    /// <summary>The HTTP status: 200 for RequestResponse, 202 for Event, 204 for DryRun.</summary>
    public int StatusCode { get; set; }

    /// <summary>Set when the function itself failed (<c>X-Amz-Function-Error</c>, e.g. <c>Unhandled</c>); the payload holds the error.</summary>
    public string? FunctionError { get; set; }

    /// <summary>The base64 log tail (<c>X-Amz-Log-Result</c>), when requested.</summary>
    public string? LogResult { get; set; }

    /// <summary>The raw response body: the function's result or error.</summary>
    public byte[]? Payload { get; set; }

    /// <summary>The version that ran (<c>X-Amz-Executed-Version</c>).</summary>
    public string? ExecutedVersion { get; set; }

    /// <summary>The ARN of the durable execution this invocation started (<c>X-Amz-Durable-Execution-Arn</c>).</summary>
    public string? DurableExecutionArn { get; set; }
}
