using Durable.Hosting;
using Durable.Local;
using Durable.Protocol;

namespace Durable.Local.Tests;

public class SmokeTests
{
    [Fact]
    public async Task Step_then_wait_completes_over_two_invocations()
    {
        var engine = new LocalDurableEngine();
        var executed = 0;
        var handler = DurableFunction.Create<string, string>(async (input, ctx) =>
        {
            var greeting = await ctx.StepAsync(_ => { executed++; return $"Hello, {input}!"; }, "greet");
            await ctx.WaitAsync(TimeSpan.FromSeconds(2));
            return greeting;
        });
        engine.RegisterDurableFunction("fn", handler);
        var arn = engine.StartExecution("fn", "\"World\"");
        var result = await engine.WaitForExecutionAsync(arn);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("\"Hello, World!\"", result.Result);
        Assert.Equal(1, executed);
        var history = engine.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn, IncludeExecutionData = true });
        Assert.Equal(
            new[] { EventType.ExecutionStarted, EventType.StepStarted, EventType.StepSucceeded, EventType.WaitStarted, EventType.InvocationCompleted, EventType.WaitSucceeded, EventType.InvocationCompleted, EventType.ExecutionSucceeded },
            history.Events.Select(e => e.EventType));
    }
}
