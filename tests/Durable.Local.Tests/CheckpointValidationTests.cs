using Durable.Client;
using Durable.Local.Functions;
using Durable.Local.Tests.Support;
using Durable.Protocol;

namespace Durable.Local.Tests;

/// <summary>
/// The service's request validation (protocol §4.4–4.5) as the engine enforces it. A rejected request changes
/// nothing: no operation, no event, no token advance.
/// </summary>
public class CheckpointValidationTests
{
    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Invalid_requests_are_rejected_with_a_specific_message_and_change_nothing(string expectedMessage, OperationUpdate[] setup, OperationUpdate[] invalid)
    {
        using var engine = new LocalDurableEngine();
        DurableServiceException? rejection = null;
        int eventsBefore = 0, eventsAfter = 0;
        string? tokenAfterRejection = null;
        var function = new ScriptedFunction(async (request, _) =>
        {
            var token = request.Envelope!.CheckpointToken!;
            if (setup.Length > 0)
            {
                token = (await Updates.Send(request, token, setup)).CheckpointToken!;
            }

            eventsBefore = History(engine, request).Count;
            rejection = await Assert.ThrowsAsync<DurableServiceException>(() => Updates.Send(request, token, invalid));
            eventsAfter = History(engine, request).Count;

            // The token presented with the rejected request is still the current one.
            tokenAfterRejection = (await Updates.Send(request, token)).CheckpointToken;
            return ScriptedFunction.Succeeded("1");
        });
        engine.RegisterFunction("fn", function);
        await engine.WaitForExecutionAsync(engine.StartExecution("fn", "1"));

        Assert.NotNull(rejection);
        Assert.Equal(400, rejection.StatusCode);
        Assert.Equal(ServiceErrorCodes.InvalidParameterValue, rejection.ErrorCode);
        Assert.Contains(expectedMessage, rejection.Message, StringComparison.Ordinal);
        Assert.Equal(eventsBefore, eventsAfter);
        Assert.NotNull(tokenAfterRejection);
    }

    public static TheoryData<string, OperationUpdate[], OperationUpdate[]> InvalidRequests()
    {
        const string a = "aaaa";
        const string b = "bbbb";
        return new()
        {
            { "Invalid current STEP state to start: the operation is PENDING", [Updates.Step(a, OperationAction.Retry, error: new ErrorObject(), delay: 60)], [Updates.Step(a, OperationAction.Start)] },
            { "Invalid current STEP state to succeed: the operation is SUCCEEDED", [Updates.Step(a, OperationAction.Succeed)], [Updates.Step(a, OperationAction.Succeed)] },
            { "Invalid action RETRY for the operation type WAIT", [], [new OperationUpdate { Id = a, Type = OperationType.Wait, Action = OperationAction.Retry, StepOptions = new StepOptions { NextAttemptDelaySeconds = 1 } }] },
            { "Invalid action CANCEL for the operation type STEP", [], [Updates.Step(a, OperationAction.Cancel)] },
            { "Invalid current WAIT state to start", [Updates.Wait(a, 10)], [Updates.Wait(a, 10)] },
            { "Cannot update the same operation twice", [], [Updates.Step(a, OperationAction.Succeed), Updates.Step(a, OperationAction.Fail)] },
            { "Cannot update the same operation twice", [], [Updates.Step(a, OperationAction.Start), Updates.Step(a, OperationAction.Retry, error: new ErrorObject(), delay: 1), Updates.Step(a, OperationAction.Start)] },
            { "Cannot update the same operation twice", [], [Updates.Wait(a, 5), new OperationUpdate { Id = a, Type = OperationType.Wait, Action = OperationAction.Cancel }] },
            { "Invalid parent operation id 'bbbb'", [], [Updates.Step(a, OperationAction.Start, parentId: b)] },
            { "Invalid parent operation id 'bbbb'", [Updates.Step(b, OperationAction.Start)], [Updates.Step(a, OperationAction.Start, parentId: b)] },
            { "Inconsistent operation type/subtype/name/parent operation id", [Updates.Step(a, OperationAction.Start, name: "x")], [Updates.Step(a, OperationAction.Succeed, name: "y")] },
            { "Inconsistent operation type/subtype/name/parent operation id", [Updates.Step(a, OperationAction.Start)], [Updates.Context(a, OperationAction.Succeed)] },
            { "The EXECUTION update must be the last update", [], [new OperationUpdate { Id = "e", Type = OperationType.Execution, Action = OperationAction.Succeed }, Updates.Step(a, OperationAction.Start)] },
            { "Invalid action START for an EXECUTION update", [], [new OperationUpdate { Id = "e", Type = OperationType.Execution, Action = OperationAction.Start }] },
            { "A SUCCEED update cannot carry an Error", [], [Updates.Step(a, OperationAction.Succeed, error: new ErrorObject())] },
            { "A FAIL update cannot carry a Payload", [], [Updates.Step(a, OperationAction.Fail, payload: "1")] },
            { "A RETRY update needs StepOptions.NextAttemptDelaySeconds", [], [Updates.Step(a, OperationAction.Retry, error: new ErrorObject())] },
            { "A RETRY update needs StepOptions.NextAttemptDelaySeconds", [], [Updates.Step(a, OperationAction.Retry, error: new ErrorObject(), delay: 0)] },
            { "either an Error or a Payload, not both", [], [Updates.Step(a, OperationAction.Retry, payload: "1", error: new ErrorObject(), delay: 1)] },
            { "A WAIT START needs WaitOptions.WaitSeconds", [], [Updates.Wait(a, 0)] },
            { "A WAIT START needs WaitOptions.WaitSeconds", [], [Updates.Wait(a, 31_622_401)] },
            { "Id must be 1–64 characters", [], [Updates.Step("has space", OperationAction.Start)] },
            { "Id must be 1–64 characters", [], [Updates.Step(new string('a', 65), OperationAction.Start)] },
            { "Name must be 1–256 printable ASCII", [], [Updates.Step(a, OperationAction.Start, name: "tab\there")] },
            { "SubType must be 1–32 characters", [], [new OperationUpdate { Id = a, Type = OperationType.Step, SubType = "Sub Type", Action = OperationAction.Start }] },
            { "Error object size must be less than 32768 bytes", [], [Updates.Step(a, OperationAction.Fail, error: new ErrorObject { ErrorMessage = new string('e', 40_000) })] },
            { "A CHAINED_INVOKE START needs ChainedInvokeOptions.FunctionName", [], [new OperationUpdate { Id = a, Type = OperationType.ChainedInvoke, Action = OperationAction.Start }] },
        };
    }

    [Fact]
    public async Task A_used_token_is_rejected_as_an_invalid_checkpoint_token()
    {
        using var engine = new LocalDurableEngine();
        DurableServiceException? rejection = null;
        engine.RegisterFunction("fn", new ScriptedFunction(async (request, _) =>
        {
            var first = request.Envelope!.CheckpointToken!;
            await Updates.Send(request, first, Updates.Step("aaaa", OperationAction.Start));
            rejection = await Assert.ThrowsAsync<DurableServiceException>(() => Updates.Send(request, first, Updates.Step("aaaa", OperationAction.Succeed)));
            return ScriptedFunction.Succeeded(null);
        }));
        await engine.WaitForExecutionAsync(engine.StartExecution("fn", null));
        Assert.StartsWith(ServiceErrorCodes.InvalidCheckpointTokenPrefix, rejection!.Message, StringComparison.Ordinal);
        Assert.False(ServiceErrorClassifier.IsPermanent(rejection));
    }

    [Fact]
    public async Task A_checkpoint_after_the_invocation_ended_is_rejected()
    {
        using var engine = new LocalDurableEngine();
        LocalInvocationRequest? first = null;
        engine.RegisterFunction("fn", new ScriptedFunction(async (request, n) =>
        {
            if (n == 1)
            {
                first = request;
                await Updates.Send(request, request.Envelope!.CheckpointToken!, Updates.Wait("aaaa", 1));
                return ScriptedFunction.Pending();
            }

            return ScriptedFunction.Succeeded(null);
        }));
        var arn = engine.StartExecution("fn", null);
        await engine.WaitForExecutionAsync(arn);
        var stale = await Assert.ThrowsAsync<DurableServiceException>(() => Updates.Send(first!, first!.Envelope!.CheckpointToken!, Updates.Step("bbbb", OperationAction.Start)));
        Assert.Contains("SUCCEEDED", stale.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_executions_are_not_found()
    {
        using var engine = new LocalDurableEngine();
        var error = await Assert.ThrowsAsync<DurableServiceException>(() => engine.CheckpointDurableExecutionAsync(new CheckpointDurableExecutionRequest { DurableExecutionArn = "arn:nope", CheckpointToken = "AAAA" }));
        Assert.Equal(404, error.StatusCode);
        Assert.Equal(ServiceErrorCodes.ResourceNotFound, error.ErrorCode);
    }

    [Fact]
    public async Task A_client_token_makes_a_retried_request_idempotent()
    {
        using var engine = new LocalDurableEngine();
        CheckpointDurableExecutionResponse? first = null, retried = null;
        engine.RegisterFunction("fn", new ScriptedFunction(async (request, _) =>
        {
            var checkpoint = new CheckpointDurableExecutionRequest
            {
                DurableExecutionArn = request.Envelope!.DurableExecutionArn!,
                CheckpointToken = request.Envelope.CheckpointToken!,
                ClientToken = "retry-1",
                Updates = [Updates.Step("aaaa", OperationAction.Succeed, payload: "1")],
            };
            first = await request.Client.CheckpointDurableExecutionAsync(checkpoint);
            retried = await request.Client.CheckpointDurableExecutionAsync(checkpoint);
            return ScriptedFunction.Succeeded(null);
        }));
        var arn = engine.StartExecution("fn", null);
        await engine.WaitForExecutionAsync(arn);
        Assert.Same(first, retried);
        Assert.Single(engine.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn }).Events, e => e.EventType == EventType.StepSucceeded);
    }

    private static List<Event> History(LocalDurableEngine engine, LocalInvocationRequest request) =>
        engine.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = request.Envelope!.DurableExecutionArn! }).Events;
}
