using Durable.Client;
using Durable.Hosting;
using Durable.Local.Functions;
using Durable.Local.Persistence;
using Durable.Protocol;

namespace Durable.Local.Tests;

/// <summary>An engine over a store: what a new engine over the same store recovers and resumes.</summary>
public class RecoveryTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_pending_wait_resumes_in_a_new_engine_without_running_finished_steps_again()
    {
        var store = new InMemoryDurableStore();
        var executed = 0;
        DurableFunctionHandler Workflow() => DurableFunction.Create<string, string>(async (input, ctx) =>
        {
            var value = await ctx.StepAsync(_ => { executed++; return input + "!"; }, "first");
            await ctx.WaitAsync(TimeSpan.FromHours(2), "pause");
            return await ctx.StepAsync(_ => value + "?", "second");
        });

        string arn;
        using (var first = new LocalDurableEngine(new LocalEngineOptions { Store = store, VirtualStartTime = Start }))
        {
            first.RegisterDurableFunction("fn", Workflow());
            arn = first.StartExecution("fn", "\"hi\"", "run-1");
            await first.RunUntilAsync(() => first.GetOperations(arn).Any(o => o.Type == OperationType.Wait));
        }

        using var second = new LocalDurableEngine(new LocalEngineOptions { Store = store, VirtualStartTime = Start.AddMinutes(5) });
        second.RegisterDurableFunction("fn", Workflow());
        Assert.Equal(1, second.Recover());
        var done = await second.WaitForExecutionAsync(arn);

        Assert.Equal(ExecutionStatus.Succeeded, done.Status);
        Assert.Equal("\"hi!?\"", done.Result);
        Assert.Equal(1, executed);
        var history = second.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn });
        Assert.Equal(Enumerable.Range(1, history.Events.Count), history.Events.Select(e => e.EventId));
        Assert.Equal(Start.AddHours(2), history.Events.Single(e => e.EventType == EventType.WaitSucceeded).EventTimestamp);
    }

    [Fact]
    public async Task An_invocation_cut_off_by_a_stopping_engine_is_recorded_and_run_again()
    {
        var store = new InMemoryDurableStore();
        var stuck = new TaskCompletionSource<string>();
        var firstRuns = 0;
        DurableFunctionHandler Workflow(Func<Task<string>> second) => DurableFunction.Create<string, string>(async (input, ctx) =>
        {
            await ctx.StepAsync(_ => { Interlocked.Increment(ref firstRuns); return "one"; }, "first");
            return await ctx.StepAsync(_ => second(), "second");
        });

        string arn;
        var engine = new LocalDurableEngine(new LocalEngineOptions { Store = store, Clock = EngineClock.Real });
        engine.RegisterDurableFunction("fn", Workflow(() => stuck.Task));
        arn = engine.StartExecution("fn", "\"x\"");
        await WaitUntilAsync(() => engine.GetOperations(arn).Any(o => o.Name == "second"));
        engine.Dispose(); // the engine "dies" with the invocation in flight

        using var restarted = new LocalDurableEngine(new LocalEngineOptions { Store = store, Clock = EngineClock.Real });
        restarted.RegisterDurableFunction("fn", Workflow(() => Task.FromResult("two")));
        restarted.Recover();
        var done = await restarted.WaitForExecutionAsync(arn).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(ExecutionStatus.Succeeded, done.Status);
        Assert.Equal("\"two\"", done.Result);
        Assert.Equal(1, firstRuns);
        var events = restarted.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn, IncludeExecutionData = true }).Events;
        var interrupted = events.First(e => e.EventType == EventType.InvocationCompleted);
        Assert.Equal("Engine.Restarted", interrupted.InvocationCompletedDetails!.Error!.Payload!.ErrorType);
        Assert.Equal(2, restarted.GetInvocationCount(arn));
        stuck.SetResult("late");
    }

    [Fact]
    public async Task A_started_callback_can_be_completed_and_times_out_on_heartbeat_after_a_restart()
    {
        var store = new InMemoryDurableStore();
        DurableFunctionHandler Workflow() => DurableFunction.Create<string, string>(async (_, ctx) =>
        {
            var callback = await ctx.CreateCallbackAsync<string>("approval", new CallbackConfig { HeartbeatTimeout = TimeSpan.FromMinutes(10) });
            return await callback.GetResultAsync();
        });

        string succeeding, timingOut;
        using (var first = new LocalDurableEngine(new LocalEngineOptions { Store = store, VirtualStartTime = Start }))
        {
            first.RegisterDurableFunction("fn", Workflow());
            succeeding = first.StartExecution("fn", "\"a\"");
            timingOut = first.StartExecution("fn", "\"b\"");
            await first.RunUntilAsync(() => first.ListExecutionArns().All(a => first.GetOperations(a).Any(o => o.Type == OperationType.Callback)));
            first.SendCallbackHeartbeat(CallbackId(first, timingOut)); // due again at +10 min from now
        }

        using var second = new LocalDurableEngine(new LocalEngineOptions { Store = store, VirtualStartTime = Start.AddMinutes(1) });
        second.RegisterDurableFunction("fn", Workflow());
        second.Recover();
        second.SendCallbackSuccess(CallbackId(second, succeeding), "\"yes\"");
        Assert.Equal("\"yes\"", (await second.WaitForExecutionAsync(succeeding)).Result);

        await second.AdvanceTimeAsync(TimeSpan.FromMinutes(20));
        var timedOut = second.GetDurableExecution(timingOut);
        Assert.Equal(ExecutionStatus.Failed, timedOut.Status);
        var history = second.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = timingOut, IncludeExecutionData = true });
        var timeout = history.Events.Single(e => e.EventType == EventType.CallbackTimedOut);
        Assert.Equal("Callback.Heartbeat", timeout.CallbackTimedOutDetails!.Error.Payload!.ErrorType);
        Assert.Equal(Start.AddMinutes(10), timeout.EventTimestamp);
    }

    [Fact]
    public async Task Closed_executions_are_purged_after_their_retention_period_also_from_the_store()
    {
        var store = new InMemoryDurableStore();
        using var engine = new LocalDurableEngine(new LocalEngineOptions { Store = store, VirtualStartTime = Start });
        engine.RegisterDurableFunction("fn", DurableFunction.Create<string, string>((input, _) => Task.FromResult(input)), new LocalFunctionOptions { RetentionPeriodInDays = 2 });
        var arn = engine.StartExecution("fn", "\"x\"");
        await engine.WaitForExecutionAsync(arn);
        Assert.Equal(1, store.ExecutionCount);

        await engine.AdvanceTimeAsync(TimeSpan.FromDays(1));
        Assert.Equal(ExecutionStatus.Succeeded, engine.GetDurableExecution(arn).Status);
        await engine.AdvanceTimeAsync(TimeSpan.FromDays(1.5));
        var gone = Assert.Throws<DurableServiceException>(() => engine.GetDurableExecution(arn));
        Assert.Equal(404, gone.StatusCode);
        Assert.Equal(0, store.ExecutionCount);
    }

    [Fact]
    public async Task A_restart_after_the_retention_period_purges_at_once()
    {
        var store = new InMemoryDurableStore();
        string arn;
        using (var first = new LocalDurableEngine(new LocalEngineOptions { Store = store, VirtualStartTime = Start }))
        {
            first.RegisterDurableFunction("fn", DurableFunction.Create<string, string>((input, _) => Task.FromResult(input)), new LocalFunctionOptions { RetentionPeriodInDays = 1 });
            arn = first.StartExecution("fn", "\"x\"");
            await first.WaitForExecutionAsync(arn);
        }

        using var later = new LocalDurableEngine(new LocalEngineOptions { Store = store, VirtualStartTime = Start.AddDays(3) });
        later.RegisterDurableFunction("fn", DurableFunction.Create<string, string>((input, _) => Task.FromResult(input)), new LocalFunctionOptions { RetentionPeriodInDays = 1 });
        Assert.Equal(1, later.Recover());
        Assert.Empty(later.ListExecutionArns());
        Assert.Equal(0, store.ExecutionCount);
    }

    [Fact]
    public async Task A_chained_invoke_waiting_on_its_target_completes_after_a_restart()
    {
        var store = new InMemoryDurableStore();
        void Register(LocalDurableEngine engine)
        {
            engine.RegisterDurableFunction("child", DurableFunction.Create<string, string>(async (input, ctx) =>
            {
                await ctx.WaitAsync(TimeSpan.FromHours(1), "nap");
                return await ctx.StepAsync(_ => input + " rested", "wake");
            }));
            engine.RegisterDurableFunction("parent", DurableFunction.Create<string, string>(async (input, ctx) =>
                "parent got " + await ctx.InvokeAsync<string, string>("child", input, "call-child")));
        }

        string parent;
        using (var first = new LocalDurableEngine(new LocalEngineOptions { Store = store, VirtualStartTime = Start }))
        {
            Register(first);
            parent = first.StartExecution("parent", "\"kid\"");
            await first.RunUntilAsync(() => first.ListExecutionArns().Count == 2 && first.GetOperations(first.ListExecutionArns()[1]).Any(o => o.Type == OperationType.Wait));
        }

        using var second = new LocalDurableEngine(new LocalEngineOptions { Store = store, VirtualStartTime = Start.AddMinutes(10) });
        Register(second);
        Assert.Equal(2, second.Recover());
        var done = await second.WaitForExecutionAsync(parent);
        Assert.Equal("\"parent got kid rested\"", done.Result);
        Assert.Equal(ExecutionStatus.Succeeded, second.GetDurableExecution(second.ListExecutionArns()[1]).Status);
    }

    [Fact]
    public void Recover_needs_a_store_and_runs_once()
    {
        using var memoryOnly = new LocalDurableEngine();
        Assert.Throws<InvalidOperationException>(() => memoryOnly.Recover());
        using var engine = new LocalDurableEngine(new LocalEngineOptions { Store = new InMemoryDurableStore() });
        engine.Recover();
        Assert.Throws<InvalidOperationException>(() => engine.Recover());
    }

    private static string CallbackId(LocalDurableEngine engine, string arn) =>
        engine.GetOperations(arn).Single(o => o.Type == OperationType.Callback).CallbackDetails!.CallbackId!;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 2000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "Timed out waiting.");
    }
}
