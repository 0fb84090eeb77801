using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;

namespace Durable.Client.Http;

public sealed partial class LambdaDurableClient
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly IAwsCredentialsProvider _credentials;
    private readonly IDisposable? _ownedCredentials;
    private readonly SigV4Signer _signer;
    private readonly TimeProvider _timeProvider;
    private readonly LambdaRetryOptions _retry;
    private readonly TimeSpan _attemptTimeout;
    private readonly ILogger _logger;
    private readonly string _baseUrl;

    /// <summary>Which failures of an operation may be retried.</summary>
    [Flags]
    private enum RetryOn
    {
        None = 0,

        /// <summary>HTTP 429: the service refused the request before acting on it.</summary>
        Throttling = 1,

        /// <summary>HTTP 5xx: the outcome is unknown.</summary>
        ServerError = 2,

        /// <summary>No response (connection failure, reset, attempt timeout): the outcome is unknown.</summary>
        Transport = 4,

        AllTransient = Throttling | ServerError | Transport,
    }

    /// <summary>Sends one call with signing, per-attempt timeout and the call's retry rule.</summary>
    private async Task<LambdaResponse> SendAsync(LambdaRequest call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var credentials = await _credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);

            Exception failure;
            RetryOn kind;
            int? retryAfterSeconds = null;
            var started = _timeProvider.GetTimestamp();
            using (var message = BuildMessage(call))
            using (var timeout = new CancellationTokenSource(_attemptTimeout, _timeProvider))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                _signer.Sign(message, credentials, call.Body ?? []);
                try
                {
                    // The default completion option buffers the body, so a connection lost mid-body also lands in
                    // the no-response branch below rather than after a status was seen.
                    using var response = await _http.SendAsync(message, linked.Token).ConfigureAwait(false);
                    var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    var headers = HeadersOf(response);
                    headers.TryGetValue("x-amzn-RequestId", out var requestId);
                    LambdaClientLog.Answered(
                        _logger, call.Operation, call.Method.Method, call.Path, status,
                        (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds, attempt, requestId);

                    if (status is >= 200 and < 300)
                    {
                        return new LambdaResponse(status, body, headers);
                    }

                    var error = LambdaErrorParser.Parse(call.Operation, status, headers, body, _timeProvider.GetUtcNow());
                    failure = error;
                    retryAfterSeconds = error.RetryAfterSeconds;
                    kind = ServiceErrorClassifier.IsPermanent(error) ? RetryOn.None // e.g. the KMS errors Lambda sends as 502
                        : status == 429 ? RetryOn.Throttling
                        : status >= 500 ? RetryOn.ServerError
                        : RetryOn.None; // Other 4xx, a stale checkpoint token included: the caller decides.
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (OperationCanceledException ex)
                {
                    failure = new TimeoutException(
                        $"Lambda {call.Operation} got no response within {_attemptTimeout.TotalSeconds:0.###} s.", ex);
                    kind = RetryOn.Transport;
                    LambdaClientLog.NoResponse(_logger, call.Operation, call.Method.Method, call.Path, attempt, nameof(TimeoutException));
                }
                catch (HttpRequestException ex)
                {
                    failure = ex;
                    kind = RetryOn.Transport;
                    LambdaClientLog.NoResponse(_logger, call.Operation, call.Method.Method, call.Path, attempt, ex.GetType().Name);
                }
            }

            var delay = RetryDelay(call, kind, attempt, retryAfterSeconds, failure);
            if (delay is null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            LambdaClientLog.Retrying(
                _logger, call.Operation, Describe(failure), attempt, _retry.MaxRetries, (long)delay.Value.TotalMilliseconds);
            await Task.Delay(delay.Value, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The wait before the next attempt, or null when the failure is to be surfaced.</summary>
    private TimeSpan? RetryDelay(LambdaRequest call, RetryOn kind, int attempt, int? retryAfterSeconds, Exception failure)
    {
        if (kind == RetryOn.None)
        {
            return null; // Not a transient failure: never the client's to retry.
        }

        if ((call.RetryOn & kind) == 0)
        {
            LambdaClientLog.NotRetried(_logger, call.Operation, Describe(failure), "the operation is not safe to resend after this failure");
            return null;
        }

        if (attempt > _retry.MaxRetries)
        {
            return null;
        }

        var delay = _retry.GetBackoff(attempt - 1, (_retry.Jitter ?? Random.Shared.NextDouble)());
        if (retryAfterSeconds is { } seconds)
        {
            var asked = TimeSpan.FromSeconds(seconds);
            if (asked > _retry.MaxRetryAfter)
            {
                LambdaClientLog.NotRetried(_logger, call.Operation, Describe(failure), "the service asked to wait longer than MaxRetryAfter");
                return null;
            }

            delay = asked > delay ? asked : delay;
        }

        return delay;
    }

    private HttpRequestMessage BuildMessage(LambdaRequest call)
    {
        var message = new HttpRequestMessage(call.Method, new Uri(_baseUrl + call.PathAndQuery(), UriKind.Absolute));
        message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        foreach (var (name, value) in call.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (call.Body is not null)
        {
            message.Content = new ByteArrayContent(call.Body);
            if (call.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", call.ContentType);
            }
        }

        return message;
    }

    private static Dictionary<string, string> HeadersOf(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.NonValidated)
        {
            headers[name] = string.Join(',', values);
        }

        foreach (var (name, values) in response.Content.Headers.NonValidated)
        {
            headers[name] = string.Join(',', values);
        }

        return headers;
    }

    // What a log line may say about a failure: the error code and status, or the exception type. Never the message,
    // which can echo request content.
    private static string Describe(Exception failure) => failure switch
    {
        DurableServiceException service => $"{service.ErrorCode} (HTTP {service.StatusCode})",
        _ => failure.GetType().Name,
    };

    /// <summary>A successful response, buffered.</summary>
    private sealed class LambdaResponse(int statusCode, byte[] body, Dictionary<string, string> headers)
    {
        public int StatusCode => statusCode;

        public byte[] Body => body;

        public string? Header(string name) => headers.TryGetValue(name, out var value) ? value : null;
    }
}

/// <summary>The client's log records (source-generated, no boxing when disabled).</summary>
internal static partial class LambdaClientLog
{
    [LoggerMessage(
        EventId = 1,
        Level = LogLevel.Debug,
        Message = "Lambda {Operation}: {Method} {Path} answered {StatusCode} in {ElapsedMs} ms (attempt {Attempt}, request id {RequestId})")]
    public static partial void Answered(
        ILogger logger, string operation, string method, string path, int statusCode, long elapsedMs, int attempt, string? requestId);

    [LoggerMessage(
        EventId = 2,
        Level = LogLevel.Debug,
        Message = "Lambda {Operation}: {Method} {Path} got no response (attempt {Attempt}): {Failure}")]
    public static partial void NoResponse(ILogger logger, string operation, string method, string path, int attempt, string failure);

    [LoggerMessage(
        EventId = 3,
        Level = LogLevel.Information,
        Message = "Lambda {Operation} failed with {Failure} on attempt {Attempt}; retrying (at most {MaxRetries} retries) in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string operation, string failure, int attempt, int maxRetries, long delayMs);

    [LoggerMessage(
        EventId = 4,
        Level = LogLevel.Debug,
        Message = "Lambda {Operation} failed with {Failure}; not retried: {Reason}")]
    public static partial void NotRetried(ILogger logger, string operation, string failure, string reason);
}
