using System.Net;
using System.Text;
using Durable.Client.Http;
using Durable.Protocol;
using Microsoft.Extensions.Logging;

namespace Durable.Client.Tests;

/// <summary>Error mapping, classification and the per-operation retry rules.</summary>
public sealed class ErrorAndRetryTests
{
    private const string Arn = RequestShapeTests.Arn;

    private static CheckpointDurableExecutionRequest Checkpoint(string? clientToken = null) => new()
    {
        DurableExecutionArn = Arn,
        CheckpointToken = "tok-1",
        ClientToken = clientToken,
        Updates = [new OperationUpdate { Id = "op-1", Type = OperationType.Step, Action = OperationAction.Succeed, Payload = "\"SECRET-PAYLOAD\"" }],
    };

    private static GetDurableExecutionStateRequest State => new() { DurableExecutionArn = Arn, CheckpointToken = "tok-1" };

    private static (LambdaDurableClient Client, TestTimeProvider Time) Client(FakeHandler handler, Action<LambdaDurableClientOptions>? configure = null)
    {
        var time = new TestTimeProvider(RequestShapeTests.Now);
        var client = RequestShapeTests.Client(handler, o =>
        {
            o.TimeProvider = time;
            configure?.Invoke(o);
        });
        return (client, time);
    }

    [Fact]
    public async Task InvalidParameterValueException_from_the_header_is_permanent_and_not_retried()
    {
        var handler = FakeHandler.Always(
            HttpStatusCode.BadRequest,
            """{"Type":"User","message":"1 validation error detected: Value at 'maxItems' failed to satisfy constraint"}""",
            ("x-amzn-ErrorType", "InvalidParameterValueException:http://internal.amazon.com/coral/com.amazonaws.lambda/"),
            ("x-amzn-RequestId", "req-1"));
        var (client, _) = Client(handler);
        using var _1 = client;

        var error = await Assert.ThrowsAsync<DurableServiceException>(() => client.GetDurableExecutionStateAsync(State));

        Assert.Equal(ServiceErrorCodes.InvalidParameterValue, error.ErrorCode);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("1 validation error detected: Value at 'maxItems' failed to satisfy constraint", error.Message);
        Assert.True(ServiceErrorClassifier.IsPermanent(error));
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task Invalid_checkpoint_token_is_transient_for_the_classifier_but_left_to_the_caller()
    {
        var handler = FakeHandler.Always(
            HttpStatusCode.BadRequest,
            """{"Type":"InvalidParameterValueException","message":"Invalid Checkpoint Token: token was already used"}""");
        var (client, _) = Client(handler);
        using var _1 = client;

        var error = await Assert.ThrowsAsync<DurableServiceException>(() => client.CheckpointDurableExecutionAsync(Checkpoint("ct-1")));

        Assert.Equal(ServiceErrorCodes.InvalidParameterValue, error.ErrorCode);
        Assert.StartsWith(ServiceErrorCodes.InvalidCheckpointTokenPrefix, error.Message, StringComparison.Ordinal);
        Assert.False(ServiceErrorClassifier.IsPermanent(error));
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task ResourceNotFoundException_from_the_body_is_permanent_and_not_retried()
    {
        var handler = FakeHandler.Always(
            HttpStatusCode.NotFound,
            """{"Type":"ResourceNotFoundException","Message":"Durable execution not found"}""");
        var (client, _) = Client(handler);
        using var _1 = client;

        var error = await Assert.ThrowsAsync<DurableServiceException>(() =>
            client.GetDurableExecutionAsync(new GetDurableExecutionRequest { DurableExecutionArn = Arn }));

        Assert.Equal(ServiceErrorCodes.ResourceNotFound, error.ErrorCode);
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("Durable execution not found", error.Message);
        Assert.True(ServiceErrorClassifier.IsPermanent(error));
        Assert.Equal(1, handler.Count);
    }

    [Theory]
    [InlineData("""{"__type":"aws.lambda#CallbackTimeoutException","message":"m"}""", "CallbackTimeoutException")]
    [InlineData("""{"code":"CallbackTimeoutException:extra","Message":"m"}""", "CallbackTimeoutException")]
    [InlineData("""{"type":"CallbackTimeoutException","message":"m"}""", "CallbackTimeoutException")]
    public async Task Error_code_is_read_from_the_body_members(string body, string expectedCode)
    {
        var handler = FakeHandler.Always(HttpStatusCode.BadRequest, body);
        var (client, _) = Client(handler);
        using var _1 = client;

        var error = await Assert.ThrowsAsync<DurableServiceException>(() =>
            client.SendDurableExecutionCallbackHeartbeatAsync(new SendDurableExecutionCallbackHeartbeatRequest { CallbackId = "cb" }));

        Assert.Equal(expectedCode, error.ErrorCode);
        Assert.Equal("m", error.Message);
    }

    [Fact]
    public async Task Throttling_is_retried_after_the_services_retry_after()
    {
        var handler = FakeHandler.Sequence(
            () => Respond.Json(
                HttpStatusCode.TooManyRequests,
                """{"Type":"User","message":"Rate exceeded","Reason":"CallerRateLimitExceeded"}""",
                ("x-amzn-ErrorType", "TooManyRequestsException"),
                ("Retry-After", "2")),
            () => Respond.Json(HttpStatusCode.OK, """{"Operations":[]}"""));
        var (client, time) = Client(handler);
        using var _1 = client;

        var response = await client.GetDurableExecutionStateAsync(State);

        Assert.Empty(response.Operations);
        Assert.Equal(2, handler.Count);
        Assert.Contains(TimeSpan.FromSeconds(2), time.Delays);
    }

    [Fact]
    public async Task Throttling_surfaces_with_retry_after_once_retries_are_spent()
    {
        var handler = FakeHandler.Always(
            HttpStatusCode.TooManyRequests,
            """{"message":"Rate exceeded","retryAfterSeconds":"1"}""",
            ("x-amzn-ErrorType", "TooManyRequestsException"));
        var (client, _) = Client(handler);
        using var _1 = client;

        var error = await Assert.ThrowsAsync<DurableServiceException>(() => client.GetDurableExecutionStateAsync(State));

        Assert.Equal(ServiceErrorCodes.TooManyRequests, error.ErrorCode);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal(1, error.RetryAfterSeconds);
        Assert.False(ServiceErrorClassifier.IsPermanent(error));
        Assert.Equal(4, handler.Count); // 1 attempt + 3 retries.
    }

    [Fact]
    public async Task Retry_after_longer_than_the_limit_is_surfaced_at_once()
    {
        var handler = FakeHandler.Always(
            HttpStatusCode.TooManyRequests,
            """{"message":"Rate exceeded"}""",
            ("x-amzn-ErrorType", "TooManyRequestsException"),
            ("Retry-After", "60"));
        var (client, _) = Client(handler);
        using var _1 = client;

        var error = await Assert.ThrowsAsync<DurableServiceException>(() => client.GetDurableExecutionStateAsync(State));

        Assert.Equal(60, error.RetryAfterSeconds);
        Assert.Equal(1, handler.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "ServiceException")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException")]
    public async Task Server_errors_are_retried_then_surfaced(HttpStatusCode status, string code)
    {
        var handler = FakeHandler.Always(status, $$"""{"Type":"{{code}}","Message":"try later"}""");
        var (client, time) = Client(handler, o => o.Retry = new LambdaRetryOptions
        {
            MaxRetries = 3,
            BaseDelay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(1),
            Jitter = () => 0.5,
        });
        using var _1 = client;

        var error = await Assert.ThrowsAsync<DurableServiceException>(() =>
            client.GetDurableExecutionAsync(new GetDurableExecutionRequest { DurableExecutionArn = Arn }));

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal((int)status, error.StatusCode);
        Assert.Equal("try later", error.Message);
        Assert.False(ServiceErrorClassifier.IsPermanent(error));
        Assert.Equal(4, handler.Count);
        // Full jitter: half of 100, 200, 400 ms.
        Assert.Equal(
            [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)],
            time.Delays.Where(d => d < TimeSpan.FromSeconds(1)).ToArray());
    }

    [Fact]
    public async Task Network_failure_is_retried()
    {
        var handler = FakeHandler.Sequence(
            Respond.Fail,
            Respond.Fail,
            () => Respond.Json(HttpStatusCode.OK, """{"Events":[]}"""));
        var (client, _) = Client(handler);
        using var _1 = client;

        var response = await client.GetDurableExecutionHistoryAsync(new GetDurableExecutionHistoryRequest { DurableExecutionArn = Arn });

        Assert.Empty(response.Events);
        Assert.Equal(3, handler.Count);
    }

    [Fact]
    public async Task Network_failure_surfaces_as_the_transport_exception_once_retries_are_spent()
    {
        var handler = new FakeHandler((_, _) => Respond.Fail());
        var (client, _) = Client(handler, o => o.Retry = new LambdaRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.Zero });
        using var _1 = client;

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetDurableExecutionStateAsync(State));

        Assert.False(ServiceErrorClassifier.IsPermanent(error));
        Assert.Equal(3, handler.Count);
    }

    [Fact]
    public async Task Checkpoint_with_a_client_token_is_resent_identically_after_a_lost_response()
    {
        var handler = FakeHandler.Sequence(
            Respond.Fail,
            () => Respond.Json(HttpStatusCode.OK, """{"CheckpointToken":"tok-2","NewExecutionState":{"Operations":[]}}"""));
        var (client, _) = Client(handler);
        using var _1 = client;

        var response = await client.CheckpointDurableExecutionAsync(Checkpoint("ct-1"));

        Assert.Equal("tok-2", response.CheckpointToken);
        var attempts = handler.Requests.ToArray();
        Assert.Equal(2, attempts.Length);
        Assert.Equal(attempts[0].Body, attempts[1].Body);
        Assert.Contains("\"ClientToken\":\"ct-1\"", attempts[1].BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoint_without_a_client_token_is_not_resent_after_a_lost_response()
    {
        var handler = new FakeHandler((_, _) => Respond.Fail());
        var (client, _) = Client(handler);
        using var _1 = client;

        await Assert.ThrowsAsync<HttpRequestException>(() => client.CheckpointDurableExecutionAsync(Checkpoint()));

        Assert.Equal(1, handler.Count);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.InternalServerError)]
    [InlineData("ct-1", HttpStatusCode.InternalServerError)]
    [InlineData(null, HttpStatusCode.TooManyRequests)]
    [InlineData("ct-1", HttpStatusCode.TooManyRequests)]
    public async Task Checkpoint_error_responses_go_straight_to_the_caller(string? clientToken, HttpStatusCode status)
    {
        var handler = FakeHandler.Always(status, """{"message":"nope"}""");
        var (client, _) = Client(handler);
        using var _1 = client;

        var error = await Assert.ThrowsAsync<DurableServiceException>(() => client.CheckpointDurableExecutionAsync(Checkpoint(clientToken)));

        Assert.Equal((int)status, error.StatusCode);
        Assert.False(ServiceErrorClassifier.IsPermanent(error));
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task Invoke_without_an_execution_name_retries_only_throttling()
    {
        var serverError = FakeHandler.Always(HttpStatusCode.InternalServerError, """{"Type":"ServiceException","Message":"x"}""");
        var (client, _) = Client(serverError);
        using (client)
        {
            await Assert.ThrowsAsync<DurableServiceException>(() => client.InvokeAsync(new InvocationRequest { FunctionName = "f" }));
        }

        Assert.Equal(1, serverError.Count);

        var throttled = FakeHandler.Sequence(
            () => Respond.Json(HttpStatusCode.TooManyRequests, """{"message":"slow down"}""", ("x-amzn-ErrorType", "TooManyRequestsException")),
            () => Respond.Raw(HttpStatusCode.OK, "1"u8.ToArray()));
        var (client2, _) = Client(throttled);
        using (client2)
        {
            var response = await client2.InvokeAsync(new InvocationRequest { FunctionName = "f" });
            Assert.Equal(200, response.StatusCode);
        }

        Assert.Equal(2, throttled.Count);
    }

    [Fact]
    public async Task Invoke_with_an_execution_name_retries_server_errors()
    {
        var handler = FakeHandler.Sequence(
            () => Respond.Json(HttpStatusCode.InternalServerError, """{"Type":"ServiceException","Message":"x"}"""),
            () => Respond.Raw(HttpStatusCode.Accepted, [], ("X-Amz-Durable-Execution-Arn", Arn)));
        var (client, _) = Client(handler);
        using var _1 = client;

        var response = await client.InvokeAsync(new InvocationRequest
        {
            FunctionName = "f",
            DurableExecutionName = "order-42",
            InvocationType = InvocationType.Event,
        });

        Assert.Equal(Arn, response.DurableExecutionArn);
        Assert.Equal(2, handler.Count);
    }

    [Fact]
    public async Task DurableExecutionAlreadyStarted_is_a_permanent_conflict()
    {
        var handler = FakeHandler.Always(
            HttpStatusCode.Conflict,
            """{"Type":"DurableExecutionAlreadyStartedException","Message":"Each durable execution name must be unique within the function"}""");
        var (client, _) = Client(handler);
        using var _1 = client;

        var error = await Assert.ThrowsAsync<DurableServiceException>(() =>
            client.InvokeAsync(new InvocationRequest { FunctionName = "f", DurableExecutionName = "order-42" }));

        Assert.Equal(ServiceErrorCodes.DurableExecutionAlreadyStarted, error.ErrorCode);
        Assert.True(ServiceErrorClassifier.IsPermanent(error));
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task Empty_error_body_still_names_the_status()
    {
        var handler = new FakeHandler((_, _) => Respond.Raw(HttpStatusCode.BadGateway, []));
        var (client, _) = Client(handler, o => o.Retry = LambdaRetryOptions.None);
        using var _1 = client;

        var error = await Assert.ThrowsAsync<DurableServiceException>(() => client.GetDurableExecutionStateAsync(State));

        Assert.Equal("UnknownError", error.ErrorCode);
        Assert.Equal(502, error.StatusCode);
        Assert.Contains("HTTP 502", error.Message, StringComparison.Ordinal);
        Assert.Contains("GetDurableExecutionState", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_json_error_body_is_quoted_briefly()
    {
        var html = "<html><body>" + new string('x', 1000) + "</body></html>";
        var handler = new FakeHandler((_, _) => Respond.Raw(HttpStatusCode.ServiceUnavailable, Encoding.UTF8.GetBytes(html)));
        var (client, _) = Client(handler, o => o.Retry = LambdaRetryOptions.None);
        using var _1 = client;

        var error = await Assert.ThrowsAsync<DurableServiceException>(() => client.GetDurableExecutionStateAsync(State));

        Assert.Equal(503, error.StatusCode);
        Assert.Contains("<html><body>xxx", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400);
    }

    [Fact]
    public async Task KMS_errors_are_permanent_even_as_502_and_not_retried()
    {
        var handler = FakeHandler.Always(
            HttpStatusCode.BadGateway, """{"Message":"key disabled"}""", ("x-amzn-ErrorType", "KMSDisabledException"));
        var (client, _) = Client(handler);
        using var _1 = client;

        var error = await Assert.ThrowsAsync<DurableServiceException>(() =>
            client.InvokeAsync(new InvocationRequest { FunctionName = "f", DurableExecutionName = "order-42" }));

        Assert.Equal("KMSDisabledException", error.ErrorCode);
        Assert.Equal(502, error.StatusCode);
        Assert.True(ServiceErrorClassifier.IsPermanent(error));
        Assert.Equal(1, handler.Count); // Would have been retried as a 5xx.
    }

    [Fact]
    public async Task Malformed_success_body_is_a_clear_error()
    {
        var handler = FakeHandler.Always(HttpStatusCode.OK, "not json");
        var (client, _) = Client(handler);
        using var _1 = client;

        var error = await Assert.ThrowsAsync<DurableServiceException>(() => client.GetDurableExecutionStateAsync(State));

        Assert.Equal(LambdaDurableClient.MalformedResponseCode, error.ErrorCode);
        Assert.Equal(200, error.StatusCode);
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task Attempt_timeout_is_retried_and_then_surfaced_as_a_timeout()
    {
        var handler = new FakeHandler(async (_, _, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return Respond.Json(HttpStatusCode.OK, "{}");
        });
        using var client = RequestShapeTests.Client(handler, o =>
        {
            o.TimeProvider = TimeProvider.System;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(100);
            o.Retry = new LambdaRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.Zero };
        });

        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.GetDurableExecutionStateAsync(State));

        Assert.False(ServiceErrorClassifier.IsPermanent(error));
        Assert.Equal(2, handler.Count);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_retried()
    {
        using var cts = new CancellationTokenSource();
        var handler = new FakeHandler(async (_, _, ct) =>
        {
            await cts.CancelAsync();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return Respond.Json(HttpStatusCode.OK, "{}");
        });
        var (client, _) = Client(handler);
        using var _1 = client;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetDurableExecutionStateAsync(State, cts.Token));

        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public void Backoff_is_exponential_capped_and_scaled_by_jitter()
    {
        var retry = new LambdaRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(5) };

        Assert.Equal(TimeSpan.FromMilliseconds(100), retry.GetBackoff(0, 1));
        Assert.Equal(TimeSpan.FromMilliseconds(400), retry.GetBackoff(2, 1));
        Assert.Equal(TimeSpan.FromMilliseconds(200), retry.GetBackoff(2, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(5), retry.GetBackoff(10, 1));
        Assert.Equal(TimeSpan.FromSeconds(5), retry.GetBackoff(500, 1));
        Assert.Equal(TimeSpan.Zero, retry.GetBackoff(3, 0));
    }

    [Fact]
    public async Task Logs_say_what_happened_without_credentials_signatures_tokens_or_payloads()
    {
        var logger = new CapturingLogger();
        var handler = FakeHandler.Sequence(
            () => Respond.Json(HttpStatusCode.InternalServerError, """{"Type":"ServiceException","Message":"SECRET-PAYLOAD echoed"}"""),
            Respond.Fail,
            () => Respond.Json(HttpStatusCode.OK, """{"Operations":[]}""", ("x-amzn-RequestId", "req-9")));
        var (client, _) = Client(handler, o =>
        {
            o.Logger = logger;
            o.CredentialsProvider = new StaticCredentialsProvider("AKIDLOGTEST", "SECRETKEYVALUE", "SESSIONTOKENVALUE");
        });
        using var _1 = client;

        await client.GetDurableExecutionStateAsync(new GetDurableExecutionStateRequest
        {
            DurableExecutionArn = Arn,
            CheckpointToken = "CHECKPOINTTOKENVALUE",
        });
        await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            using var failing = RequestShapeTests.Client(new FakeHandler((_, _) => Respond.Fail()), o => o.Logger = logger);
            await failing.CheckpointDurableExecutionAsync(Checkpoint());
        });

        var records = logger.Records.ToArray();
        Assert.Contains(records, r => r.Level == LogLevel.Debug && r.Message.Contains("200", StringComparison.Ordinal)
            && r.Message.Contains($"/2025-12-01/durable-executions/{RequestShapeTests.EncodedArn}/state", StringComparison.Ordinal)
            && r.Message.Contains("req-9", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Level == LogLevel.Information && r.Message.Contains("ServiceException (HTTP 500)", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Level == LogLevel.Debug && r.Message.Contains("not retried", StringComparison.Ordinal));
        foreach (var (_, message, state) in records)
        {
            foreach (var secret in new[] { "AKIDLOGTEST", "SECRETKEYVALUE", "SESSIONTOKENVALUE", "CHECKPOINTTOKENVALUE", "SECRET-PAYLOAD", "Signature=", "AWS4-HMAC" })
            {
                Assert.DoesNotContain(secret, message, StringComparison.Ordinal);
                Assert.DoesNotContain(secret, state, StringComparison.Ordinal);
            }
        }
    }
}
