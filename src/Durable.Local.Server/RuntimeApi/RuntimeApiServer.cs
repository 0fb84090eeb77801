using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Durable.Local.Server.RuntimeApi;

/// <summary>What the function did with one event: a response body, or an error it posted.</summary>
internal sealed record RuntimeOutcome(byte[]? Response, string? ErrorType, string? ErrorMessage, IReadOnlyList<string>? StackTrace)
{
    public bool Succeeded => Response is not null;
}

/// <summary>An init error the function posted before serving anything.</summary>
internal sealed record RuntimeInitError(string ErrorType, string ErrorMessage);

/// <summary>
/// The Lambda Runtime API (<c>/2018-06-01/runtime/...</c>) for one sandbox, on its own loopback port because the
/// API's address (<c>AWS_LAMBDA_RUNTIME_API</c>) is per sandbox. It hands out one event per <c>next</c> poll and
/// completes the event when the function posts its response or error; answers follow the documented status codes
/// (202 accepted, 400 unknown request or second answer, 413 response too large, 404 unknown path).
/// </summary>
internal sealed class RuntimeApiServer : IAsyncDisposable
{
    /// <summary>Lambda's limit for a synchronous response.</summary>
    public const int MaxResponseBytes = 6 * 1024 * 1024;

    private const string Prefix = "/2018-06-01/runtime/";
    private readonly WebApplication _app;
    private readonly Channel<PendingEvent> _events = Channel.CreateUnbounded<PendingEvent>(new UnboundedChannelOptions { SingleReader = false });
    private readonly ConcurrentDictionary<string, PendingEvent> _handedOut = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _firstPoll = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<RuntimeInitError> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RuntimeApiServer(WebApplication app)
    {
        _app = app;
        app.Run(HandleAsync);
    }

    /// <summary>The value of <c>AWS_LAMBDA_RUNTIME_API</c> for the sandbox: <c>127.0.0.1:port</c>.</summary>
    public string Endpoint { get; private set; } = string.Empty;

    /// <summary>Completes when the function first asks for an event (its initialization is over).</summary>
    public Task FirstPoll => _firstPoll.Task;

    /// <summary>Completes if the function reports an init error.</summary>
    public Task<RuntimeInitError> InitError => _initError.Task;

    public static async Task<RuntimeApiServer> StartAsync(CancellationToken cancellationToken)
    {
        // Bodies are counted while reading (413 above the limit), so Kestrel's own cap only needs to be above it.
        var server = new RuntimeApiServer(LoopbackKestrel.Create(IPAddress.Loopback, 0, MaxResponseBytes + (1024 * 1024)));
        await server._app.StartAsync(cancellationToken).ConfigureAwait(false);
        server.Endpoint = LoopbackKestrel.BoundAddress(server._app).Authority;
        return server;
    }

    /// <summary>Queues an event for the function's next poll; the task completes with the function's answer.</summary>
    public Task<RuntimeOutcome> Deliver(string requestId, byte[] payload, DateTimeOffset deadline, string functionArn, string traceId)
    {
        var pending = new PendingEvent(requestId, payload, deadline, functionArn, traceId);
        if (!_events.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The Runtime API is shut down.");
        }

        return pending.Outcome.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var method = context.Request.Method;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            await AnswerAsync(context, HttpStatusCode.NotFound, "NotFound", $"No Runtime API resource at {path}.").ConfigureAwait(false);
            return;
        }

        var resource = path[Prefix.Length..];
        if (resource == "invocation/next" && HttpMethods.IsGet(method))
        {
            await NextAsync(context).ConfigureAwait(false);
        }
        else if (resource == "init/error" && HttpMethods.IsPost(method))
        {
            var (type, message, _) = await ReadErrorAsync(context).ConfigureAwait(false);
            _initError.TrySetResult(new RuntimeInitError(type, message));
            await AnswerAsync(context, HttpStatusCode.Accepted).ConfigureAwait(false);
        }
        else if (resource.StartsWith("invocation/", StringComparison.Ordinal) && HttpMethods.IsPost(method) && SplitInvocation(resource) is var (requestId, kind))
        {
            await AnswerInvocationAsync(context, requestId, kind).ConfigureAwait(false);
        }
        else
        {
            await AnswerAsync(context, HttpStatusCode.NotFound, "NotFound", $"No Runtime API resource {method} {path}.").ConfigureAwait(false);
        }
    }

    private async Task NextAsync(HttpContext context)
    {
        _firstPoll.TrySetResult();
        PendingEvent pending;
        try
        {
            pending = await _events.Reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The function went away while polling; the event (if any) stays queued for whoever polls next.
            return;
        }
        catch (ChannelClosedException)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        _handedOut[pending.RequestId] = pending;
        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = pending.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = pending.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = pending.FunctionArn;
        headers["Lambda-Runtime-Trace-Id"] = pending.TraceId;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = pending.Payload.Length;
        await context.Response.Body.WriteAsync(pending.Payload, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task AnswerInvocationAsync(HttpContext context, string requestId, string kind)
    {
        if (!_handedOut.TryRemove(requestId, out var pending))
        {
            await AnswerAsync(context, HttpStatusCode.BadRequest, "InvalidRequestID", $"Request {requestId} is not an invocation in progress (unknown, or already answered).").ConfigureAwait(false);
            return;
        }

        if (kind == "response")
        {
            var body = await ReadLimitedAsync(context.Request.Body, MaxResponseBytes, context.RequestAborted).ConfigureAwait(false);
            if (body is null)
            {
                // Too large: the function may still report an error for this request.
                _handedOut[requestId] = pending;
                await AnswerAsync(context, HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge", $"The response exceeds the limit of {MaxResponseBytes} bytes.").ConfigureAwait(false);
                return;
            }

            pending.Outcome.TrySetResult(new RuntimeOutcome(body, null, null, null));
        }
        else
        {
            var (type, message, stackTrace) = await ReadErrorAsync(context).ConfigureAwait(false);
            pending.Outcome.TrySetResult(new RuntimeOutcome(null, type, message, stackTrace));
        }

        await AnswerAsync(context, HttpStatusCode.Accepted).ConfigureAwait(false);
    }

    /// <summary>The error of an error post: the body's fields, the header's type, or what Lambda reports for garbage.</summary>
    private static async Task<(string Type, string Message, IReadOnlyList<string>? StackTrace)> ReadErrorAsync(HttpContext context)
    {
        var headerType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault();
        var body = await ReadLimitedAsync(context.Request.Body, MaxResponseBytes, context.RequestAborted).ConfigureAwait(false) ?? [];
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var type = root.TryGetProperty("errorType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var message = root.TryGetProperty("errorMessage", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var trace = root.TryGetProperty("stackTrace", out var s) && s.ValueKind == JsonValueKind.Array
                ? s.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                : null;
            return (type ?? headerType ?? "Runtime.Unknown", message ?? string.Empty, trace);
        }
        catch (JsonException)
        {
            return (headerType ?? "Runtime.Unknown", System.Text.Encoding.UTF8.GetString(body), null);
        }
    }

    private static async Task<byte[]?> ReadLimitedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static (string RequestId, string Kind)? SplitInvocation(string resource)
    {
        // invocation/{id}/response | invocation/{id}/error
        var parts = resource.Split('/');
        return parts.Length == 3 && parts[2] is "response" or "error" && parts[1].Length > 0
            ? (Uri.UnescapeDataString(parts[1]), parts[2])
            : null;
    }

    private static async Task AnswerAsync(HttpContext context, HttpStatusCode status, string? errorType = null, string? message = null)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        var body = errorType is null
            ? "{\"status\":\"OK\"}"u8.ToArray()
            : JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["errorMessage"] = message ?? string.Empty, ["errorType"] = errorType });
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private sealed record PendingEvent(string RequestId, byte[] Payload, DateTimeOffset Deadline, string FunctionArn, string TraceId)
    {
        public TaskCompletionSource<RuntimeOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
