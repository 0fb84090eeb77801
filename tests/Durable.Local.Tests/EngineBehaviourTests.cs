using System.Text.Json;
using Durable.Client;
using Durable.Hosting;
using Durable.Local.Functions;
using Durable.Local.Tests.Support;
using Durable.Protocol;

namespace Durable.Local.Tests;

/// <summary>How the engine behaves as the service: deltas, visibility, paging, timers, re-invocation, failures, limits.</summary>
public class EngineBehaviourTests
{
    [Fact]
    public async Task Checkpoint_responses_carry_only_what_changed()
    {
        using var engine = new LocalDurableEngine();
        var deltas = new List<List<string>>();
        engine.RegisterFunction("fn", new ScriptedFunction(async (request, _) =>
        {
            var token = request.Envelope!.CheckpointToken!;
            var first = await Updates.Send(request, token, Updates.Step("aaaa", OperationAction.Succeed, "1"));
            deltas.Add(first.NewExecutionState.Operations!.Select(o => o.Id).ToList());
            var second = await Updates.Send(request, first.CheckpointToken!, Updates.Step("bbbb", OperationAction.Start));
            deltas.Add(second.NewExecutionState.Operations!.Select(o => o.Id).ToList());
            var empty = await Updates.Send(request, second.CheckpointToken!);
            deltas.Add(empty.NewExecutionState.Operations!.Select(o => o.Id).ToList());
            return ScriptedFunction.Succeeded(null);
        }));
        await engine.WaitForExecutionAsync(engine.StartExecution("fn", null));
        Assert.Equal([["aaaa"], ["bbbb"], []], deltas);
    }

    [Fact]
    public async Task Children_of_a_completed_context_are_hidden_unless_it_asked_for_replay()
    {
        using var engine = new LocalDurableEngine();
        var function = new ScriptedFunction(async (request, n) =>
        {
            if (n > 1)
            {
                return ScriptedFunction.Succeeded(null);
            }

            var token = request.Envelope!.CheckpointToken!;
            var response = await Updates.Send(
                request,
                token,
                Updates.Context("ctx1", OperationAction.Start),
                Updates.Step("inner1", OperationAction.Succeed, "1", parentId: "ctx1"),
                Updates.Context("ctx1", OperationAction.Succeed, "\"small\""),
                Updates.Context("ctx2", OperationAction.Start),
                Updates.Step("inner2", OperationAction.Succeed, "2", parentId: "ctx2"),
                Updates.Context("ctx2", OperationAction.Succeed, string.Empty, replayChildren: true));
            await Updates.Send(request, response.CheckpointToken!, Updates.Wait("wait", 1));
            return ScriptedFunction.Pending();
        });
        engine.RegisterFunction("fn", function);
        await engine.WaitForExecutionAsync(engine.StartExecution("fn", null));
        var replayed = function.Envelopes[1].InitialExecutionState!.Operations!.Select(o => o.Id).ToList();
        Assert.Contains("ctx1", replayed);
        Assert.DoesNotContain("inner1", replayed);
        Assert.Contains("inner2", replayed);
    }

    [Fact]
    public async Task A_large_state_is_paged_and_the_sdk_reads_every_page()
    {
        using var engine = new LocalDurableEngine(new LocalEngineOptions { EnvelopePageOperations = 3 });
        var runs = 0;
        engine.RegisterDurableFunction("fn", DurableFunction.Create<string, int>(async (_, ctx) =>
        {
            var sum = 0;
            for (var i = 1; i <= 10; i++)
            {
                sum += await ctx.StepAsync(_ => { runs++; return i; });
            }

            await ctx.WaitAsync(TimeSpan.FromSeconds(1));
            return sum;
        }));
        var result = await engine.WaitForExecutionAsync(engine.StartExecution("fn", "\"x\""));
        Assert.Equal("55", result.Result);
        Assert.Equal(10, runs);
    }

    [Fact]
    public async Task State_pages_are_read_with_the_current_token_and_markers_expire_at_the_next_checkpoint()
    {
        using var engine = new LocalDurableEngine(new LocalEngineOptions { EnvelopePageOperations = 1 });
        DurableServiceException? expired = null;
        int pageSize = 0;
        var function = new ScriptedFunction(async (request, n) =>
        {
            var token = request.Envelope!.CheckpointToken!;
            if (n == 1)
            {
                await Updates.Send(request, token, Updates.Step("aaaa", OperationAction.Succeed, "1"), Updates.Step("bbbb", OperationAction.Succeed, "2"), Updates.Wait("cccc", 1));
                return ScriptedFunction.Pending();
            }

            var marker = request.Envelope.InitialExecutionState!.NextMarker!;
            var page = await request.Client.GetDurableExecutionStateAsync(new GetDurableExecutionStateRequest { DurableExecutionArn = request.Envelope.DurableExecutionArn!, CheckpointToken = token, Marker = marker, MaxItems = 2 });
            pageSize = page.Operations.Count;
            var next = (await Updates.Send(request, token)).CheckpointToken!;
            expired = await Assert.ThrowsAsync<DurableServiceException>(() => request.Client.GetDurableExecutionStateAsync(new GetDurableExecutionStateRequest { DurableExecutionArn = request.Envelope.DurableExecutionArn!, CheckpointToken = next, Marker = marker }));
            return ScriptedFunction.Succeeded(null);
        });
        engine.RegisterFunction("fn", function);
        await engine.WaitForExecutionAsync(engine.StartExecution("fn", null));
        Assert.Single(function.Envelopes[1].InitialExecutionState!.Operations!);
        Assert.Equal(2, pageSize);
        Assert.Contains("Invalid marker", expired!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retry_becomes_ready_at_its_time_and_the_history_records_each_attempt()
    {
        using var engine = new LocalDurableEngine();
        var attempts = 0;
        engine.RegisterDurableFunction("fn", DurableFunction.Create<string, string>(async (_, ctx) =>
            await ctx.StepAsync(_ => ++attempts < 3 ? throw new TimeoutException("again") : "ok", config: new StepConfig { RetryStrategy = RetryStrategy.Fixed(TimeSpan.FromSeconds(7)) })));
        var start = engine.UtcNow;
        var arn = engine.StartExecution("fn", "\"x\"");
        var result = await engine.WaitForExecutionAsync(arn);
        Assert.Equal("\"ok\"", result.Result);
        Assert.Equal(TimeSpan.FromSeconds(14), engine.UtcNow - start);
        var steps = History(engine, arn).Where(e => e.EventType is EventType.StepFailed or EventType.StepSucceeded).ToList();
        Assert.Equal([1, 2, 3], steps.Select(e => (e.StepFailedDetails?.RetryDetails ?? e.StepSucceededDetails!.RetryDetails).CurrentAttempt));
        Assert.Equal([7, 7, (int?)null], steps.Select(e => (e.StepFailedDetails?.RetryDetails ?? e.StepSucceededDetails!.RetryDetails).NextAttemptDelaySeconds));
        Assert.Equal(3, engine.GetInvocationCount(arn));
    }

    [Fact]
    public async Task A_crashed_invocation_is_recorded_and_retried_and_acknowledged_checkpoints_survive_it()
    {
        using var engine = new LocalDurableEngine();
        var stepRuns = 0;
        var stepAcknowledged = new TaskCompletionSource();
        var handler = DurableFunction.Create<string, string>(async (_, ctx) =>
        {
            var value = await ctx.StepAsync(_ => { stepRuns++; return "kept"; });
            if (!stepAcknowledged.Task.IsCompleted)
            {
                stepAcknowledged.SetResult();
                await new TaskCompletionSource().Task; // the process dies here
            }

            return value;
        });
        var inProcess = new InProcessDurableFunction(handler);
        engine.RegisterFunction("fn", new ScriptedFunction(async (request, n) =>
        {
            var run = inProcess.InvokeAsync(request, CancellationToken.None);
            if (n > 1)
            {
                return await run;
            }

            await stepAcknowledged.Task;
            return LocalInvocationResult.Failed(new ErrorObject { ErrorType = "Runtime.ExitError", ErrorMessage = "exit status 1" });
        }));
        var arn = engine.StartExecution("fn", "\"x\"");
        var result = await engine.WaitForExecutionAsync(arn);
        Assert.Equal("\"kept\"", result.Result);
        Assert.Equal(1, stepRuns);
        var history = History(engine, arn);
        Assert.Equal(
            [EventType.ExecutionStarted, EventType.StepStarted, EventType.StepSucceeded, EventType.InvocationCompleted, EventType.InvocationCompleted, EventType.ExecutionSucceeded],
            history.Select(e => e.EventType));
        Assert.Equal("Runtime.ExitError", history[3].InvocationCompletedDetails!.Error!.Payload!.ErrorType);
        Assert.Null(history[4].InvocationCompletedDetails!.Error);
    }

    [Fact]
    public async Task An_unhandled_handler_exception_is_a_failed_invocation_that_is_retried()
    {
        using var engine = new LocalDurableEngine();
        var failures = 0;
        var handler = DurableFunction.Create<string, string>((input, _) => Task.FromResult(input));
        var inProcess = new InProcessDurableFunction(handler);
        engine.RegisterFunction("fn", new ScriptedFunction((request, n) =>
            n <= 2 ? throw new InvalidOperationException($"boom {++failures}") : inProcess.InvokeAsync(request, CancellationToken.None)));
        var start = engine.UtcNow;
        var arn = engine.StartExecution("fn", "\"ok\"");
        var result = await engine.WaitForExecutionAsync(arn);
        Assert.Equal("\"ok\"", result.Result);
        var errors = History(engine, arn).Where(e => e.EventType == EventType.InvocationCompleted).Select(e => e.InvocationCompletedDetails!.Error?.Payload?.ErrorMessage).ToList();
        Assert.Equal(["boom 1", "boom 2", null], errors);
        Assert.Equal(TimeSpan.FromSeconds(3), engine.UtcNow - start); // back-off of 1 s, then 2 s
    }

    [Fact]
    public async Task Pending_without_anything_pending_is_an_invalid_output_and_a_failed_invocation()
    {
        using var engine = new LocalDurableEngine();
        engine.RegisterFunction("fn", new ScriptedFunction((_, n) => Task.FromResult(n == 1 ? ScriptedFunction.Pending() : ScriptedFunction.Succeeded("1"))));
        var arn = engine.StartExecution("fn", null);
        await engine.WaitForExecutionAsync(arn);
        var first = History(engine, arn).First(e => e.EventType == EventType.InvocationCompleted);
        Assert.Equal("Cannot return PENDING status with no pending operations.", first.InvocationCompletedDetails!.Error!.Payload!.ErrorMessage);
        Assert.Equal(ExecutionStatus.Succeeded, engine.GetDurableExecution(arn).Status);
    }

    [Fact]
    public async Task A_change_during_an_invocation_triggers_another_invocation_after_it()
    {
        using var engine = new LocalDurableEngine();
        var function = new ScriptedFunction(async (request, n) =>
        {
            var token = request.Envelope!.CheckpointToken!;
            if (n == 1)
            {
                var response = await Updates.Send(request, token, new OperationUpdate { Id = "cb", Type = OperationType.Callback, SubType = OperationSubTypes.Callback, Action = OperationAction.Start });
                var callbackId = response.NewExecutionState.Operations!.Single().CallbackDetails!.CallbackId!;
                ((LocalDurableEngine)request.Client).SendCallbackSuccess(callbackId, "\"hi\"");
                return ScriptedFunction.Pending();
            }

            return ScriptedFunction.Succeeded(request.Envelope.InitialExecutionState!.Operations!.Single(o => o.Id == "cb").CallbackDetails!.Result);
        });
        engine.RegisterFunction("fn", function);
        var arn = engine.StartExecution("fn", null);
        var result = await engine.WaitForExecutionAsync(arn);
        Assert.Equal("\"hi\"", result.Result);
        Assert.Equal(["cb"], function.Envelopes[1].UpdatedOperationIds);
        Assert.Equal(
            [EventType.ExecutionStarted, EventType.CallbackStarted, EventType.CallbackSucceeded, EventType.InvocationCompleted, EventType.InvocationCompleted, EventType.ExecutionSucceeded],
            History(engine, arn).Select(e => e.EventType));
    }

    [Fact]
    public async Task The_execution_timeout_closes_a_waiting_execution_once_time_passes_it()
    {
        using var engine = new LocalDurableEngine();
        engine.RegisterDurableFunction(
            "fn",
            DurableFunction.Create<string, string>(async (_, ctx) => { await ctx.WaitAsync(TimeSpan.FromDays(3)); return "late"; }),
            new LocalFunctionOptions { ExecutionTimeout = TimeSpan.FromDays(1) });
        var arn = engine.StartExecution("fn", "\"x\"");
        var result = await engine.WaitForExecutionAsync(arn);
        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        var last = History(engine, arn)[^1];
        Assert.Equal(EventType.ExecutionTimedOut, last.EventType);
        Assert.Contains("86400 seconds", last.ExecutionTimedOutDetails!.Error.Payload!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_execution_waiting_on_the_outside_world_is_idle_not_timed_out()
    {
        using var engine = new LocalDurableEngine();
        engine.RegisterFunction(
            "fn",
            new ScriptedFunction(async (request, _) =>
            {
                await Updates.Send(request, request.Envelope!.CheckpointToken!, new OperationUpdate { Id = "cb", Type = OperationType.Callback, Action = OperationAction.Start });
                return ScriptedFunction.Pending();
            }),
            new LocalFunctionOptions { ExecutionTimeout = TimeSpan.FromDays(1) });
        var arn = engine.StartExecution("fn", null);
        await engine.RunUntilIdleAsync();
        Assert.Equal(ExecutionStatus.Running, engine.GetDurableExecution(arn).Status);
        await engine.AdvanceTimeAsync(TimeSpan.FromDays(2));
        Assert.Equal(ExecutionStatus.TimedOut, engine.GetDurableExecution(arn).Status);
    }

    [Fact]
    public async Task A_stopped_execution_rejects_the_running_invocations_next_checkpoint()
    {
        using var engine = new LocalDurableEngine();
        DurableServiceException? rejected = null;
        string? arn = null;
        engine.RegisterFunction("fn", new ScriptedFunction(async (request, _) =>
        {
            engine.StopDurableExecution(new StopDurableExecutionRequest { DurableExecutionArn = arn! });
            rejected = await Assert.ThrowsAsync<DurableServiceException>(() => Updates.Send(request, request.Envelope!.CheckpointToken!, Updates.Step("aaaa", OperationAction.Start)));
            return ScriptedFunction.Pending();
        }));
        arn = engine.StartExecution("fn", null);
        await engine.RunUntilIdleAsync();
        Assert.Equal(ExecutionStatus.Stopped, engine.GetDurableExecution(arn).Status);
        Assert.Contains("STOPPED", rejected!.Message, StringComparison.Ordinal);
        Assert.Equal(EventType.ExecutionStopped, History(engine, arn)[^2].EventType);
    }

    [Fact]
    public async Task The_same_seed_and_start_time_give_byte_identical_histories()
    {
        async Task<string> RunOnce()
        {
            using var engine = new LocalDurableEngine(new LocalEngineOptions { RandomSeed = 42, VirtualStartTime = DateTimeOffset.UnixEpoch.AddYears(56) });
            engine.RegisterDurableFunction("fn", DurableFunction.Create<string, string>(async (input, ctx) =>
            {
                var a = await ctx.StepAsync(_ => input + "!", "shout", new StepConfig { RetryStrategy = RetryStrategy.Exponential(3, jitter: JitterStrategy.None) });
                await ctx.WaitAsync(TimeSpan.FromMinutes(5), "pause");
                return a;
            }));
            var arn = engine.StartExecution("fn", "\"x\"", "run-1");
            await engine.WaitForExecutionAsync(arn);
            return JsonSerializer.Serialize(engine.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn, IncludeExecutionData = true }), ProtocolJson.ApiTypeInfo<GetDurableExecutionHistoryResponse>());
        }

        Assert.Equal(await RunOnce(), await RunOnce());
    }

    [Fact]
    public async Task Execution_names_are_unique_per_function()
    {
        using var engine = new LocalDurableEngine();
        engine.RegisterFunction("fn", new ScriptedFunction((_, _) => Task.FromResult(ScriptedFunction.Succeeded(null))));
        engine.StartExecution("fn", null, "order-1");
        var error = Assert.Throws<DurableServiceException>(() => engine.StartExecution("fn", null, "order-1"));
        Assert.Equal(409, error.StatusCode);
        Assert.Equal(ServiceErrorCodes.DurableExecutionAlreadyStarted, error.ErrorCode);
        Assert.Throws<DurableServiceException>(() => engine.StartExecution("fn", null, "bad name"));
        Assert.Equal(404, Assert.Throws<DurableServiceException>(() => engine.StartExecution("nope", null)).StatusCode);
    }

    [Fact]
    public async Task Arns_follow_the_service_format_and_the_execution_operation_id_is_their_last_segment()
    {
        using var engine = new LocalDurableEngine(new LocalEngineOptions { Region = "eu-west-1", AccountId = "111122223333" });
        var function = new ScriptedFunction((_, _) => Task.FromResult(ScriptedFunction.Succeeded(null)));
        engine.RegisterFunction("orders", function);
        var arn = engine.StartExecution("arn:aws:lambda:eu-west-1:111122223333:function:orders:$LATEST", "{}", "run-7");
        await engine.WaitForExecutionAsync(arn);
        Assert.Matches(@"^arn:aws:lambda:eu-west-1:111122223333:function:orders:\$LATEST/durable-execution/run-7/[0-9a-f]{32}$", arn);
        var execution = function.Envelopes[0].InitialExecutionState!.Operations![0];
        Assert.Equal(OperationType.Execution, execution.Type);
        Assert.Equal(arn[(arn.LastIndexOf('/') + 1)..], execution.Id);
        Assert.Equal("{}", execution.ExecutionDetails!.InputPayload);
    }

    private static List<Event> History(LocalDurableEngine engine, string arn) =>
        engine.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn, IncludeExecutionData = true }).Events;
}
