using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Durable.Hosting.Lambda;

/// <summary>One event handed out by the Runtime API.</summary>
internal sealed record LambdaInvocation(string RequestId, byte[] Payload, DateTimeOffset? Deadline, string? TraceId, string? FunctionArn);

/// <summary>An error as the Runtime API takes it: <c>{errorMessage, errorType, stackTrace}</c>.</summary>
internal sealed record LambdaError(string ErrorType, string ErrorMessage, IReadOnlyList<string> StackTrace)
{
    public static LambdaError From(Exception exception, string? errorType = null) => new(
        errorType ?? exception.GetType().FullName ?? "Runtime.Unknown",
        exception.Message,
        exception.StackTrace?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? []);

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("errorMessage", ErrorMessage);
            writer.WriteString("errorType", ErrorType);
            writer.WriteStartArray("stackTrace");
            foreach (var frame in StackTrace)
            {
                writer.WriteStringValue(frame);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}

/// <summary>The Runtime API cannot be reached, or answered in a way the runtime cannot continue from.</summary>
internal sealed class RuntimeApiException(string message, bool isFatal, HttpStatusCode? status = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when the Runtime API says the sandbox is broken (HTTP 500): the runtime must exit.</summary>
    public bool IsFatal { get; } = isFatal;

    public HttpStatusCode? Status { get; } = status;
}

/// <summary>
/// The client side of the Lambda Runtime API (<c>/2018-06-01/runtime/...</c>): long-poll for the next event, post
/// its response or error, report an init error. Status codes are mapped as the API documents them: 500 means the
/// sandbox is unusable; 413 on a response means it was too large.
/// </summary>
internal sealed class LambdaRuntimeApi : IDisposable
{
    private const string Version = "2018-06-01";
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly int _maxEventBytes;

    public LambdaRuntimeApi(string endpoint, int maxEventBytes, HttpMessageHandler? handler = null)
    {
        if (!Uri.TryCreate("http://" + endpoint.Trim().TrimEnd('/') + "/", UriKind.Absolute, out var parsed) || parsed.AbsolutePath != "/")
        {
            throw new ArgumentException($"AWS_LAMBDA_RUNTIME_API must be host:port, not '{endpoint}'.", nameof(endpoint));
        }

        _base = new Uri(parsed, $"{Version}/runtime/");
        _maxEventBytes = maxEventBytes;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);

        // /next is a long poll that lasts until an event arrives.
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    public async Task<LambdaInvocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "invocation/next", content: null, errorType: null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw Unexpected("invocation/next", response);
        }

        var requestId = Header(response, "Lambda-Runtime-Aws-Request-Id");
        if (string.IsNullOrWhiteSpace(requestId))
        {
            throw new RuntimeApiException("The Runtime API sent an event without a Lambda-Runtime-Aws-Request-Id header; it cannot be answered.", isFatal: false, response.StatusCode);
        }

        if (response.Content.Headers.ContentLength is > 0 and var declared && declared > _maxEventBytes)
        {
            throw new OversizeEventException(requestId, declared, _maxEventBytes);
        }

        var payload = await ReadLimitedAsync(response.Content, requestId, cancellationToken).ConfigureAwait(false);
        var deadline = long.TryParse(Header(response, "Lambda-Runtime-Deadline-Ms"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : (DateTimeOffset?)null;
        return new LambdaInvocation(requestId, payload, deadline, Header(response, "Lambda-Runtime-Trace-Id"), Header(response, "Lambda-Runtime-Invoked-Function-Arn"));
    }

    /// <summary>Posts the response; false when the Runtime API refused it as too large (413).</summary>
    public async Task<bool> RespondAsync(string requestId, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await SendAsync(HttpMethod.Post, $"invocation/{Uri.EscapeDataString(requestId)}/response", content, errorType: null, cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.Accepted or HttpStatusCode.OK => true,
            HttpStatusCode.RequestEntityTooLarge => false,
            _ => throw Unexpected("invocation response", response),
        };
    }

    public async Task ReportInvocationErrorAsync(string requestId, LambdaError error, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(error.ToJson());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await SendAsync(HttpMethod.Post, $"invocation/{Uri.EscapeDataString(requestId)}/error", content, error.ErrorType, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK))
        {
            throw Unexpected("invocation error", response);
        }
    }

    public async Task ReportInitErrorAsync(LambdaError error, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(error.ToJson());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await SendAsync(HttpMethod.Post, "init/error", content, error.ErrorType, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK))
        {
            throw Unexpected("init error", response);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, string? errorType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_base, path)) { Content = content };
        if (errorType is not null)
        {
            request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", errorType);
        }

        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new RuntimeApiException($"The Runtime API at {_base.Authority} cannot be reached ({ex.Message}).", isFatal: false, inner: ex);
        }
    }

    private async Task<byte[]> ReadLimitedAsync(HttpContent content, string requestId, CancellationToken cancellationToken)
    {
        // The declared length may be absent (chunked): count while reading so an oversize event never fills memory.
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _maxEventBytes)
            {
                throw new OversizeEventException(requestId, buffer.Length + read, _maxEventBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static RuntimeApiException Unexpected(string what, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        return new RuntimeApiException(
            $"The Runtime API answered {status} {response.ReasonPhrase} to the {what} request" +
            (status >= 500 ? "; the sandbox is unusable and the runtime exits." : "."),
            isFatal: status >= 500,
            response.StatusCode);
    }
}

/// <summary>An event larger than the runtime accepts; it is answered with an error, not read into memory.</summary>
internal sealed class OversizeEventException(string requestId, long size, int limit)
    : Exception($"The event of request {requestId} is {size.ToString(CultureInfo.InvariantCulture)} bytes or more; the limit is {limit.ToString(CultureInfo.InvariantCulture)} bytes.")
{
    public string RequestId { get; } = requestId;
}
