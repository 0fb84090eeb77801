using Durable.Protocol;
using Durable.Testing;

namespace Durable.Local.Tests;

/// <summary>The user-facing test runner: time skipping, inspection, callbacks from the test, and clear failures.</summary>
public class TestRunnerTests
{
    [Fact]
    public async Task Runs_a_week_long_workflow_instantly_and_exposes_operations_and_history()
    {
        using var runner = new DurableTestRunner<string, string>(async (order, ctx) =>
        {
            var id = await ctx.StepAsync(_ => order.ToUpperInvariant(), "validate");
            await ctx.WaitAsync(TimeSpan.FromDays(7), "cool-off");
            return await ctx.StepAsync(_ => $"shipped {id}", "ship");
        });

        var result = await runner.RunAsync("o-1");

        result.EnsureSucceeded();
        Assert.Equal("shipped O-1", result.Result);
        Assert.Equal(2, result.InvocationCount);
        Assert.Equal(OperationStatus.Succeeded, result.GetOperation("validate").Status);
        Assert.Equal("O-1", result.GetOperation("validate").GetResult<string>());
        Assert.Equal(TimeSpan.FromDays(7), result.GetOperation("cool-off").WaitEndsAt - result.GetOperation("cool-off").StartedAt);
        Assert.Equal(EventType.ExecutionSucceeded, result.History[^1].EventType);
    }

    [Fact]
    public async Task A_failing_workflow_reports_its_error_and_EnsureSucceeded_throws()
    {
        using var runner = new DurableTestRunner<string, string>(async (_, ctx) =>
            // A lambda that only throws needs its return type spelled out (C# lambda return types).
            await ctx.StepAsync(string (_) => throw new InvalidOperationException("out of stock"), "reserve", new StepConfig { RetryStrategy = RetryStrategy.None }));
        var result = await runner.RunAsync("x");
        Assert.True(result.IsFailed);
        Assert.Equal("System.InvalidOperationException", result.Error!.ErrorType);
        var error = Assert.Throws<TestExecutionFailedException>(() => result.EnsureSucceeded());
        Assert.Contains("out of stock", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiting_on_a_callback_the_test_never_sends_is_a_clear_failure()
    {
        using var runner = new DurableTestRunner<string, string>((input, _) => Task.FromResult(input));
        runner.Engine.RegisterFunction("approval", new Support.ScriptedFunction(async (request, _) =>
        {
            await Support.Updates.Send(request, request.Envelope!.CheckpointToken!, new OperationUpdate
            {
                Id = "cb", Name = "manager-approval", Type = OperationType.Callback, SubType = OperationSubTypes.Callback, Action = OperationAction.Start,
            });
            return Support.ScriptedFunction.Pending();
        }));
        var arn = runner.Engine.StartExecution("approval", null);

        var error = await Assert.ThrowsAsync<WorkflowStalledException>(() => runner.WaitForResultAsync(arn));

        Assert.Equal(arn, error.DurableExecutionArn);
        Assert.Contains("cannot finish on its own", error.Message, StringComparison.Ordinal);
        Assert.Contains("callback 'manager-approval'", error.Message, StringComparison.Ordinal);
        Assert.Contains("SendCallbackSuccessAsync", error.Message, StringComparison.Ordinal);
        var callbackId = await runner.WaitForCallbackAsync(arn, "manager-approval");
        Assert.Matches("^[A-Za-z0-9+/]+={0,2}$", callbackId);
    }

    [Fact]
    public async Task An_unknown_operation_name_lists_the_operations_there_are()
    {
        using var runner = new DurableTestRunner<string, int>(async (_, ctx) => await ctx.StepAsync(_ => 1, "only"));
        var result = await runner.RunAsync("x");
        var error = Assert.Throws<InvalidOperationException>(() => result.GetOperation("missing"));
        Assert.Contains("STEP 'only'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runaway_workflow_hits_the_invocation_limit()
    {
        using var runner = new DurableTestRunner<string, string>(
            async (_, ctx) =>
            {
                for (var i = 0; i < 1000; i++)
                {
                    await ctx.WaitAsync(TimeSpan.FromSeconds(1));
                }

                return "done";
            },
            new DurableTestRunnerOptions { MaxInvocations = 5 });
        var error = await Assert.ThrowsAsync<WorkflowStalledException>(() => runner.RunAsync("x"));
        Assert.Contains("exceeded 5 invocations", error.Message, StringComparison.Ordinal);
    }
}
