namespace Durable.Protocol;

/// <summary>
/// Request of <c>SendDurableExecutionCallbackSuccess</c>. On the wire <see cref="CallbackId"/> goes in the URI path
/// and <see cref="Result"/> is the raw HTTP body (a blob payload, at most 262,144 bytes), not JSON.
/// </summary>
public sealed class SendDurableExecutionCallbackSuccessRequest
{
    /// <summary>The callback ID from the CALLBACK operation's <c>CallbackDetails</c> (URI path).</summary>
    public required string CallbackId { get; set; }

    /// <summary>The result, sent as the raw request body; becomes the callback's <c>Result</c> string.</summary>
    public byte[]? Result { get; set; }
}

/// <summary>Response of <c>SendDurableExecutionCallbackSuccess</c> (empty).</summary>
public sealed class SendDurableExecutionCallbackSuccessResponse;

/// <summary>
/// Request of <c>SendDurableExecutionCallbackFailure</c>. On the wire <see cref="CallbackId"/> goes in the URI path
/// and <see cref="Error"/> is the whole JSON body (a structure payload).
/// </summary>
public sealed class SendDurableExecutionCallbackFailureRequest
{
    /// <summary>The callback ID (URI path).</summary>
    public required string CallbackId { get; set; }

    /// <summary>The error the callback fails with.</summary>
    public ErrorObject? Error { get; set; }
}

/// <summary>Response of <c>SendDurableExecutionCallbackFailure</c> (empty).</summary>
public sealed class SendDurableExecutionCallbackFailureResponse;

/// <summary>Request of <c>SendDurableExecutionCallbackHeartbeat</c>: keeps a callback with a heartbeat timeout alive.</summary>
public sealed class SendDurableExecutionCallbackHeartbeatRequest
{
    /// <summary>The callback ID (URI path).</summary>
    public required string CallbackId { get; set; }
}

/// <summary>Response of <c>SendDurableExecutionCallbackHeartbeat</c> (empty).</summary>
public sealed class SendDurableExecutionCallbackHeartbeatResponse;
