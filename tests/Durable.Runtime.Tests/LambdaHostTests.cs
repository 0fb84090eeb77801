using System.Net;
using System.Text.Json;
using Durable.Hosting;
using Durable.Protocol;
using Durable.Runtime.Tests.Support;

namespace Durable.Runtime.Tests;

/// <summary>The custom-runtime bootstrap against a scripted Runtime API: the happy path and every kind of bad input.</summary>
public class LambdaHostTests
{
    private static readonly DurableWorkflowRegistration Greeter = new(
        "greeter",
        typeof(LambdaHostTests),
        typeof(string),
        typeof(string),
        options => DurableFunction.Create<string, string>(async (name, ctx) => await ctx.StepAsync(_ => $"Hello, {name}!"), options with { SerializerOptions = Workflows.Options.SerializerOptions }));

    [Fact]
    public async Task Serves_an_invocation_and_posts_the_output_envelope()
    {
        var api = new FakeRuntimeApi().Event("req-1", EnvelopeJson("\"Ada\""));
        var (exit, diagnostics) = await RunUntilScriptEndsAsync(api);

        Assert.Equal(0, exit);
        var (path, errorType, body) = Assert.Single(api.Snapshot());
        Assert.Equal("/2018-06-01/runtime/invocation/req-1/response", path);
        Assert.Null(errorType);
        var output = ProtocolJson.DeserializeOutput(System.Text.Encoding.UTF8.GetBytes(body));
        Assert.Equal(InvocationStatus.Succeeded, output.Status);
        Assert.Equal("\"Hello, Ada!\"", output.Result);
        Assert.Empty(diagnostics);
        Assert.Equal("Root=1-00000000-000000000000000000000001", Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID"));
    }

    [Theory]
    [InlineData("this is not json", "Durable.InvalidEnvelopeException")]
    [InlineData("{\"hello\":\"world\"}", "Durable.InvalidEnvelopeException")]
    [InlineData("", "Durable.InvalidEnvelopeException")]
    public async Task A_malformed_event_is_answered_with_an_error_and_the_loop_goes_on(string body, string expectedType)
    {
        var api = new FakeRuntimeApi().Event("bad", body).Event("good", EnvelopeJson("\"Bo\""));
        var (exit, diagnostics) = await RunUntilScriptEndsAsync(api);

        Assert.Equal(0, exit);
        var posts = api.Snapshot();
        Assert.Equal(2, posts.Count);
        Assert.Equal("/2018-06-01/runtime/invocation/bad/error", posts[0].Path);
        Assert.Equal(expectedType, posts[0].ErrorType);
        using var error = JsonDocument.Parse(posts[0].Body);
        Assert.Equal(expectedType, error.RootElement.GetProperty("errorType").GetString());
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("errorMessage").GetString()));
        Assert.Equal(JsonValueKind.Array, error.RootElement.GetProperty("stackTrace").ValueKind);
        Assert.Equal("/2018-06-01/runtime/invocation/good/response", posts[1].Path);
        Assert.Contains("Invocation bad failed", diagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversize_event_is_refused_without_reading_it_and_the_loop_goes_on()
    {
        var huge = new string('x', 4096);
        var api = new FakeRuntimeApi().Event("big", huge).Event("good", EnvelopeJson("\"Cy\""));
        var (exit, diagnostics) = await RunUntilScriptEndsAsync(api, new DurableLambdaHostOptions { MaxEventBytes = 1024 });

        Assert.Equal(0, exit);
        var posts = api.Snapshot();
        Assert.Equal(("/2018-06-01/runtime/invocation/big/error", "Runtime.PayloadTooLarge"), (posts[0].Path, posts[0].ErrorType));
        Assert.Equal("/2018-06-01/runtime/invocation/good/response", posts[1].Path);
        Assert.Contains("the limit is 1024 bytes", diagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_response_the_runtime_api_refuses_as_too_large_becomes_an_error()
    {
        var api = new FakeRuntimeApi { ResponseStatus = HttpStatusCode.RequestEntityTooLarge }.Event("r", EnvelopeJson("\"Di\""));
        var (exit, _) = await RunUntilScriptEndsAsync(api);

        Assert.Equal(0, exit);
        var posts = api.Snapshot();
        Assert.Equal(2, posts.Count);
        Assert.Equal(("/2018-06-01/runtime/invocation/r/error", "Function.ResponseSizeTooLarge"), (posts[1].Path, posts[1].ErrorType));
    }

    [Fact]
    public async Task A_runtime_api_that_answers_500_ends_the_process_with_exit_code_1_and_a_reason()
    {
        var api = new FakeRuntimeApi().Status(HttpStatusCode.InternalServerError);
        var diagnostics = new StringWriter();

        var exit = await DurableLambdaHost.RunAsync(Greeter, Options(api, diagnostics));

        Assert.Equal(1, exit);
        Assert.Contains("answered 500", diagnostics.ToString(), StringComparison.Ordinal);
        Assert.Contains("sandbox is unusable", diagnostics.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runtime_api_that_goes_away_is_retried_then_given_up_without_a_crash()
    {
        var api = new FakeRuntimeApi();
        for (var i = 0; i < 50; i++)
        {
            api.Unreachable();
        }

        var diagnostics = new StringWriter();
        var exit = await DurableLambdaHost.RunAsync(Greeter, Options(api, diagnostics) with { RuntimeApiPatience = TimeSpan.FromMilliseconds(300) });

        Assert.Equal(1, exit);
        Assert.Contains("cannot be reached", diagnostics.ToString(), StringComparison.Ordinal);
        Assert.Contains("Giving up", diagnostics.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_brief_outage_is_survived()
    {
        var api = new FakeRuntimeApi().Unreachable().Unreachable().Event("after", EnvelopeJson("\"Ed\""));
        var (exit, _) = await RunUntilScriptEndsAsync(api);

        Assert.Equal(0, exit);
        Assert.Equal("/2018-06-01/runtime/invocation/after/response", Assert.Single(api.Snapshot()).Path);
    }

    [Fact]
    public async Task An_event_without_a_request_id_is_skipped()
    {
        var api = new FakeRuntimeApi()
            .Event("x", EnvelopeJson("\"Fi\""), response => response.Headers.Remove("Lambda-Runtime-Aws-Request-Id"))
            .Event("y", EnvelopeJson("\"Gu\""));
        var (exit, diagnostics) = await RunUntilScriptEndsAsync(api);

        Assert.Equal(0, exit);
        Assert.Equal("/2018-06-01/runtime/invocation/y/response", Assert.Single(api.Snapshot()).Path);
        Assert.Contains("without a Lambda-Runtime-Aws-Request-Id", diagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_runtime_api_the_host_says_so_and_exits_with_2()
    {
        var diagnostics = new StringWriter();
        var exit = await DurableLambdaHost.RunAsync(Greeter, new DurableLambdaHostOptions { Diagnostics = diagnostics, GetEnvironmentVariable = _ => null });

        Assert.Equal(2, exit);
        Assert.Contains("AWS_LAMBDA_RUNTIME_API is not set", diagnostics.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_function_that_cannot_initialize_reports_an_init_error_once()
    {
        var api = new FakeRuntimeApi();
        var diagnostics = new StringWriter();

        // No client given and no region in the environment: the durable client cannot be built.
        var exit = await DurableLambdaHost.RunAsync(Greeter, new DurableLambdaHostOptions
        {
            RuntimeApi = "127.0.0.1:9001",
            RuntimeApiHandler = api,
            Diagnostics = diagnostics,
            GetEnvironmentVariable = _ => null,
        });

        Assert.Equal(1, exit);
        var (path, errorType, _) = Assert.Single(api.Snapshot());
        Assert.Equal("/2018-06-01/runtime/init/error", path);
        Assert.Equal("Runtime.InitError", errorType);
        Assert.Contains("No AWS region", diagnostics.ToString(), StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Diagnostics)> RunUntilScriptEndsAsync(FakeRuntimeApi api, DurableLambdaHostOptions? overrides = null)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var diagnostics = new StringWriter();
        var options = Options(api, diagnostics);
        if (overrides is not null)
        {
            options = options with { MaxEventBytes = overrides.MaxEventBytes };
        }

        var run = DurableLambdaHost.RunAsync(Greeter, options, stop.Token);
        await Task.WhenAny(api.ScriptExhausted.Task, run);
        await stop.CancelAsync();
        return (await run, diagnostics.ToString());
    }

    private static DurableLambdaHostOptions Options(FakeRuntimeApi api, TextWriter diagnostics) => new()
    {
        RuntimeApi = "127.0.0.1:9001",
        RuntimeApiHandler = api,
        Client = new ScriptedClient(),
        Diagnostics = diagnostics,
        FunctionOptions = Workflows.Options,
    };

    private static string EnvelopeJson(string input) => ProtocolJson.Serialize(Envelopes.Create(input));
}
