using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Durable.Client.Http;
using Durable.Protocol;

namespace Durable.Client.Tests;

/// <summary>Every operation's HTTP shape, as the service model lays it out.</summary>
public sealed partial class RequestShapeTests
{
    internal const string Arn = "arn:aws:lambda:us-west-2:123456789012:function:orders:7/durable-execution/order-42/9f1c";
    internal const string EncodedArn = "arn%3Aaws%3Alambda%3Aus-west-2%3A123456789012%3Afunction%3Aorders%3A7%2Fdurable-execution%2Forder-42%2F9f1c";
    internal static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    internal static LambdaDurableClient Client(FakeHandler handler, Action<LambdaDurableClientOptions>? configure = null)
    {
        var options = new LambdaDurableClientOptions
        {
            HttpMessageHandler = handler,
            Region = "us-west-2",
            TimeProvider = new TestTimeProvider(Now),
            CredentialsProvider = new StaticCredentialsProvider("AKIDTEST", "secret-key-test", "session-token-test"),
            GetEnvironmentVariable = Env.Of(),
            Retry = new LambdaRetryOptions { BaseDelay = TimeSpan.Zero },
        };
        configure?.Invoke(options);
        return new LambdaDurableClient(options);
    }

    private static void AssertSigned(CapturedRequest request, string signedHeaders)
    {
        Assert.Equal("20250601T120000Z", request.Header("X-Amz-Date"));
        Assert.Equal("session-token-test", request.Header("X-Amz-Security-Token"));
        Assert.Equal("lambda.us-west-2.amazonaws.com", request.Header("Host"));
        Assert.Matches(AuthorizationPattern(), request.Header("Authorization") ?? "");
        Assert.Contains($"SignedHeaders={signedHeaders},", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.StartsWith("durable-dotnet/", request.Header("User-Agent"), StringComparison.Ordinal);
    }

    [GeneratedRegex("^AWS4-HMAC-SHA256 Credential=AKIDTEST/20250601/us-west-2/lambda/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$")]
    private static partial Regex AuthorizationPattern();

    private static JsonElement Json(CapturedRequest request) => JsonDocument.Parse(request.Body).RootElement;

    [Fact]
    public async Task CheckpointDurableExecution_posts_token_updates_and_client_token_as_json()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, """
            {"CheckpointToken":"tok-2","NewExecutionState":{"Operations":[
              {"Id":"op-1","Type":"WAIT","Status":"STARTED","StartTimestamp":1748779200.5,
               "WaitDetails":{"ScheduledEndTimestamp":1748779260}}],"NextMarker":"m1"}}
            """);
        using var client = Client(handler);

        var response = await client.CheckpointDurableExecutionAsync(new CheckpointDurableExecutionRequest
        {
            DurableExecutionArn = Arn,
            CheckpointToken = "tok-1",
            ClientToken = "client-token-1",
            Updates =
            [
                new OperationUpdate
                {
                    Id = "op-1", Type = OperationType.Wait, Action = OperationAction.Start, SubType = "Wait",
                    WaitOptions = new WaitOptions { WaitSeconds = 60 },
                },
            ],
        });

        var request = handler.Single;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal($"/2025-12-01/durable-executions/{EncodedArn}/checkpoint", request.PathAndQuery);
        Assert.Equal("application/json", request.Header("Content-Type"));
        AssertSigned(request, "content-type;host;x-amz-date;x-amz-security-token");

        var body = Json(request);
        Assert.Equal(["CheckpointToken", "Updates", "ClientToken"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("tok-1", body.GetProperty("CheckpointToken").GetString());
        Assert.Equal("client-token-1", body.GetProperty("ClientToken").GetString());
        var update = body.GetProperty("Updates")[0];
        Assert.Equal("WAIT", update.GetProperty("Type").GetString());
        Assert.Equal("START", update.GetProperty("Action").GetString());
        Assert.Equal(60, update.GetProperty("WaitOptions").GetProperty("WaitSeconds").GetInt32());
        Assert.False(update.TryGetProperty("Payload", out _)); // Nulls are omitted.

        Assert.Equal("tok-2", response.CheckpointToken);
        Assert.Equal("m1", response.NewExecutionState.NextMarker);
        var operation = Assert.Single(response.NewExecutionState.Operations!);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1748779200500), operation.StartTimestamp);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1748779260), operation.WaitDetails!.ScheduledEndTimestamp);
    }

    [Fact]
    public async Task CheckpointDurableExecution_without_updates_or_client_token_sends_only_the_token()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, """{"NewExecutionState":{}}""");
        using var client = Client(handler);

        var response = await client.CheckpointDurableExecutionAsync(new CheckpointDurableExecutionRequest
        {
            DurableExecutionArn = Arn,
            CheckpointToken = "tok-1",
        });

        Assert.Equal("""{"CheckpointToken":"tok-1"}""", handler.Single.BodyText);
        Assert.Null(response.CheckpointToken); // The terminal checkpoint returns no token.
    }

    [Fact]
    public async Task GetDurableExecutionState_puts_token_marker_and_page_size_in_the_query()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, """
            {"Operations":[{"Id":"op-1","Type":"STEP","Status":"PENDING","StartTimestamp":1748779200,
              "StepDetails":{"Attempt":1,"NextAttemptTimestamp":1748779210.25}}],"NextMarker":"page-2"}
            """);
        using var client = Client(handler);

        var response = await client.GetDurableExecutionStateAsync(new GetDurableExecutionStateRequest
        {
            DurableExecutionArn = Arn,
            CheckpointToken = "a+b/c==",
            Marker = "page 1",
            MaxItems = 1000,
        });

        var request = handler.Single;
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal(
            $"/2025-12-01/durable-executions/{EncodedArn}/state?CheckpointToken=a%2Bb%2Fc%3D%3D&Marker=page%201&MaxItems=1000",
            request.PathAndQuery);
        Assert.Empty(request.Body);
        Assert.Null(request.Header("Content-Type"));
        AssertSigned(request, "host;x-amz-date;x-amz-security-token");
        Assert.Equal("page-2", response.NextMarker);
        Assert.Equal(
            DateTimeOffset.FromUnixTimeMilliseconds(1748779210250),
            Assert.Single(response.Operations).StepDetails!.NextAttemptTimestamp);
    }

    [Fact]
    public async Task GetDurableExecution_reads_the_execution_with_epoch_second_timestamps()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, $$$"""
            {"DurableExecutionArn":"{{{Arn}}}","DurableExecutionName":"order-42",
             "FunctionArn":"arn:aws:lambda:us-west-2:123456789012:function:orders:7","Status":"SUCCEEDED",
             "StartTimestamp":1748779200,"EndTimestamp":1748779500.125,"Result":"{\"ok\":true}","Version":"7",
             "TraceHeader":{"XAmznTraceId":"Root=1-abc"}}
            """);
        using var client = Client(handler);

        var response = await client.GetDurableExecutionAsync(new GetDurableExecutionRequest { DurableExecutionArn = Arn });

        var request = handler.Single;
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal($"/2025-12-01/durable-executions/{EncodedArn}", request.PathAndQuery);
        AssertSigned(request, "host;x-amz-date;x-amz-security-token");
        Assert.Equal(ExecutionStatus.Succeeded, response.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1748779200), response.StartTimestamp);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1748779500125), response.EndTimestamp);
        Assert.Equal("{\"ok\":true}", response.Result);
        Assert.Equal("Root=1-abc", response.TraceHeader?.XAmznTraceId);
    }

    [Fact]
    public async Task GetDurableExecutionHistory_sends_lower_case_booleans_in_the_query()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, """
            {"Events":[{"EventType":"ExecutionStarted","EventId":1,"Id":"exec","EventTimestamp":1748779200,
              "ExecutionStartedDetails":{"Input":{"Payload":"{}"},"ExecutionTimeout":900}}],"NextMarker":"n"}
            """);
        using var client = Client(handler);

        var response = await client.GetDurableExecutionHistoryAsync(new GetDurableExecutionHistoryRequest
        {
            DurableExecutionArn = Arn,
            IncludeExecutionData = true,
            MaxItems = 50,
            Marker = "m",
            ReverseOrder = false,
        });

        var request = handler.Single;
        Assert.Equal(
            $"/2025-12-01/durable-executions/{EncodedArn}/history?IncludeExecutionData=true&MaxItems=50&Marker=m&ReverseOrder=false",
            request.PathAndQuery);
        AssertSigned(request, "host;x-amz-date;x-amz-security-token");
        var evt = Assert.Single(response.Events);
        Assert.Equal(EventType.ExecutionStarted, evt.EventType);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1748779200), evt.EventTimestamp);
    }

    [Fact]
    public async Task GetDurableExecutionHistory_omits_unset_query_members()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, """{"Events":[]}""");
        using var client = Client(handler);

        await client.GetDurableExecutionHistoryAsync(new GetDurableExecutionHistoryRequest { DurableExecutionArn = Arn });

        Assert.Equal($"/2025-12-01/durable-executions/{EncodedArn}/history", handler.Single.PathAndQuery);
    }

    [Fact]
    public async Task ListDurableExecutionsByFunction_repeats_statuses_and_writes_iso8601_timestamps()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, $$"""
            {"DurableExecutions":[{"DurableExecutionArn":"{{Arn}}","DurableExecutionName":"order-42",
              "FunctionArn":"arn:aws:lambda:us-west-2:123456789012:function:orders","Status":"RUNNING",
              "StartTimestamp":1748779200}],"NextMarker":"next"}
            """);
        using var client = Client(handler);

        var response = await client.ListDurableExecutionsByFunctionAsync(new ListDurableExecutionsByFunctionRequest
        {
            FunctionName = "arn:aws:lambda:us-west-2:123456789012:function:orders",
            Qualifier = "$LATEST",
            Statuses = [ExecutionStatus.Running, ExecutionStatus.TimedOut],
            StartedAfter = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
            StartedBefore = new DateTimeOffset(2025, 1, 2, 5, 4, 5, 678, TimeSpan.FromHours(2)),
            ReverseOrder = true,
            Marker = "m",
            MaxItems = 10,
        });

        var request = handler.Single;
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal(
            "/2025-12-01/functions/arn%3Aaws%3Alambda%3Aus-west-2%3A123456789012%3Afunction%3Aorders/durable-executions"
            + "?Qualifier=%24LATEST&Statuses=RUNNING&Statuses=TIMED_OUT"
            + "&StartedAfter=2025-01-02T03%3A04%3A05Z&StartedBefore=2025-01-02T03%3A04%3A05.678Z"
            + "&ReverseOrder=true&Marker=m&MaxItems=10",
            request.PathAndQuery);
        AssertSigned(request, "host;x-amz-date;x-amz-security-token");
        var execution = Assert.Single(response.DurableExecutions);
        Assert.Equal(ExecutionStatus.Running, execution.Status);
        Assert.Equal("next", response.NextMarker);
    }

    [Fact]
    public async Task ListDurableExecutionsByFunction_accepts_a_response_without_executions()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, "{}");
        using var client = Client(handler);

        var response = await client.ListDurableExecutionsByFunctionAsync(new ListDurableExecutionsByFunctionRequest { FunctionName = "orders" });

        Assert.Equal("/2025-12-01/functions/orders/durable-executions", handler.Single.PathAndQuery);
        Assert.Empty(response.DurableExecutions);
    }

    [Fact]
    public async Task StopDurableExecution_sends_the_error_object_as_the_whole_body()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, """{"StopTimestamp":1748779300.5}""");
        using var client = Client(handler);

        var response = await client.StopDurableExecutionAsync(new StopDurableExecutionRequest
        {
            DurableExecutionArn = Arn,
            Error = new ErrorObject { ErrorType = "Cancelled", ErrorMessage = "by operator" },
        });

        var request = handler.Single;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal($"/2025-12-01/durable-executions/{EncodedArn}/stop", request.PathAndQuery);
        Assert.Equal("application/json", request.Header("Content-Type"));
        AssertSigned(request, "content-type;host;x-amz-date;x-amz-security-token");
        var body = Json(request);
        Assert.Equal("Cancelled", body.GetProperty("ErrorType").GetString());
        Assert.Equal("by operator", body.GetProperty("ErrorMessage").GetString());
        Assert.False(body.TryGetProperty("Error", out _));
        Assert.False(body.TryGetProperty("DurableExecutionArn", out _));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1748779300500), response.StopTimestamp);
    }

    [Fact]
    public async Task StopDurableExecution_without_an_error_sends_an_empty_object()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, """{"StopTimestamp":1748779300}""");
        using var client = Client(handler);

        await client.StopDurableExecutionAsync(new StopDurableExecutionRequest { DurableExecutionArn = Arn });

        Assert.Equal("{}", handler.Single.BodyText);
    }

    [Fact]
    public async Task SendDurableExecutionCallbackSuccess_sends_the_result_as_the_raw_body()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, "");
        using var client = Client(handler);
        var result = new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x31, 0x7D, 0x00, 0xFF }; // {"a":1} then two raw bytes

        await client.SendDurableExecutionCallbackSuccessAsync(new SendDurableExecutionCallbackSuccessRequest
        {
            CallbackId = "Q2FsbGJhY2s+/x==",
            Result = result,
        });

        var request = handler.Single;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/2025-12-01/durable-execution-callbacks/Q2FsbGJhY2s%2B%2Fx%3D%3D/succeed", request.PathAndQuery);
        Assert.Equal(result, request.Body);
        Assert.Null(request.Header("Content-Type"));
        AssertSigned(request, "host;x-amz-date;x-amz-security-token");
    }

    [Fact]
    public async Task SendDurableExecutionCallbackFailure_sends_the_error_object_as_the_whole_body()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, "");
        using var client = Client(handler);

        await client.SendDurableExecutionCallbackFailureAsync(new SendDurableExecutionCallbackFailureRequest
        {
            CallbackId = "cb-1",
            Error = new ErrorObject { ErrorType = "Rejected", ErrorMessage = "no", ErrorData = "{}", StackTrace = ["a", "b"] },
        });

        var request = handler.Single;
        Assert.Equal("/2025-12-01/durable-execution-callbacks/cb-1/fail", request.PathAndQuery);
        Assert.Equal("application/json", request.Header("Content-Type"));
        AssertSigned(request, "content-type;host;x-amz-date;x-amz-security-token");
        var body = Json(request);
        Assert.Equal("Rejected", body.GetProperty("ErrorType").GetString());
        Assert.Equal(2, body.GetProperty("StackTrace").GetArrayLength());
    }

    [Fact]
    public async Task SendDurableExecutionCallbackHeartbeat_posts_without_a_body()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, "");
        using var client = Client(handler);

        await client.SendDurableExecutionCallbackHeartbeatAsync(new SendDurableExecutionCallbackHeartbeatRequest { CallbackId = "cb-1" });

        var request = handler.Single;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/2025-12-01/durable-execution-callbacks/cb-1/heartbeat", request.PathAndQuery);
        Assert.Empty(request.Body);
        AssertSigned(request, "host;x-amz-date;x-amz-security-token");
    }

    [Fact]
    public async Task Invoke_sends_durable_headers_and_raw_payload_and_reads_the_execution_arn()
    {
        var handler = new FakeHandler((_, _) => Respond.Raw(
            HttpStatusCode.Accepted,
            [],
            ("X-Amz-Durable-Execution-Arn", Arn),
            ("X-Amz-Executed-Version", "7")));
        using var client = Client(handler);
        var payload = Encoding.UTF8.GetBytes("""{"orderId":42}""");

        var response = await client.InvokeAsync(new InvocationRequest
        {
            FunctionName = "orders",
            Qualifier = "live",
            InvocationType = InvocationType.Event,
            LogType = LogType.None,
            ClientContext = "e30=",
            DurableExecutionName = "order-42",
            TenantId = "tenant a/1",
            Payload = payload,
        });

        var request = handler.Single;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/2015-03-31/functions/orders/invocations?Qualifier=live", request.PathAndQuery);
        Assert.Equal("Event", request.Header("X-Amz-Invocation-Type"));
        Assert.Equal("None", request.Header("X-Amz-Log-Type"));
        Assert.Equal("e30=", request.Header("X-Amz-Client-Context"));
        Assert.Equal("order-42", request.Header("X-Amz-Durable-Execution-Name"));
        Assert.Equal("tenant a/1", request.Header("X-Amz-Tenant-Id"));
        Assert.Equal(payload, request.Body);
        AssertSigned(
            request,
            "host;x-amz-client-context;x-amz-date;x-amz-durable-execution-name;x-amz-invocation-type;x-amz-log-type;x-amz-security-token;x-amz-tenant-id");

        Assert.Equal(202, response.StatusCode);
        Assert.Equal(Arn, response.DurableExecutionArn);
        Assert.Equal("7", response.ExecutedVersion);
        Assert.Null(response.FunctionError);
    }

    [Fact]
    public async Task Invoke_returns_a_function_error_as_data()
    {
        var handler = new FakeHandler((_, _) => Respond.Raw(
            HttpStatusCode.OK,
            Encoding.UTF8.GetBytes("""{"errorType":"Boom"}"""),
            ("X-Amz-Function-Error", "Unhandled"),
            ("X-Amz-Log-Result", "bG9n")));
        using var client = Client(handler);

        var response = await client.InvokeAsync(new InvocationRequest
        {
            FunctionName = "arn:aws:lambda:us-west-2:123456789012:function:orders:live",
            InvocationType = InvocationType.RequestResponse,
            LogType = LogType.Tail,
        });

        Assert.Equal(
            "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-west-2%3A123456789012%3Afunction%3Aorders%3Alive/invocations",
            handler.Single.PathAndQuery);
        Assert.Empty(handler.Single.Body);
        Assert.Equal("Unhandled", response.FunctionError);
        Assert.Equal("bG9n", response.LogResult);
        Assert.Equal("""{"errorType":"Boom"}""", Encoding.UTF8.GetString(response.Payload!));
    }

    [Fact]
    public async Task Endpoint_with_a_base_path_prefixes_every_operation()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, """{"Operations":[]}""");
        using var client = Client(handler, o => o.Endpoint = new Uri("http://localhost:9014/emulator/"));

        await client.GetDurableExecutionStateAsync(new GetDurableExecutionStateRequest { DurableExecutionArn = Arn, CheckpointToken = "t" });

        var request = handler.Single;
        Assert.Equal(new Uri($"http://localhost:9014/emulator/2025-12-01/durable-executions/{EncodedArn}/state?CheckpointToken=t"), request.Uri);
        Assert.Equal("localhost:9014", request.Header("Host"));
    }

    [Fact]
    public async Task User_agent_carries_the_configured_suffix()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, "");
        using var client = Client(handler, o => o.UserAgentSuffix = "my-tool/1.2");

        await client.SendDurableExecutionCallbackHeartbeatAsync(new SendDurableExecutionCallbackHeartbeatRequest { CallbackId = "cb" });

        Assert.Matches(@"^durable-dotnet/\d+\.\d+\.\d+\S* my-tool/1\.2$", handler.Single.Header("User-Agent"));
        Assert.Equal(handler.Single.Header("User-Agent"), client.UserAgent);
    }

    [Fact]
    public async Task Content_sha256_header_is_sent_when_configured()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, "");
        using var client = Client(handler, o => o.SendContentSha256Header = true);

        await client.SendDurableExecutionCallbackSuccessAsync(new SendDurableExecutionCallbackSuccessRequest
        {
            CallbackId = "cb",
            Result = "abc"u8.ToArray(),
        });

        Assert.Equal(SigV4Signer.HexSha256("abc"u8), handler.Single.Header("X-Amz-Content-Sha256"));
        Assert.Contains("x-amz-content-sha256", handler.Single.Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Required_uri_members_are_checked_before_sending()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, "");
        using var client = Client(handler);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            client.GetDurableExecutionAsync(new GetDurableExecutionRequest { DurableExecutionArn = "" }));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            client.InvokeAsync(new InvocationRequest { FunctionName = "f", DurableExecutionName = "a\r\nb" }));
        Assert.Equal(0, handler.Count);
    }

    [Fact]
    public void Body_timestamps_are_written_as_epoch_seconds()
    {
        var json = JsonSerializer.Serialize(
            new StopDurableExecutionResponse { StopTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(1748779300500) },
            ProtocolJson.ApiTypeInfo<StopDurableExecutionResponse>());

        Assert.Equal("""{"StopTimestamp":1748779300.5}""", json);
    }

    [Fact]
    public async Task Infinite_attempt_timeout_is_allowed()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, "");
        using var client = Client(handler, o => o.AttemptTimeout = Timeout.InfiniteTimeSpan);

        await client.SendDurableExecutionCallbackHeartbeatAsync(new SendDurableExecutionCallbackHeartbeatRequest { CallbackId = "cb" });

        Assert.Equal(1, handler.Count);
    }
}
