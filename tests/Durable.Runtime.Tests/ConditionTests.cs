using Durable.Protocol;
using Durable.Runtime.Tests.Support;

namespace Durable.Runtime.Tests;

/// <summary>Wait-for-condition (protocol §9.6): polls, every status on replay, exhaustion and failures.</summary>
public class ConditionTests
{
    private static WaitForConditionConfig<int> CountTo(int target, int initial = 0) =>
        new() { InitialState = initial, WaitStrategy = WaitStrategy.Fixed<int>(TimeSpan.FromSeconds(3), s => s >= target, maxAttempts: 5) };

    [Fact]
    public async Task A_poll_that_must_continue_records_the_new_state_with_the_delay_and_suspends()
    {
        var client = new ScriptedClient();
        var output = await Workflows.Of(async ctx => await ctx.WaitForConditionAsync((s, _) => Task.FromResult(s + 1), CountTo(3), "poll"))
            .InvokeAsync(Envelopes.Create("null"), client);
        Assert.Equal(InvocationStatus.Pending, output.Status);
        Assert.Equal([OperationAction.Start, OperationAction.Retry], client.AllUpdates.Select(u => u.Action));
        var retry = client.AllUpdates[1];
        Assert.Equal((OperationSubTypes.WaitForCondition, "1", (Durable.Protocol.ErrorObject?)null, 3), (retry.SubType, retry.Payload, retry.Error, retry.StepOptions!.NextAttemptDelaySeconds!.Value));
    }

    [Fact]
    public async Task A_ready_poll_continues_from_the_recorded_state()
    {
        var seen = new List<(int State, int Attempt)>();
        var client = new ScriptedClient();
        var output = await Workflows.Of(async ctx => await ctx.WaitForConditionAsync((s, c) => { seen.Add((s, c.AttemptNumber)); return Task.FromResult(s + 1); }, CountTo(3)))
            .InvokeAsync(Envelopes.Create("null", Envelopes.Condition(1, OperationStatus.Ready, attempt: 2, result: "2")), client);
        Assert.Equal("3", output.Result);
        Assert.Equal([(2, 3)], seen);
        Assert.Equal([OperationAction.Start, OperationAction.Succeed], client.AllUpdates.Select(u => u.Action));
    }

    [Fact]
    public async Task A_succeeded_condition_returns_its_final_state_and_a_pending_one_suspends()
    {
        var done = await Workflows.Of(async ctx => await ctx.WaitForConditionAsync((s, _) => Task.FromResult(-1), CountTo(3)))
            .InvokeAsync(Envelopes.Create("null", Envelopes.Condition(1, OperationStatus.Succeeded, 3, "7")), new ScriptedClient());
        Assert.Equal("7", done.Result);
        var pending = await Workflows.Of(async ctx => await ctx.WaitForConditionAsync((s, _) => Task.FromResult(-1), CountTo(3)))
            .InvokeAsync(Envelopes.Create("null", Envelopes.Condition(1, OperationStatus.Pending, 1, "1")), new ScriptedClient());
        Assert.Equal(InvocationStatus.Pending, pending.Status);
    }

    [Fact]
    public async Task An_interrupted_first_check_runs_again_from_the_initial_state_without_a_new_start()
    {
        var seen = new List<int>();
        var client = new ScriptedClient();
        await Workflows.Of(async ctx => await ctx.WaitForConditionAsync((s, _) => { seen.Add(s); return Task.FromResult(s + 1); }, CountTo(1, initial: 0)))
            .InvokeAsync(Envelopes.Create("null", Envelopes.Condition(1, OperationStatus.Started)), client);
        Assert.Equal([0], seen);
        Assert.Equal([OperationAction.Succeed], client.AllUpdates.Select(u => u.Action));
    }

    [Fact]
    public async Task Exhaustion_fails_with_the_attempts_and_last_state_which_replay_rebuilds()
    {
        var client = new ScriptedClient();
        WaitForConditionException? first = null;
        await Workflows.Of(async ctx =>
        {
            try
            {
                return await ctx.WaitForConditionAsync((s, _) => Task.FromResult(s + 1), new WaitForConditionConfig<int> { InitialState = 4, WaitStrategy = WaitStrategy.Fixed<int>(TimeSpan.FromSeconds(1), s => false, maxAttempts: 5) });
            }
            catch (WaitForConditionException ex)
            {
                first = ex;
                return -1;
            }
        }).InvokeAsync(Envelopes.Create("null", Envelopes.Condition(1, OperationStatus.Ready, attempt: 4, result: "4")), client);
        Assert.Equal((5, (object?)5), (first!.AttemptsExhausted, first.LastState));
        var fail = client.AllUpdates.Last();
        Assert.Equal((OperationAction.Fail, WaitForConditionException.ErrorTypeName, "5"), (fail.Action, fail.Error!.ErrorType, fail.Error.ErrorData));

        WaitForConditionException? replayed = null;
        await Workflows.Of(async ctx =>
        {
            try
            {
                return await ctx.WaitForConditionAsync((s, _) => Task.FromResult(s), CountTo(100));
            }
            catch (WaitForConditionException ex)
            {
                replayed = ex;
                return -1;
            }
        }).InvokeAsync(Envelopes.Create("null", Envelopes.Condition(1, OperationStatus.Failed, 5, error: fail.Error)), new ScriptedClient());
        Assert.Equal((5, (object?)5, first.Message), (replayed!.AttemptsExhausted, replayed.LastState, replayed.Message));
    }

    [Fact]
    public async Task A_throwing_check_fails_without_retry()
    {
        var client = new ScriptedClient();
        var output = await Workflows.Of(async ctx => await ctx.WaitForConditionAsync((int _, IConditionCheckContext _) => Task.FromException<int>(new InvalidOperationException("probe down")), CountTo(3)))
            .InvokeAsync(Envelopes.Create("null"), client);
        Assert.Equal(InvocationStatus.Failed, output.Status);
        Assert.Equal("System.InvalidOperationException", output.Error!.ErrorType);
        Assert.Equal([OperationAction.Start, OperationAction.Fail], client.AllUpdates.Select(u => u.Action));
    }

    [Fact]
    public void The_default_strategy_stops_when_the_condition_holds_even_on_the_last_attempt()
    {
        var strategy = WaitStrategy.Exponential<int>(s => s == 60, maxAttempts: 60);
        Assert.False(strategy.Decide(60, 60).ShouldContinue);
        Assert.Throws<WaitForConditionException>(() => strategy.Decide(59, 60));
        Assert.InRange(strategy.Decide(1, 1).Delay.TotalSeconds, 1, 5);
    }
}
