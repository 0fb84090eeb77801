using Durable.Local.Functions;
using Durable.Protocol;
using Durable.Testing;

namespace Durable.Local.Tests;

/// <summary>The durable operations end to end on the engine, driven through the test runner.</summary>
public class OperationsOnEngineTests
{
    [Fact]
    public async Task A_test_answers_a_callback_the_way_an_approver_would()
    {
        using var runner = new DurableTestRunner<string, string>(async (order, ctx) =>
        {
            var approval = await ctx.CreateCallbackAsync<string>("manager-approval", new CallbackConfig { Timeout = TimeSpan.FromDays(7) });
            await ctx.StepAsync(_ => $"emailed {approval.CallbackId}", "notify");
            return $"{order}: {await approval.GetResultAsync()}";
        });
        var arn = await runner.StartAsync("o-7");
        var callbackId = await runner.WaitForCallbackAsync(arn, "manager-approval");
        await runner.SendCallbackSuccessAsync(callbackId, "approved");

        var result = await runner.WaitForResultAsync(arn);

        Assert.Equal("o-7: approved", result.EnsureSucceeded().Result);
        Assert.Equal(2, result.InvocationCount);
        Assert.Equal("\"approved\"", result.GetOperation("manager-approval").ResultPayload);
        Assert.Equal(callbackId, result.GetOperation("manager-approval").CallbackId);
    }

    [Fact]
    public async Task A_missed_heartbeat_times_the_callback_out_as_a_heartbeat_timeout()
    {
        using var runner = new DurableTestRunner<string, string>(async (_, ctx) =>
        {
            try
            {
                return await ctx.WaitForCallbackAsync<string>((_, _) => Task.CompletedTask, "render", new WaitForCallbackConfig { HeartbeatTimeout = TimeSpan.FromMinutes(1), Timeout = TimeSpan.FromHours(1) });
            }
            catch (CallbackTimeoutException ex)
            {
                return ex.IsHeartbeatTimeout ? "heartbeat missed" : "timed out";
            }
        });
        var arn = await runner.StartAsync("x");
        var callbackId = await runner.WaitForCallbackAsync(arn, "render");
        await runner.AdvanceTimeAsync(TimeSpan.FromSeconds(50));
        await runner.SendCallbackHeartbeatAsync(callbackId);
        await runner.AdvanceTimeAsync(TimeSpan.FromSeconds(50));
        Assert.Equal(ExecutionStatus.Running, runner.Engine.GetDurableExecution(arn).Status);

        var result = await runner.WaitForResultAsync(arn);

        Assert.Equal("heartbeat missed", result.Result);
        var timedOut = result.History.Single(e => e.EventType == EventType.CallbackTimedOut);
        Assert.Equal("Callback.Heartbeat", timedOut.CallbackTimedOutDetails!.Error.Payload!.ErrorType);
    }

    [Fact]
    public async Task A_failing_submitter_surfaces_the_same_exception_on_the_first_run_and_on_replay()
    {
        var seen = new List<string>();
        using var runner = new DurableTestRunner<string, string>(async (_, ctx) =>
        {
            try
            {
                await ctx.WaitForCallbackAsync<string>(
                    (_, _) => throw new TimeoutException("ticketing is down"),
                    "ticket",
                    new WaitForCallbackConfig { RetryStrategy = RetryStrategy.None });
            }
            catch (CallbackSubmitterException ex)
            {
                seen.Add($"{ex.GetType().Name}:{ex.SubmitterErrorType}:{ex.Message}");
            }

            await ctx.WaitAsync(TimeSpan.FromSeconds(10));
            return "done";
        });

        var result = await runner.RunAsync("x");

        result.EnsureSucceeded();
        Assert.Equal(["CallbackSubmitterException:System.TimeoutException:ticketing is down", "CallbackSubmitterException:System.TimeoutException:ticketing is down"], seen);
    }

    [Fact]
    public async Task Chained_invokes_run_registered_durable_and_plain_functions_and_report_failures()
    {
        using var runner = new DurableTestRunner<string, string>(async (input, ctx) =>
        {
            var durable = await ctx.InvokeAsync<string, string>("enrich:$LATEST", input);
            var plain = await ctx.InvokeAsync<string, string>("shout", durable);
            try
            {
                await ctx.InvokeAsync<string, string>("missing", "x");
                return "unexpected";
            }
            catch (InvokeFailedException ex)
            {
                return $"{plain} / {ex.ErrorType}";
            }
        });
        runner.RegisterDurableFunction<string, string>("enrich", async (value, ctx) =>
        {
            await ctx.WaitAsync(TimeSpan.FromMinutes(1));
            return value + "+enriched";
        });
        runner.RegisterFunction<string, string>("shout", (value, _) => Task.FromResult(value.ToUpperInvariant()));

        var result = await runner.RunAsync("order");

        Assert.Equal("ORDER+ENRICHED / ResourceNotFoundException", result.EnsureSucceeded().Result);
        var started = result.History.First(e => e.EventType == EventType.ChainedInvokeStarted).ChainedInvokeStartedDetails!;
        Assert.Equal("enrich:$LATEST", started.FunctionName);
        Assert.StartsWith("arn:aws:lambda:us-east-1:123456789012:function:enrich:$LATEST/durable-execution/", started.DurableExecutionArn, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Succeeded, runner.Engine.GetDurableExecution(started.DurableExecutionArn!).Status);
    }

    [Fact]
    public async Task A_map_result_too_large_to_store_is_rebuilt_on_replay_by_replaying_its_items()
    {
        var runs = 0;
        using var runner = new DurableTestRunner<string, int[]>(async (_, ctx) =>
        {
            var result = await ctx.MapAsync<int, string>(
                [0, 1, 2, 3],
                async (item, value, _) => await item.StepAsync(_ => { runs++; return new string((char)('a' + value), 100 * 1024); }),
                config: new MapConfig<int> { MaxConcurrency = 2 });
            await ctx.WaitAsync(TimeSpan.FromSeconds(30));
            return result.GetResults().Select(r => r.Length + (r[0] - 'a')).ToArray();
        });

        var result = await runner.RunAsync("x");

        Assert.Equal([102_400, 102_401, 102_402, 102_403], result.EnsureSucceeded().Result!);
        Assert.Equal(4, runs);
        var map = result.Operations.Single(o => o.SubType == OperationSubTypes.Map);
        Assert.True(map.Operation.ContextDetails!.ReplayChildren);
        Assert.DoesNotContain("aaaa", map.ResultPayload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_branches_waiting_on_different_timers_finish_over_several_invocations_deterministically()
    {
        async Task<(string Result, int Invocations, string Events)> RunOnce()
        {
            using var runner = new DurableTestRunner<string, string[]>(
                async (_, ctx) => (await ctx.ParallelAsync<string>(
                [
                    async b => { await b.WaitAsync(TimeSpan.FromSeconds(3)); return await b.StepAsync(_ => "slow"); },
                    async b => { await b.WaitAsync(TimeSpan.FromSeconds(1)); return await b.StepAsync(_ => "fast"); },
                    async b => await b.StepAsync(_ => "now"),
                ])).GetResults().ToArray(),
                new DurableTestRunnerOptions { Engine = new LocalEngineOptions { RandomSeed = 3 } });
            var result = await runner.RunAsync("x");
            var events = string.Join("\n", result.History.Select(e => $"{e.EventId} {e.EventType} {e.Id} {e.EventTimestamp.ToUnixTimeMilliseconds() - result.History[0].EventTimestamp.ToUnixTimeMilliseconds()}"));
            return (string.Join(",", result.EnsureSucceeded().Result!), result.InvocationCount, events);
        }

        var first = await RunOnce();
        Assert.Equal("slow,fast,now", first.Result);
        Assert.Equal(3, first.Invocations);
        Assert.Equal(first, await RunOnce());
    }
}
