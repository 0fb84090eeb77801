using Durable.Protocol;
using Durable.Runtime.Tests.Support;

namespace Durable.Runtime.Tests;

/// <summary>Callbacks (protocol §9.4): the synchronous start, the handle, and every status on replay.</summary>
public class CallbackTests
{
    [Fact]
    public async Task A_fresh_callback_starts_synchronously_with_its_timeouts_and_suspends_on_the_result()
    {
        var client = new ScriptedClient();
        string? id = null;
        var output = await Workflows.Of(async ctx =>
        {
            var callback = await ctx.CreateCallbackAsync<string>("approval", new CallbackConfig { Timeout = TimeSpan.FromMinutes(2), HeartbeatTimeout = TimeSpan.FromSeconds(30.2) });
            id = callback.CallbackId;
            return await callback.GetResultAsync();
        }).InvokeAsync(Envelopes.Create("null"), client);
        Assert.Equal(InvocationStatus.Pending, output.Status);
        var start = Assert.Single(client.AllUpdates);
        Assert.Equal((OperationType.Callback, OperationSubTypes.Callback, "approval"), (start.Type, start.SubType, start.Name));
        Assert.Equal((120, 31), (start.CallbackOptions!.TimeoutSeconds, start.CallbackOptions.HeartbeatTimeoutSeconds));
        Assert.Equal(Convert.ToBase64String("cb:"u8.ToArray().Concat(System.Text.Encoding.UTF8.GetBytes(Envelopes.Root(1))).ToArray()), id);
    }

    [Fact]
    public async Task Without_timeouts_no_callback_options_are_sent()
    {
        var client = new ScriptedClient();
        await Workflows.Of(async ctx => await (await ctx.CreateCallbackAsync<string>()).GetResultAsync()).InvokeAsync(Envelopes.Create("null"), client);
        Assert.Null(Assert.Single(client.AllUpdates).CallbackOptions);
    }

    [Fact]
    public async Task A_succeeded_callback_returns_the_body_read_with_the_serializer()
    {
        var output = await Workflows.Of(async ctx => await (await ctx.CreateCallbackAsync<int>()).GetResultAsync() + 1)
            .InvokeAsync(Envelopes.Create("null", Envelopes.Callback(1, OperationStatus.Succeeded, result: "41")), new ScriptedClient());
        Assert.Equal("42", output.Result);
        var raw = await Workflows.Of(async ctx => await (await ctx.CreateCallbackAsync(DurableSerializer.RawString)).GetResultAsync())
            .InvokeAsync(Envelopes.Create("null", Envelopes.Callback(1, OperationStatus.Succeeded, result: "plain text")), new ScriptedClient());
        Assert.Equal("\"plain text\"", raw.Result);
    }

    [Fact]
    public async Task A_failed_callback_returns_a_handle_and_throws_only_when_the_result_is_awaited()
    {
        var steps = new List<string>();
        var output = await Workflows.Of(async ctx =>
        {
            var callback = await ctx.CreateCallbackAsync<string>("approval");
            steps.Add("handle");
            try
            {
                return await callback.GetResultAsync();
            }
            catch (CallbackFailedException ex)
            {
                return $"{ex.ErrorType}: {ex.Message} ({ex.CallbackId})";
            }
        }).InvokeAsync(Envelopes.Create("null", Envelopes.Callback(1, OperationStatus.Failed, "approval", error: new ErrorObject { ErrorType = "RejectedError", ErrorMessage = "not approved" })), new ScriptedClient());
        Assert.Equal(["handle"], steps);
        Assert.Equal("\"RejectedError: not approved (Y2I=)\"", output.Result);
    }

    [Theory]
    [InlineData("Callback.Timeout", false)]
    [InlineData("Callback.Heartbeat", true)]
    public async Task A_timed_out_callback_tells_the_heartbeat_timeout_from_the_overall_one(string errorType, bool heartbeat)
    {
        CallbackTimeoutException? seen = null;
        await Workflows.Of(async ctx =>
        {
            try
            {
                return await (await ctx.CreateCallbackAsync<string>()).GetResultAsync();
            }
            catch (CallbackTimeoutException ex)
            {
                seen = ex;
                return "timed out";
            }
        }).InvokeAsync(Envelopes.Create("null", Envelopes.Callback(1, OperationStatus.TimedOut, error: new ErrorObject { ErrorType = errorType })), new ScriptedClient());
        Assert.Equal(heartbeat, seen!.IsHeartbeatTimeout);
    }

    [Fact]
    public async Task A_started_callback_suspends_without_checkpointing()
    {
        var client = new ScriptedClient();
        var output = await Workflows.Of(async ctx => await (await ctx.CreateCallbackAsync<string>()).GetResultAsync())
            .InvokeAsync(Envelopes.Create("null", Envelopes.Callback(1, OperationStatus.Started)), client);
        Assert.Equal(InvocationStatus.Pending, output.Status);
        Assert.Empty(client.Checkpoints);
    }

    [Fact]
    public async Task A_service_answer_without_a_callback_id_fails_the_execution()
    {
        var output = await Workflows.Of(async ctx => await (await ctx.CreateCallbackAsync<string>("approval")).GetResultAsync())
            .InvokeAsync(Envelopes.Create("null"), new ScriptedClient { OmitCallbackIds = true });
        Assert.Equal(InvocationStatus.Failed, output.Status);
        Assert.Contains("no CallbackId for callback 'approval'", output.Error!.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5, 0)]
    [InlineData(0, -3)]
    [InlineData(31_622_401, 0)]
    public async Task Invalid_timeouts_are_rejected_before_anything_is_recorded(double timeout, double heartbeat)
    {
        var client = new ScriptedClient();
        ArgumentOutOfRangeException? error = null;
        await Workflows.Of(async ctx =>
        {
            try
            {
                await ctx.CreateCallbackAsync<string>(config: new CallbackConfig { Timeout = TimeSpan.FromSeconds(timeout), HeartbeatTimeout = TimeSpan.FromSeconds(heartbeat) });
            }
            catch (ArgumentOutOfRangeException ex)
            {
                error = ex;
            }

            return "ok";
        }).InvokeAsync(Envelopes.Create("null"), client);
        Assert.Contains("zero (none) or between 1 second and 366 days", error!.Message, StringComparison.Ordinal);
        Assert.Empty(client.Checkpoints);
    }
}
