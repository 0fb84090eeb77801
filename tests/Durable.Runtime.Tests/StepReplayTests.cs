using Durable.Hosting;
using Durable.Protocol;
using Durable.Runtime.Tests.Support;

namespace Durable.Runtime.Tests;

/// <summary>Every status a step can have on replay (protocol §9.1), and the fresh paths.</summary>
public class StepReplayTests
{
    private static readonly StepConfig NoRetry = new() { RetryStrategy = RetryStrategy.None };

    [Fact]
    public async Task Succeeded_returns_the_recorded_result_without_running_the_step()
    {
        var runs = 0;
        var handler = Workflow(async ctx => await ctx.StepAsync(_ => { runs++; return "fresh"; }, "s"));
        var client = new ScriptedClient();
        var output = await handler.InvokeAsync(Envelopes.Create("null", Envelopes.Step(1, OperationStatus.Succeeded, "s", 1, "\"recorded\"")), client);
        Assert.Equal("\"recorded\"", output.Result);
        Assert.Equal(0, runs);
        Assert.Empty(client.Checkpoints);
    }

    [Fact]
    public async Task Succeeded_without_a_payload_reads_as_default()
    {
        var handler = Workflow(async ctx => (await ctx.StepAsync(_ => "fresh")) ?? "was null");
        var output = await handler.InvokeAsync(Envelopes.Create("null", Envelopes.Step(1, OperationStatus.Succeeded, attempt: 1)), new ScriptedClient());
        Assert.Equal("\"was null\"", output.Result);
    }

    [Fact]
    public async Task Failed_rethrows_the_recorded_error_without_running_the_step()
    {
        var runs = 0;
        StepException? caught = null;
        var handler = Workflow(async ctx =>
        {
            try
            {
                await ctx.StepAsync(_ => { runs++; return Throw<string>(new InvalidOperationException("new")); }, "s");
            }
            catch (StepException ex)
            {
                caught = ex;
            }

            return "caught";
        });
        var recorded = new ErrorObject { ErrorType = "System.TimeoutException", ErrorMessage = "slow", ErrorData = "d" };
        var output = await handler.InvokeAsync(Envelopes.Create("null", Envelopes.Step(1, OperationStatus.Failed, "s", 1, error: recorded)), new ScriptedClient());
        Assert.Equal("\"caught\"", output.Result);
        Assert.Equal(0, runs);
        Assert.Equal("slow", caught!.Message);
        Assert.Equal("System.TimeoutException", caught.ErrorType);
        Assert.Equal("d", caught.ErrorData);
        Assert.Equal(Envelopes.Root(1), caught.OperationId);
    }

    [Fact]
    public async Task Pending_suspends_without_running_or_checkpointing()
    {
        var runs = 0;
        var handler = Workflow(async ctx => await ctx.StepAsync(_ => { runs++; return "x"; }));
        var client = new ScriptedClient();
        var output = await handler.InvokeAsync(Envelopes.Create("null", Envelopes.Step(1, OperationStatus.Pending, attempt: 1)), client);
        Assert.Equal(InvocationStatus.Pending, output.Status);
        Assert.Equal(0, runs);
        Assert.Empty(client.Checkpoints);
    }

    [Fact]
    public async Task Ready_runs_the_next_attempt_after_a_start()
    {
        var attempt = 0;
        var handler = Workflow(async ctx => await ctx.StepAsync(s => { attempt = s.AttemptNumber; return "done"; }));
        var client = new ScriptedClient();
        var output = await handler.InvokeAsync(Envelopes.Create("null", Envelopes.Step(1, OperationStatus.Ready, attempt: 2)), client);
        Assert.Equal("\"done\"", output.Result);
        Assert.Equal(3, attempt);
        Assert.Equal([OperationAction.Start, OperationAction.Succeed], client.AllUpdates.Select(u => u.Action));
    }

    [Fact]
    public async Task Started_at_least_once_reruns_the_interrupted_attempt_without_a_new_start()
    {
        var attempt = 0;
        var handler = Workflow(async ctx => await ctx.StepAsync(s => { attempt = s.AttemptNumber; return "again"; }));
        var client = new ScriptedClient();
        var output = await handler.InvokeAsync(Envelopes.Create("null", Envelopes.Step(1, OperationStatus.Started)), client);
        Assert.Equal("\"again\"", output.Result);
        Assert.Equal(1, attempt);
        Assert.Equal([OperationAction.Succeed], client.AllUpdates.Select(u => u.Action));
    }

    [Fact]
    public async Task Started_at_most_once_is_not_rerun_but_reported_to_the_retry_strategy()
    {
        var runs = 0;
        Exception? seen = null;
        var config = new StepConfig
        {
            Semantics = StepSemantics.AtMostOncePerRetry,
            RetryStrategy = RetryStrategy.FromDelegate((ex, _) => { seen = ex; return RetryDecision.RetryAfter(TimeSpan.FromSeconds(3)); }),
        };
        var handler = Workflow(async ctx => await ctx.StepAsync(_ => { runs++; return "x"; }, "pay", config));
        var client = new ScriptedClient();
        var output = await handler.InvokeAsync(Envelopes.Create("null", Envelopes.Step(1, OperationStatus.Started, "pay")), client);
        Assert.Equal(InvocationStatus.Pending, output.Status);
        Assert.Equal(0, runs);
        var interrupted = Assert.IsType<StepInterruptedException>(seen);
        Assert.Contains("'pay' attempt 1 was interrupted", interrupted.Message, StringComparison.Ordinal);
        var retry = Assert.Single(client.AllUpdates);
        Assert.Equal(OperationAction.Retry, retry.Action);
        Assert.Equal(StepInterruptedException.ErrorTypeName, retry.Error!.ErrorType);
        Assert.Equal(3, retry.StepOptions!.NextAttemptDelaySeconds);
    }

    [Fact]
    public async Task Started_at_most_once_without_retries_fails_the_step()
    {
        var handler = Workflow(async ctx => await ctx.StepAsync(_ => "x", "pay", NoRetry with { Semantics = StepSemantics.AtMostOncePerRetry }));
        var client = new ScriptedClient();
        var output = await handler.InvokeAsync(Envelopes.Create("null", Envelopes.Step(1, OperationStatus.Started, "pay")), client);
        Assert.Equal(InvocationStatus.Failed, output.Status);
        Assert.Equal(StepInterruptedException.ErrorTypeName, output.Error!.ErrorType);
        Assert.Equal(OperationAction.Fail, Assert.Single(client.AllUpdates).Action);
    }

    [Fact]
    public async Task At_most_once_waits_for_the_start_to_be_acknowledged_before_running()
    {
        var client = new ScriptedClient();
        var startsSeenByStep = -1;
        var handler = Workflow(async ctx => await ctx.StepAsync(
            _ => { startsSeenByStep = client.AllUpdates.Count(u => u.Action == OperationAction.Start); return "x"; },
            config: new StepConfig { Semantics = StepSemantics.AtMostOncePerRetry }));
        await handler.InvokeAsync(Envelopes.Create("null"), client);
        Assert.Equal(1, startsSeenByStep);
    }

    [Fact]
    public async Task A_fresh_step_checkpoints_start_and_succeed_with_its_name_and_subtype()
    {
        var client = new ScriptedClient();
        var output = await Workflow(async ctx => await ctx.StepAsync(_ => 42, "answer")).InvokeAsync(Envelopes.Create("null"), client);
        Assert.Equal("42", output.Result);
        Assert.All(client.AllUpdates, u =>
        {
            Assert.Equal(Envelopes.Root(1), u.Id);
            Assert.Equal("answer", u.Name);
            Assert.Equal(OperationType.Step, u.Type);
            Assert.Equal(OperationSubTypes.Step, u.SubType);
            Assert.Null(u.ParentId);
        });
        Assert.Equal([OperationAction.Start, OperationAction.Succeed], client.AllUpdates.Select(u => u.Action));
        Assert.Equal("42", client.AllUpdates[1].Payload);
    }

    [Fact]
    public async Task A_failure_with_the_default_strategy_schedules_a_retry_within_the_default_delay()
    {
        var client = new ScriptedClient();
        var output = await Workflow(async ctx => await ctx.StepAsync(_ => Throw<string>(new TimeoutException("flaky")))).InvokeAsync(Envelopes.Create("null"), client);
        Assert.Equal(InvocationStatus.Pending, output.Status);
        var retry = client.AllUpdates.Last();
        Assert.Equal(OperationAction.Retry, retry.Action);
        Assert.Equal("System.TimeoutException", retry.Error!.ErrorType);
        Assert.Equal("flaky", retry.Error.ErrorMessage);
        Assert.InRange(retry.StepOptions!.NextAttemptDelaySeconds!.Value, 1, 5);
    }

    [Fact]
    public async Task An_exhausted_step_fails_and_the_workflow_failure_carries_the_original_error()
    {
        var client = new ScriptedClient();
        var output = await Workflow(async ctx => await ctx.StepAsync(_ => Throw<string>(new ArgumentException("bad order")), config: NoRetry))
            .InvokeAsync(Envelopes.Create("null"), client);
        Assert.Equal(InvocationStatus.Failed, output.Status);
        Assert.Equal("System.ArgumentException", output.Error!.ErrorType);
        Assert.Equal("bad order", output.Error.ErrorMessage);
        Assert.NotEmpty(output.Error.StackTrace!);
        Assert.Equal(OperationAction.Fail, client.AllUpdates.Last().Action);
    }

    [Fact]
    public async Task The_first_run_returns_the_checkpointed_value_not_the_live_one()
    {
        var upper = DurableSerializer.Create<string>(v => "\"" + v.ToUpperInvariant() + "\"", p => p!.Trim('"'));
        var output = await Workflow(async ctx => await ctx.StepAsync(_ => "hello world", upper)).InvokeAsync(Envelopes.Create("null"), new ScriptedClient());
        Assert.Equal("\"HELLO WORLD\"", output.Result);
    }

    [Fact]
    public async Task Void_steps_checkpoint_no_payload()
    {
        var ran = false;
        var client = new ScriptedClient();
        await Workflow(async ctx =>
        {
            await ctx.StepAsync(_ => { ran = true; });
            await ctx.StepAsync(async _ => await Task.Yield());
            return "ok";
        }).InvokeAsync(Envelopes.Create("null"), client);
        Assert.True(ran);
        Assert.All(client.AllUpdates.Where(u => u.Action == OperationAction.Succeed), u => Assert.Null(u.Payload));
    }

    [Fact]
    public async Task A_different_operation_type_at_a_recorded_position_fails_the_execution_and_cannot_be_caught()
    {
        var caught = false;
        var handler = Workflow(async ctx =>
        {
            try
            {
                await ctx.StepAsync(_ => "x", "charge");
            }
            catch (Exception)
            {
                caught = true;
            }

            return "continued";
        });
        var output = await handler.InvokeAsync(Envelopes.Create("null", Envelopes.Wait(1, OperationStatus.Succeeded, "cool-down")), new ScriptedClient());
        Assert.Equal(InvocationStatus.Failed, output.Status);
        Assert.False(caught);
        Assert.Equal(NonDeterministicExecutionException.ErrorTypeName, output.Error!.ErrorType);
        Assert.Contains("operation #1 of the root context", output.Error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(Envelopes.Root(1), output.Error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("recorded as WAIT/Wait 'cool-down'", output.Error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("now starts STEP/Step 'charge'", output.Error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_different_name_at_a_recorded_position_is_non_deterministic()
    {
        var output = await Workflow(async ctx => await ctx.StepAsync(_ => "x", "ship"))
            .InvokeAsync(Envelopes.Create("null", Envelopes.Step(1, OperationStatus.Succeeded, "charge", 1, "\"y\"")), new ScriptedClient());
        Assert.Equal(NonDeterministicExecutionException.ErrorTypeName, output.Error!.ErrorType);
        Assert.Contains("'charge'", output.Error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'ship'", output.Error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_status_a_step_never_has_fails_the_execution_naming_it()
    {
        var output = await Workflow(async ctx => await ctx.StepAsync(_ => "x"))
            .InvokeAsync(Envelopes.Create("null", Envelopes.Step(1, OperationStatus.TimedOut)), new ScriptedClient());
        Assert.Equal(InvocationStatus.Failed, output.Status);
        Assert.Contains("status TIMED_OUT", output.Error!.ErrorMessage, StringComparison.Ordinal);
    }

    private static T Throw<T>(Exception exception) => throw exception;

    private static DurableFunctionHandler Workflow<T>(Func<IDurableContext, Task<T>> body) =>
        DurableFunction.Create<string?, T>((_, ctx) => body(ctx));
}
