using System.Diagnostics;
using System.Text.Json.Nodes;
using Durable.Local.Functions;
using Durable.Processes.Tests.Support;
using Durable.Protocol;

namespace Durable.Processes.Tests;

/// <summary>A function executable served through the Lambda Runtime API, checkpointing over the REST front.</summary>
public class OutOfProcessTests
{
    private static string Diagnose(ProcessEngine host, string arn) =>
        string.Join("\n", host.Engine.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn, IncludeExecutionData = true }).Events
            .Select(e => $"{e.EventType} {e.Name} {e.InvocationCompletedDetails?.Error?.Payload?.ErrorType} {e.InvocationCompletedDetails?.Error?.Payload?.ErrorMessage}"))
        + "\n--- logs\n" + string.Join("\n", host.Lines.Select(l => $"{l.Stream} {l.Line}"));

    private static readonly LocalFunctionOptions Minute = new() { FunctionTimeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task A_workflow_runs_in_a_warm_process_across_a_suspension_with_its_logs_captured()
    {
        await using var host = await ProcessEngine.StartAsync();
        var invoker = host.Register("greeter", Minute);
        var arn = host.Engine.StartExecution("greeter", "\"Ada\"");

        var execution = await host.Engine.WaitForExecutionAsync(arn).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(ExecutionStatus.Succeeded == execution.Status, Diagnose(host, arn));
        Assert.Equal("\"Hello, Ada!\"", execution.Result);
        Assert.Equal(2, host.Engine.GetInvocationCount(arn));
        Assert.Equal(1, invoker.ProcessesStarted);
        var logs = host.Lines.Where(l => l.DurableExecutionArn == arn).ToList();
        var greeting = Assert.Single(logs, l => l.Line.Contains("Greeting Ada", StringComparison.Ordinal));
        var record = JsonNode.Parse(greeting.Line)!;
        Assert.Equal(arn, (string?)record["executionArn"]);
        Assert.Equal("INFO", (string?)record["level"]);
        Assert.NotNull(greeting.RequestId);
    }

    [Fact]
    public async Task A_process_that_exits_mid_step_is_recorded_as_Runtime_ExitError_and_the_retry_succeeds()
    {
        await using var host = await ProcessEngine.StartAsync();
        var invoker = host.Register("crash-once", Minute);
        var completed = new List<Local.InvocationCompletedEventArgs>();
        host.Engine.InvocationCompleted += (_, e) =>
        {
            lock (completed)
            {
                completed.Add(e);
            }
        };
        var arn = host.Engine.StartExecution("crash-once", "\"x\"");

        // The engine runs the execution while the test waits for it; the process crashes once the step's START is in
        // the history (it waits for this release file).
        var finished = host.Engine.WaitForExecutionAsync(arn);
        await ReleaseWhenAsync(() => host.Engine.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn })
            .Events.Any(e => e.EventType == EventType.StepStarted), Path.Combine(host.Folder, "marker.release"), () => Diagnose(host, arn));
        var execution = await finished.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal("\"survived x\"", execution.Result);
        Assert.Equal(2, invoker.ProcessesStarted);
        var history = host.Engine.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn, IncludeExecutionData = true }).Events;
        var crash = history.First(e => e.EventType == EventType.InvocationCompleted).InvocationCompletedDetails!.Error!.Payload!;
        Assert.Equal("Runtime.ExitError", crash.ErrorType);
        Assert.Matches("^RequestId: .+ Error: Runtime exited with error: exit status 3$", crash.ErrorMessage);
        Assert.Equal([EventType.StepStarted, EventType.InvocationCompleted, EventType.StepSucceeded, EventType.InvocationCompleted],
            history.Where(e => e.EventType is not (EventType.ExecutionStarted or EventType.ExecutionSucceeded)).Select(e => e.EventType));

        // The crashed invocation's lines were captured before the process died, and belong to its invocation.
        var first = completed.Single(c => c.InvocationNumber == 1);
        Assert.Contains(first.LogLines, line => line.Contains("Step attempt 1 for x", StringComparison.Ordinal));
        Assert.Equal("Runtime.ExitError", first.Error!.ErrorType);
    }

    [Fact]
    public async Task A_step_longer_than_the_function_timeout_is_killed_every_time_until_the_execution_times_out()
    {
        await using var host = await ProcessEngine.StartAsync();
        // Virtual time stands still while an invocation runs: invocations start at 0 s and (after the 1 s back-off)
        // 1 s, then the next would start at 3 s, past the execution timeout. The real-time function timeout leaves a
        // cold process (on a busy machine) time to reach the step.
        host.Register("overrun", new LocalFunctionOptions { FunctionTimeout = TimeSpan.FromSeconds(4), ExecutionTimeout = TimeSpan.FromSeconds(2.5) });
        var arn = host.Engine.StartExecution("overrun", "30");

        var execution = await host.Engine.WaitForExecutionAsync(arn).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(ExecutionStatus.TimedOut == execution.Status, Diagnose(host, arn));
        var history = host.Engine.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn, IncludeExecutionData = true }).Events;
        var timeouts = history.Where(e => e.EventType == EventType.InvocationCompleted).Select(e => e.InvocationCompletedDetails!.Error?.Payload?.ErrorType).ToList();
        Assert.Equal(2, timeouts.Count);
        Assert.All(timeouts, type => Assert.Equal("Sandbox.Timedout", type));

        // The retry strategy was never consulted: the step never failed, it kept being re-run.
        Assert.DoesNotContain(history, e => e.EventType == EventType.StepFailed);
        Assert.Equal(EventType.ExecutionTimedOut, history[^1].EventType);

        // Every invocation that got as far as the step started it again (a cold start may use up the whole budget).
        var runs = host.Journal().Count(line => line.StartsWith("begin overrun", StringComparison.Ordinal));
        Assert.InRange(runs, 1, timeouts.Count);
    }

    /// <summary>Creates <paramref name="releaseFile"/> as soon as <paramref name="condition"/> holds (within a minute).</summary>
    private static async Task ReleaseWhenAsync(Func<bool> condition, string releaseFile, Func<string> diagnose)
    {
        var patience = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(patience.Elapsed < TimeSpan.FromMinutes(1), "The condition for " + releaseFile + " never held.\n" + diagnose());
            await Task.Delay(10);
        }

        await File.WriteAllTextAsync(releaseFile, "go");
    }
}
