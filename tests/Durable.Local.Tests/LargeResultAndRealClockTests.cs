using Durable.Hosting;
using Durable.Protocol;

namespace Durable.Local.Tests;

/// <summary>Results above the response limit (protocol §2.5), and the engine on the real clock.</summary>
public class LargeResultAndRealClockTests
{
    [Fact]
    public async Task A_result_above_the_response_limit_is_checkpointed_on_the_execution_and_returned_empty()
    {
        using var engine = new LocalDurableEngine();
        var big = new string('r', 5_000);
        DurableExecutionInvocationOutput? output = null;
        var handler = DurableFunction.Create<string, string>((_, _) => Task.FromResult(big), new DurableFunctionOptions { MaxInlineResultBytes = 1_000 });
        var inProcess = new Functions.InProcessDurableFunction(handler);
        engine.RegisterFunction("fn", new Support.ScriptedFunction(async (request, _) =>
        {
            var result = await inProcess.InvokeAsync(request, CancellationToken.None);
            output = result.Output;
            return result;
        }));
        var arn = engine.StartExecution("fn", "\"x\"");

        var execution = await engine.WaitForExecutionAsync(arn);

        Assert.Equal((InvocationStatus.Succeeded, string.Empty), (output!.Status, output.Result));
        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal($"\"{big}\"", execution.Result);
        var history = engine.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn, IncludeExecutionData = true }).Events;
        Assert.Equal([EventType.ExecutionStarted, EventType.InvocationCompleted, EventType.ExecutionSucceeded], history.Select(e => e.EventType));
        Assert.Equal($"\"{big}\"", history[^1].ExecutionSucceededDetails!.Result.Payload);
    }

    [Fact]
    public async Task On_the_real_clock_a_wait_takes_its_time()
    {
        using var engine = new LocalDurableEngine(new LocalEngineOptions { Clock = EngineClock.Real });
        engine.RegisterDurableFunction("fn", DurableFunction.Create<string, string>(async (input, ctx) =>
        {
            await ctx.WaitAsync(TimeSpan.FromSeconds(1));
            return input;
        }));
        var started = DateTimeOffset.UtcNow;
        var arn = engine.StartExecution("fn", "\"x\"");

        var execution = await engine.WaitForExecutionAsync(arn).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(1));
        Assert.Equal(2, engine.GetInvocationCount(arn));
        await Assert.ThrowsAsync<InvalidOperationException>(() => engine.RunUntilIdleAsync());
    }
}
