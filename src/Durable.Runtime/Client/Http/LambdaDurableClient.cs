using System.Globalization;
using System.Text;
using System.Text.Json;
using Durable.Protocol;

namespace Durable.Client.Http;

/// <summary>
/// <see cref="IDurableExecutionClient"/> over the real Lambda REST API (rest-json, SigV4 service <c>lambda</c>), plus
/// the tooling operations: execution queries, stop, callback completion and <c>Invoke</c>. Requests follow the service
/// model exactly: URI members percent-encoded into the path (ARNs keep no raw <c>:</c> or <c>/</c>), query-string
/// members with lower-case booleans and ISO-8601 timestamps, JSON bodies with epoch-second timestamps, payload members
/// as the whole body.
/// </summary>
/// <remarks>
/// <para>
/// Errors: a response outside 2xx becomes a <see cref="DurableServiceException"/> carrying the service's error code,
/// message and status (classify it with <see cref="ServiceErrorClassifier"/>). A request that got no response
/// surfaces as the <see cref="HttpRequestException"/> or a <see cref="TimeoutException"/>; credential failures as
/// <see cref="AwsCredentialsException"/>.
/// </para>
/// <para>
/// Retries (<see cref="LambdaDurableClientOptions.Retry"/>): reads, stop, callback completions and heartbeats retry
/// HTTP 429, 5xx and failures without a response. <c>CheckpointDurableExecution</c> retries only a failure without a
/// response, and only when the request has a <c>ClientToken</c>. <c>Invoke</c> retries 429 always and 5xx or no
/// response only when it names the durable execution. Other 4xx (a stale checkpoint token included) and errors that
/// <see cref="ServiceErrorClassifier"/> calls permanent (the KMS errors sent as 502) are never retried here: the
/// caller decides.
/// </para>
/// </remarks>
public sealed partial class LambdaDurableClient : IDurableExecutionClient, IDisposable
{
    private const string DurableApi = "/2025-12-01";
    private const string FunctionsApi = "/2015-03-31";
    private const string JsonContentType = "application/json";

    private static readonly string SdkUserAgent = BuildSdkUserAgent();

    /// <summary>The error code of a 2xx response whose body cannot be read as the operation's output.</summary>
    public const string MalformedResponseCode = "MalformedResponse";

    /// <summary>Creates a client; see <see cref="LambdaDurableClientOptions"/> for the defaults.</summary>
    /// <param name="options">The settings; all defaults when null.</param>
    /// <exception cref="InvalidOperationException">No region is configured, or an endpoint variable is invalid.</exception>
    public LambdaDurableClient(LambdaDurableClientOptions? options = null)
    {
        options ??= new LambdaDurableClientOptions();
        options.Retry.Validate();
        if (options.AttemptTimeout <= TimeSpan.Zero && options.AttemptTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "AttemptTimeout must be positive or infinite.");
        }

        var env = options.GetEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        _timeProvider = options.TimeProvider ?? TimeProvider.System;
        Region = options.Region ?? AwsEnvironment.ResolveRegion(env)
            ?? throw new InvalidOperationException(
                "No AWS region: set AWS_REGION or AWS_DEFAULT_REGION, or LambdaDurableClientOptions.Region.");
        Endpoint = options.Endpoint ?? AwsEnvironment.ResolveLambdaEndpoint(Region, env);
        if (!Endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException("The endpoint must be an absolute URI.", nameof(options));
        }

        _baseUrl = Endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');

        if (options.HttpClient is { } http)
        {
            _http = http;
        }
        else
        {
            _http = options.HttpMessageHandler is { } handler
                ? new HttpClient(handler, disposeHandler: false)
                : new HttpClient();
            _http.Timeout = Timeout.InfiniteTimeSpan; // AttemptTimeout governs each attempt.
            _ownsHttp = true;
        }

        if (options.CredentialsProvider is { } credentials)
        {
            _credentials = credentials;
        }
        else
        {
            var chain = AwsCredentialsProviderChain.CreateDefault(
                options.HttpMessageHandler, options.GetEnvironmentVariable, _timeProvider);
            _credentials = chain;
            _ownedCredentials = chain;
        }

        _signer = new SigV4Signer(Region, "lambda", _timeProvider) { AddContentSha256Header = options.SendContentSha256Header };
        _retry = options.Retry;
        _attemptTimeout = options.AttemptTimeout;
        _logger = options.Logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        UserAgent = string.IsNullOrWhiteSpace(options.UserAgentSuffix)
            ? SdkUserAgent
            : $"{SdkUserAgent} {options.UserAgentSuffix.Trim()}";
        if (UserAgent.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("The user agent suffix must be a single line.", nameof(options));
        }
    }

    /// <summary>The signing region.</summary>
    public string Region { get; }

    /// <summary>The service endpoint requests go to.</summary>
    public Uri Endpoint { get; }

    /// <summary>The <c>User-Agent</c> sent: <c>durable-dotnet/&lt;version&gt;</c> and the configured suffix.</summary>
    public string UserAgent { get; }

    /// <inheritdoc />
    public async Task<CheckpointDurableExecutionResponse> CheckpointDurableExecutionAsync(
        CheckpointDurableExecutionRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.CheckpointToken, nameof(request));

        // Why this retry rule: a checkpoint is not idempotent by itself. Applying it consumes the presented
        // CheckpointToken, and the response carries what the runtime needs next: the new token and the operations the
        // call touched (a fresh CallbackId, a WAIT's end time). When the request went out but no response came back,
        // it may or may not have been applied. Without a ClientToken a resend cannot tell: if the first attempt was
        // applied, the resend meets "Invalid Checkpoint Token" and the real answer is lost behind a misleading error.
        // So the original transport failure is surfaced instead; the runtime treats it as transient and Lambda's
        // invocation retry replays from the service's authoritative state. With a ClientToken the service recognises
        // the resend (15-minute idempotency window) and answers it like the original, so only that case is retried.
        // A response the service did send - 429 and 5xx included, and a 5xx may have been applied - goes straight to
        // the caller: the runtime's classifier (protocol section 4.6) is the one place that decides between "fail the
        // execution" and "end this invocation and let Lambda retry it", rather than spending the billed,
        // deadline-bound invocation in client back-off.
        var retryOn = string.IsNullOrEmpty(request.ClientToken) ? RetryOn.None : RetryOn.Transport;

        var call = new LambdaRequest(
            "CheckpointDurableExecution", HttpMethod.Post, DurableExecutionPath(request.DurableExecutionArn, "/checkpoint"), retryOn)
        {
            Body = WriteJson(writer =>
            {
                writer.WriteString("CheckpointToken", request.CheckpointToken);
                if (request.Updates is not null)
                {
                    writer.WritePropertyName("Updates");
                    JsonSerializer.Serialize(writer, request.Updates, ProtocolJson.ApiTypeInfo<List<OperationUpdate>>());
                }

                if (request.ClientToken is not null)
                {
                    writer.WriteString("ClientToken", request.ClientToken);
                }
            }),
            ContentType = JsonContentType,
        };
        var response = await SendAsync(call, cancellationToken).ConfigureAwait(false);
        return ReadJson<CheckpointDurableExecutionResponse>(call, response);
    }

    /// <inheritdoc />
    public async Task<GetDurableExecutionStateResponse> GetDurableExecutionStateAsync(
        GetDurableExecutionStateRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.CheckpointToken, nameof(request));
        var call = new LambdaRequest(
            "GetDurableExecutionState", HttpMethod.Get, DurableExecutionPath(request.DurableExecutionArn, "/state"), RetryOn.AllTransient);
        call.AddQuery("CheckpointToken", request.CheckpointToken);
        call.AddQuery("Marker", request.Marker);
        call.AddQuery("MaxItems", request.MaxItems);
        var response = await SendAsync(call, cancellationToken).ConfigureAwait(false);
        return ReadJson<GetDurableExecutionStateResponse>(call, response);
    }

    /// <summary>Reads an execution's status, input, result or error (<c>GetDurableExecution</c>).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The execution.</returns>
    /// <exception cref="DurableServiceException">The service rejected the call (404 for an unknown execution).</exception>
    public async Task<GetDurableExecutionResponse> GetDurableExecutionAsync(
        GetDurableExecutionRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new LambdaRequest(
            "GetDurableExecution", HttpMethod.Get, DurableExecutionPath(request.DurableExecutionArn, string.Empty), RetryOn.AllTransient);
        var response = await SendAsync(call, cancellationToken).ConfigureAwait(false);
        return ReadJson<GetDurableExecutionResponse>(call, response);
    }

    /// <summary>Reads a page of an execution's history events (<c>GetDurableExecutionHistory</c>).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="DurableServiceException">The service rejected the call.</exception>
    public async Task<GetDurableExecutionHistoryResponse> GetDurableExecutionHistoryAsync(
        GetDurableExecutionHistoryRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new LambdaRequest(
            "GetDurableExecutionHistory", HttpMethod.Get, DurableExecutionPath(request.DurableExecutionArn, "/history"), RetryOn.AllTransient);
        call.AddQuery("IncludeExecutionData", request.IncludeExecutionData);
        call.AddQuery("MaxItems", request.MaxItems);
        call.AddQuery("Marker", request.Marker);
        call.AddQuery("ReverseOrder", request.ReverseOrder);
        var response = await SendAsync(call, cancellationToken).ConfigureAwait(false);
        return ReadJson<GetDurableExecutionHistoryResponse>(call, response);
    }

    /// <summary>Lists a function's executions (<c>ListDurableExecutionsByFunction</c>); eventually consistent.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="DurableServiceException">The service rejected the call.</exception>
    public async Task<ListDurableExecutionsByFunctionResponse> ListDurableExecutionsByFunctionAsync(
        ListDurableExecutionsByFunctionRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new LambdaRequest(
            "ListDurableExecutionsByFunction",
            HttpMethod.Get,
            $"{DurableApi}/functions/{Label(request.FunctionName, nameof(request.FunctionName))}/durable-executions",
            RetryOn.AllTransient);
        call.AddQuery("Qualifier", request.Qualifier);
        call.AddQuery("DurableExecutionName", request.DurableExecutionName);
        if (request.Statuses is not null)
        {
            foreach (var status in request.Statuses)
            {
                call.AddQuery("Statuses", WireNames.Of(status));
            }
        }

        call.AddQuery("StartedAfter", request.StartedAfter);
        call.AddQuery("StartedBefore", request.StartedBefore);
        call.AddQuery("ReverseOrder", request.ReverseOrder);
        call.AddQuery("Marker", request.Marker);
        call.AddQuery("MaxItems", request.MaxItems);
        var response = await SendAsync(call, cancellationToken).ConfigureAwait(false);
        return ReadJson<ListDurableExecutionsByFunctionResponse>(call, response);
    }

    /// <summary>
    /// Stops a running execution (<c>StopDurableExecution</c>); <see cref="StopDurableExecutionRequest.Error"/> is the
    /// whole JSON body (<c>{}</c> when null).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>When the execution stopped.</returns>
    /// <exception cref="DurableServiceException">The service rejected the call.</exception>
    public async Task<StopDurableExecutionResponse> StopDurableExecutionAsync(
        StopDurableExecutionRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new LambdaRequest(
            "StopDurableExecution", HttpMethod.Post, DurableExecutionPath(request.DurableExecutionArn, "/stop"), RetryOn.AllTransient)
        {
            Body = ErrorPayload(request.Error),
            ContentType = JsonContentType,
        };
        var response = await SendAsync(call, cancellationToken).ConfigureAwait(false);
        return ReadJson<StopDurableExecutionResponse>(call, response);
    }

    /// <summary>
    /// Completes a callback successfully (<c>SendDurableExecutionCallbackSuccess</c>); the result bytes are the raw
    /// request body.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The (empty) response.</returns>
    /// <exception cref="DurableServiceException">The service rejected the call (<c>CallbackTimeoutException</c> when closed).</exception>
    public async Task<SendDurableExecutionCallbackSuccessResponse> SendDurableExecutionCallbackSuccessAsync(
        SendDurableExecutionCallbackSuccessRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new LambdaRequest(
            "SendDurableExecutionCallbackSuccess", HttpMethod.Post, CallbackPath(request.CallbackId, "/succeed"), RetryOn.AllTransient)
        {
            Body = request.Result ?? [],
        };
        await SendAsync(call, cancellationToken).ConfigureAwait(false);
        return new SendDurableExecutionCallbackSuccessResponse();
    }

    /// <summary>
    /// Fails a callback (<c>SendDurableExecutionCallbackFailure</c>); the error object is the whole JSON body.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The (empty) response.</returns>
    /// <exception cref="DurableServiceException">The service rejected the call.</exception>
    public async Task<SendDurableExecutionCallbackFailureResponse> SendDurableExecutionCallbackFailureAsync(
        SendDurableExecutionCallbackFailureRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new LambdaRequest(
            "SendDurableExecutionCallbackFailure", HttpMethod.Post, CallbackPath(request.CallbackId, "/fail"), RetryOn.AllTransient)
        {
            Body = ErrorPayload(request.Error),
            ContentType = JsonContentType,
        };
        await SendAsync(call, cancellationToken).ConfigureAwait(false);
        return new SendDurableExecutionCallbackFailureResponse();
    }

    /// <summary>Keeps a callback alive (<c>SendDurableExecutionCallbackHeartbeat</c>); no body.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The (empty) response.</returns>
    /// <exception cref="DurableServiceException">The service rejected the call.</exception>
    public async Task<SendDurableExecutionCallbackHeartbeatResponse> SendDurableExecutionCallbackHeartbeatAsync(
        SendDurableExecutionCallbackHeartbeatRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new LambdaRequest(
            "SendDurableExecutionCallbackHeartbeat", HttpMethod.Post, CallbackPath(request.CallbackId, "/heartbeat"), RetryOn.AllTransient);
        await SendAsync(call, cancellationToken).ConfigureAwait(false);
        return new SendDurableExecutionCallbackHeartbeatResponse();
    }

    /// <summary>
    /// Invokes a function (<c>Invoke</c>), e.g. to start a durable execution named by
    /// <see cref="InvocationRequest.DurableExecutionName"/>; the response's
    /// <see cref="InvocationResponse.DurableExecutionArn"/> names the execution. A function error is not an exception:
    /// see <see cref="InvocationResponse.FunctionError"/>.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status, headers and raw payload.</returns>
    /// <exception cref="DurableServiceException">
    /// The service rejected the call (409 <c>DurableExecutionAlreadyStartedException</c> for a reused name).
    /// </exception>
    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Why: an invocation runs user code, so a resend after an ambiguous failure could run it twice. 429 proves it
        // did not run. A named durable execution is unique per function, so a resend cannot start a second one.
        var retryOn = string.IsNullOrEmpty(request.DurableExecutionName) ? RetryOn.Throttling : RetryOn.AllTransient;
        var call = new LambdaRequest(
            "Invoke",
            HttpMethod.Post,
            $"{FunctionsApi}/functions/{Label(request.FunctionName, nameof(request.FunctionName))}/invocations",
            retryOn)
        {
            Body = request.Payload ?? [],
        };
        call.AddQuery("Qualifier", request.Qualifier);
        call.AddHeader("X-Amz-Invocation-Type", request.InvocationType switch
        {
            null => null,
            InvocationType.RequestResponse => "RequestResponse",
            InvocationType.Event => "Event",
            InvocationType.DryRun => "DryRun",
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.InvocationType, "Unknown invocation type."),
        });
        call.AddHeader("X-Amz-Log-Type", request.LogType switch
        {
            null => null,
            LogType.None => "None",
            LogType.Tail => "Tail",
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.LogType, "Unknown log type."),
        });
        call.AddHeader("X-Amz-Client-Context", request.ClientContext);
        call.AddHeader("X-Amz-Durable-Execution-Name", request.DurableExecutionName);
        call.AddHeader("X-Amz-Tenant-Id", request.TenantId);

        var response = await SendAsync(call, cancellationToken).ConfigureAwait(false);
        return new InvocationResponse
        {
            StatusCode = response.StatusCode,
            FunctionError = response.Header("X-Amz-Function-Error"),
            LogResult = response.Header("X-Amz-Log-Result"),
            ExecutedVersion = response.Header("X-Amz-Executed-Version"),
            DurableExecutionArn = response.Header("X-Amz-Durable-Execution-Arn"),
            Payload = response.Body,
        };
    }

    /// <summary>Disposes what the client created: its HTTP client and default credentials chain.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }

        _ownedCredentials?.Dispose();
    }

    /// <summary>A URI label: the value percent-encoded whole (RFC 3986 unreserved kept), so <c>:</c> and <c>/</c> too.</summary>
    private static string Label(string? value, string member)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"{member} is required.", member);
        }

        return SigV4Signer.UriEncode(value);
    }

    private static string DurableExecutionPath(string? arn, string suffix) =>
        $"{DurableApi}/durable-executions/{Label(arn, "DurableExecutionArn")}{suffix}";

    private static string CallbackPath(string? callbackId, string suffix) =>
        $"{DurableApi}/durable-execution-callbacks/{Label(callbackId, "CallbackId")}{suffix}";

    // A structure payload member is the whole body; rest-json sends an empty object when it is absent.
    private static byte[] ErrorPayload(ErrorObject? error) =>
        error is null ? "{}"u8.ToArray() : ProtocolJson.SerializeToUtf8Bytes(error);

    private static byte[] WriteJson(Action<Utf8JsonWriter> writeMembers)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static T ReadJson<T>(LambdaRequest call, LambdaResponse response)
    {
        try
        {
            return JsonSerializer.Deserialize(response.Body, ProtocolJson.ApiTypeInfo<T>())
                ?? throw new JsonException("The body is JSON null.");
        }
        catch (JsonException ex)
        {
            throw new DurableServiceException(
                MalformedResponseCode,
                $"Lambda {call.Operation} answered HTTP {response.StatusCode.ToString(CultureInfo.InvariantCulture)} with a body that is not a valid {typeof(T).Name}: {ex.Message}",
                response.StatusCode,
                ex);
        }
    }

    private static string BuildSdkUserAgent()
    {
        var attribute = (System.Reflection.AssemblyInformationalVersionAttribute?)Attribute.GetCustomAttribute(
            typeof(LambdaDurableClient).Assembly, typeof(System.Reflection.AssemblyInformationalVersionAttribute));
        var version = attribute?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return "durable-dotnet/" + (plus >= 0 ? version[..plus] : version);
    }

    /// <summary>The parts of one REST call, before it becomes an HTTP request.</summary>
    private sealed class LambdaRequest(string operation, HttpMethod method, string path, RetryOn retryOn)
    {
        private readonly List<KeyValuePair<string, string>> _query = [];
        private readonly List<KeyValuePair<string, string>> _headers = [];

        public string Operation => operation;

        public HttpMethod Method => method;

        public string Path => path;

        public RetryOn RetryOn => retryOn;

        public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

        public byte[]? Body { get; init; }

        public string? ContentType { get; init; }

        public void AddQuery(string name, string? value)
        {
            if (value is not null)
            {
                _query.Add(new(name, value));
            }
        }

        public void AddQuery(string name, int? value) =>
            AddQuery(name, value?.ToString(CultureInfo.InvariantCulture));

        public void AddQuery(string name, bool? value) =>
            AddQuery(name, value is null ? null : value.Value ? "true" : "false");

        // rest-json: timestamps in the query string are ISO-8601 (UTC, fraction only when there is one).
        public void AddQuery(string name, DateTimeOffset? value) =>
            AddQuery(name, value?.UtcDateTime.ToString(
                value.Value.UtcDateTime.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'",
                CultureInfo.InvariantCulture));

        public void AddHeader(string name, string? value)
        {
            if (value is null)
            {
                return;
            }

            if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new ArgumentException($"The {name} header value must be a single line.", nameof(value));
            }

            _headers.Add(new(name, value));
        }

        public string PathAndQuery()
        {
            if (_query.Count == 0)
            {
                return path;
            }

            var builder = new StringBuilder(path).Append('?');
            for (var i = 0; i < _query.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append('&');
                }

                builder.Append(SigV4Signer.UriEncode(_query[i].Key)).Append('=').Append(SigV4Signer.UriEncode(_query[i].Value));
            }

            return builder.ToString();
        }
    }
}
