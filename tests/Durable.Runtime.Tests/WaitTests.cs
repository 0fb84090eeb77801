using Durable.Hosting;
using Durable.Protocol;
using Durable.Runtime.Tests.Support;

namespace Durable.Runtime.Tests;

/// <summary>Durable waits (protocol §9.3): validation, the synchronous START, and replay by status.</summary>
public class WaitTests
{
    [Theory]
    [InlineData(1.0, 1)]
    [InlineData(0.2, 1)]
    [InlineData(1.5, 2)]
    [InlineData(60.0, 60)]
    [InlineData(31_622_400.0, 31_622_400)]
    public async Task A_fresh_wait_sends_whole_seconds_rounded_up_and_suspends(double seconds, int expected)
    {
        var client = new ScriptedClient();
        var output = await Workflow(async ctx => { await ctx.WaitAsync(TimeSpan.FromSeconds(seconds), "pause"); return "done"; })
            .InvokeAsync(Envelopes.Create("null"), client);
        Assert.Equal(InvocationStatus.Pending, output.Status);
        var start = Assert.Single(client.AllUpdates);
        Assert.Equal(OperationAction.Start, start.Action);
        Assert.Equal(OperationType.Wait, start.Type);
        Assert.Equal(OperationSubTypes.Wait, start.SubType);
        Assert.Equal("pause", start.Name);
        Assert.Equal(expected, start.WaitOptions!.WaitSeconds);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(31_622_401.0)]
    public async Task Out_of_range_durations_throw_before_anything_is_recorded(double seconds)
    {
        ArgumentOutOfRangeException? caught = null;
        var client = new ScriptedClient();
        await Workflow(async ctx =>
        {
            try
            {
                await ctx.WaitAsync(TimeSpan.FromSeconds(seconds));
            }
            catch (ArgumentOutOfRangeException ex)
            {
                caught = ex;
            }

            return "ok";
        }).InvokeAsync(Envelopes.Create("null"), client);
        Assert.NotNull(caught);
        Assert.Contains("1 second to 31622400 seconds", caught.Message, StringComparison.Ordinal);
        Assert.Empty(client.Checkpoints);
    }

    [Fact]
    public async Task A_started_wait_suspends_again_without_checkpointing()
    {
        var client = new ScriptedClient();
        var output = await Workflow(async ctx => { await ctx.WaitAsync(TimeSpan.FromSeconds(5)); return "done"; })
            .InvokeAsync(Envelopes.Create("null", Envelopes.Wait(1, OperationStatus.Started)), client);
        Assert.Equal(InvocationStatus.Pending, output.Status);
        Assert.Empty(client.Checkpoints);
    }

    [Fact]
    public async Task A_succeeded_wait_lets_the_workflow_continue()
    {
        var output = await Workflow(async ctx => { await ctx.WaitAsync(TimeSpan.FromSeconds(5)); return "done"; })
            .InvokeAsync(Envelopes.Create("null", Envelopes.Wait(1, OperationStatus.Succeeded)), new ScriptedClient());
        Assert.Equal("\"done\"", output.Result);
    }

    [Fact]
    public async Task A_wait_status_a_wait_never_has_fails_the_execution()
    {
        var output = await Workflow(async ctx => { await ctx.WaitAsync(TimeSpan.FromSeconds(5)); return "done"; })
            .InvokeAsync(Envelopes.Create("null", Envelopes.Wait(1, OperationStatus.Failed)), new ScriptedClient());
        Assert.Equal(InvocationStatus.Failed, output.Status);
        Assert.Equal(NonDeterministicExecutionException.ErrorTypeName, output.Error!.ErrorType);
    }

    private static DurableFunctionHandler Workflow<T>(Func<IDurableContext, Task<T>> body) =>
        DurableFunction.Create<string?, T>((_, ctx) => body(ctx));
}
