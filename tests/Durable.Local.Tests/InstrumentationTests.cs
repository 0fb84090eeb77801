using System.Collections.Concurrent;
using System.Diagnostics;
using Durable.Hosting;
using Durable.Instrumentation;
using Durable.Protocol;
using Durable.Testing;

namespace Durable.Local.Tests;

/// <summary>Plugin hooks and trace spans across invocations, on the engine.</summary>
public class InstrumentationTests
{
    private static readonly IRetryStrategy OneRetry = RetryStrategy.Exponential(2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 1.0, JitterStrategy.None);

    [Fact]
    public async Task Hooks_follow_a_workflow_across_a_retry_and_a_wait()
    {
        var plugin = new RecordingPlugin();
        using var runner = Runner(
            async (input, ctx) =>
            {
                await ctx.StepAsync(_ => "a", "first");
                var b = await ctx.StepAsync(step => step.AttemptNumber == 1 ? throw new InvalidOperationException("flaky") : "b", "second", new StepConfig { RetryStrategy = OneRetry });
                await ctx.WaitAsync(TimeSpan.FromSeconds(5), "pause");
                return input + b;
            },
            plugin);

        var result = await runner.RunAsync("x");

        result.EnsureSucceeded();
        var first = result.GetOperation("first").Id;
        var second = result.GetOperation("second").Id;
        var pause = result.GetOperation("pause").Id;
        Assert.Equal(
        [
            "invocation-start first=True",
            $"operation-start {first} replay=False",
            $"attempt-start {first} n=1",
            $"attempt-end {first} n=1 Succeeded",
            $"operation-end {first} SUCCEEDED",
            $"operation-start {second} replay=False",
            $"attempt-start {second} n=1",
            $"attempt-end {second} n=1 Failed",
            "invocation-end PENDING",

            // The retry (the service moved the step to READY): the recorded, non-terminal step is reached again;
            // the terminal first step is silent.
            $"invocation-start first=False updated={second}",
            $"operation-start {second} replay=True",
            $"attempt-start {second} n=2",
            $"attempt-end {second} n=2 Succeeded",
            $"operation-end {second} SUCCEEDED",
            $"operation-start {pause} replay=False",
            "invocation-end PENDING",

            // The wait completed outside the function: reported once, as updated and as ended.
            $"invocation-start first=False updated={pause}",
            $"operation-end {pause} SUCCEEDED",
            "invocation-end SUCCEEDED",
        ],
        plugin.Lifecycle);
    }

    [Fact]
    public async Task A_throwing_plugin_changes_nothing_and_the_next_plugin_still_hears_every_hook()
    {
        var healthy = new RecordingPlugin();
        using var withPlugins = Runner(
            async (input, ctx) => await ctx.StepAsync(_ => input + "!", "shout"),
            new ThrowingPlugin(),
            healthy);
        using var without = Runner(async (input, ctx) => await ctx.StepAsync(_ => input + "!", "shout"));

        var result = await withPlugins.RunAsync("hi");
        var reference = await without.RunAsync("hi");

        Assert.Equal("hi!", result.Result);
        Assert.Equal(reference.History.Select(Shape), result.History.Select(Shape));
        Assert.Contains(healthy.Lifecycle, line => line.StartsWith("attempt-end", StringComparison.Ordinal));
        Assert.Equal("invocation-end SUCCEEDED", healthy.Lifecycle[^1]);
    }

    [Fact]
    public async Task Operation_change_reports_the_delta_within_the_full_map_and_end_info_carries_the_record()
    {
        var plugin = new RecordingPlugin();
        using var runner = Runner(async (_, ctx) => await ctx.StepAsync(_ => "task-a", "greet"), plugin);

        await runner.RunAsync("x");

        var change = Assert.Single(plugin.Changes, c => c.UpdatedOperations.Values.Any(o => o.Status == OperationStatus.Succeeded));
        var (id, item) = Assert.Single(change.UpdatedOperations);
        Assert.True(change.Operations.ContainsKey(id));
        Assert.StartsWith("arn:", change.DurableExecutionArn, StringComparison.Ordinal);
        var end = Assert.Single(plugin.Ends);
        Assert.Equal("\"task-a\"", end.Result);
        Assert.Equal(1, end.Attempt);
        Assert.NotNull(end.StartTimestamp);
        Assert.NotNull(end.EndTimestamp);
        Assert.Equal(item.Id, end.Id);
    }

    [Fact]
    public async Task User_function_hooks_wrap_branches_with_parent_linkage_and_the_children_replay_flag()
    {
        var plugin = new RecordingPlugin();
        using var runner = Runner(
            async (_, ctx) => string.Join(",", (await ctx.ParallelAsync<string>(
                [
                    new DurableBranch<string>("a", async branch =>
                    {
                        await branch.WaitAsync(TimeSpan.FromSeconds(2));
                        return "a";
                    }),
                    new DurableBranch<string>("b", _ => Task.FromResult("b")),
                ],
                "fan-out",
                new ParallelConfig { MaxConcurrency = 1 })).GetResults()),
            plugin);

        var result = await runner.RunAsync("x");

        Assert.Equal("a,b", result.Result);
        var parent = result.GetOperation("fan-out").Id;
        Assert.All(plugin.Functions, f => Assert.Equal(parent, f.Operation.ParentId));
        Assert.Equal([false, true], plugin.Functions.Where(f => f.Operation.Name == "a" && f.Outcome is null).Select(f => f.IsReplayingChildren));
        Assert.Contains(plugin.Functions, f => f.Operation.Name == "b" && f.Outcome == HookOutcome.Succeeded);
    }

    [Fact]
    public async Task Spans_cover_the_invocation_and_each_operation_when_someone_listens()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DurableTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var runner = Runner(async (_, ctx) =>
        {
            await ctx.StepAsync(_ => 1, "count");
            await ctx.WaitAsync(TimeSpan.FromSeconds(1), "nap");
            return "done";
        });

        var result = await runner.RunAsync("x");

        var arn = result.DurableExecutionArn;
        var invocations = spans.Where(s => s.GetTagItem("durable.execution_arn") as string == arn).ToList();
        Assert.Equal(2, invocations.Count);
        Assert.All(invocations, s => Assert.Equal("durable.invocation", s.OperationName));
        var mine = spans.Where(s => invocations.Any(i => i.SpanId == s.ParentSpanId)).ToList();
        var step = Assert.Single(mine, s => s.OperationName == "durable.step count");
        Assert.Equal("SUCCEEDED", step.GetTagItem("durable.operation.status"));
        Assert.Contains(mine, s => s.OperationName == "durable.wait nap" && Equals(s.GetTagItem("durable.suspended"), true));
        Assert.Contains(mine, s => s.OperationName == "durable.wait nap" && s.GetTagItem("durable.operation.status") as string == "SUCCEEDED");
    }

    private static (EventType, string?) Shape(Event e) => (e.EventType, e.EventType is EventType.ExecutionStarted or EventType.ExecutionSucceeded ? null : e.Name);

    private static DurableTestRunner<string, string> Runner(Func<string, IDurableContext, Task<string>> workflow, params IDurablePlugin[] plugins) =>
        new(workflow, new DurableTestRunnerOptions { FunctionOptions = DurableFunctionOptions.Default with { Plugins = plugins } });

    /// <summary>Writes every hook as a line; keeps the infos for detailed checks.</summary>
    private sealed class RecordingPlugin : IDurablePlugin
    {
        private readonly object _gate = new();

        public List<string> Lifecycle { get; } = [];

        public List<OperationChangeInfo> Changes { get; } = [];

        public List<DurableOperationInfo> Ends { get; } = [];

        public List<UserFunctionInfo> Functions { get; } = [];

        public void OnInvocationStart(InvocationStartInfo info) =>
            Add($"invocation-start first={info.IsFirstInvocation}{(info.UpdatedOperations.Count == 0 ? string.Empty : " updated=" + string.Join(",", info.UpdatedOperations.Keys))}");

        public void OnInvocationEnd(InvocationEndInfo info) => Add($"invocation-end {(info.Status is { } s ? WireNames.Of(s) : "ERROR")}");

        public void OnOperationStart(DurableOperationInfo info) => Add($"operation-start {info.Id} replay={info.IsReplay}");

        public void OnOperationEnd(DurableOperationInfo info)
        {
            lock (_gate)
            {
                Ends.Add(info);
            }

            Add($"operation-end {info.Id} {WireNames.Of(info.Status!.Value)}");
        }

        public void OnAttemptStart(AttemptInfo info) => Add($"attempt-start {info.Operation.Id} n={info.AttemptNumber}");

        public void OnAttemptEnd(AttemptInfo info) => Add($"attempt-end {info.Operation.Id} n={info.AttemptNumber} {info.Outcome}");

        public void OnUserFunctionStart(UserFunctionInfo info) => AddFunction(info);

        public void OnUserFunctionEnd(UserFunctionInfo info) => AddFunction(info);

        public void OnOperationChange(OperationChangeInfo info)
        {
            lock (_gate)
            {
                Changes.Add(info);
            }
        }

        private void AddFunction(UserFunctionInfo info)
        {
            lock (_gate)
            {
                Functions.Add(info);
            }
        }

        private void Add(string line)
        {
            lock (_gate)
            {
                Lifecycle.Add(line);
            }
        }
    }

    private sealed class ThrowingPlugin : IDurablePlugin
    {
        public void OnInvocationStart(InvocationStartInfo info) => throw new InvalidOperationException("start");

        public void OnInvocationEnd(InvocationEndInfo info) => throw new InvalidOperationException("end");

        public void OnOperationStart(DurableOperationInfo info) => throw new InvalidOperationException("op start");

        public void OnOperationEnd(DurableOperationInfo info) => throw new InvalidOperationException("op end");

        public void OnAttemptStart(AttemptInfo info) => throw new InvalidOperationException("attempt start");

        public void OnAttemptEnd(AttemptInfo info) => throw new InvalidOperationException("attempt end");

        public void OnOperationChange(OperationChangeInfo info) => throw new InvalidOperationException("change");
    }
}
