using System.Text;
using System.Text.Json;
using Durable.Client;
using Durable.Local.Server.Tests.Support;
using Durable.Protocol;

namespace Durable.Local.Server.Tests;

/// <summary>Every REST path of the model through our signed client against the HTTP front.</summary>
public class RestApiTests
{
    [Fact]
    public async Task Event_invoke_starts_an_execution_that_a_callback_success_completes()
    {
        await using var host = await ApiServerHost.StartAsync(Workflows.RegisterAll);
        var invoked = await host.Client.InvokeAsync(new InvocationRequest
        {
            FunctionName = Workflows.Approval,
            InvocationType = InvocationType.Event,
            DurableExecutionName = "order-1",
            Payload = "\"ok\""u8.ToArray(),
        });
        Assert.Equal(202, invoked.StatusCode);
        var arn = invoked.DurableExecutionArn!;
        Assert.Contains(":function:approval:$LATEST/durable-execution/order-1/", arn, StringComparison.Ordinal);

        var callbackId = await Workflows.WaitForCallbackIdAsync(host.Engine, arn);
        var running = await host.Client.GetDurableExecutionAsync(new GetDurableExecutionRequest { DurableExecutionArn = arn });
        Assert.Equal(ExecutionStatus.Running, running.Status);
        Assert.Equal("\"ok\"", running.InputPayload);

        await host.Client.SendDurableExecutionCallbackHeartbeatAsync(new SendDurableExecutionCallbackHeartbeatRequest { CallbackId = callbackId });
        await host.Client.SendDurableExecutionCallbackSuccessAsync(new SendDurableExecutionCallbackSuccessRequest
        {
            CallbackId = callbackId,
            Result = "\"approved\""u8.ToArray(),
        });
        await host.Engine.WaitForExecutionAsync(arn);

        var done = await host.Client.GetDurableExecutionAsync(new GetDurableExecutionRequest { DurableExecutionArn = arn });
        Assert.Equal(ExecutionStatus.Succeeded, done.Status);
        Assert.Equal("\"OK:approved\"", done.Result);
        Assert.Equal("order-1", done.DurableExecutionName);
        Assert.NotNull(done.EndTimestamp);

        // The history over HTTP is the engine's history, field for field (timestamps to the millisecond).
        var overHttp = await host.Client.GetDurableExecutionHistoryAsync(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn, IncludeExecutionData = true });
        var inProcess = host.Engine.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn, IncludeExecutionData = true });
        Assert.Equal(Json(inProcess), Json(overHttp));
        Assert.Contains(overHttp.Events, e => e.EventType == EventType.CallbackSucceeded && e.CallbackSucceededDetails!.Result.Payload == "\"approved\"");

        var page = await host.Client.GetDurableExecutionHistoryAsync(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn, MaxItems = 2, ReverseOrder = true });
        Assert.Equal([EventType.ExecutionSucceeded, EventType.InvocationCompleted], page.Events.Select(e => e.EventType));
        Assert.NotNull(page.NextMarker);
        Assert.Null(page.Events[0].ExecutionSucceededDetails!.Result.Payload); // no execution data asked for

        var listed = await host.Client.ListDurableExecutionsByFunctionAsync(new ListDurableExecutionsByFunctionRequest
        {
            FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:approval",
            Statuses = [ExecutionStatus.Succeeded, ExecutionStatus.Failed],
            StartedAfter = done.StartTimestamp.AddMinutes(-1),
        });
        var summary = Assert.Single(listed.DurableExecutions);
        Assert.Equal(arn, summary.DurableExecutionArn);
        Assert.Equal(ExecutionStatus.Succeeded, summary.Status);

        var closed = await Assert.ThrowsAsync<DurableServiceException>(() => host.Client.SendDurableExecutionCallbackSuccessAsync(
            new SendDurableExecutionCallbackSuccessRequest { CallbackId = callbackId, Result = "1"u8.ToArray() }));
        Assert.Equal(ServiceErrorCodes.CallbackTimeout, closed.ErrorCode);
        Assert.Equal(400, closed.StatusCode);
    }

    [Fact]
    public async Task Synchronous_invoke_returns_the_result_and_the_executed_version()
    {
        await using var host = await ApiServerHost.StartAsync(Workflows.RegisterAll);
        var response = await host.Client.InvokeAsync(new InvocationRequest { FunctionName = Workflows.Echo, Payload = "\"hi\""u8.ToArray(), DurableExecutionName = "sync-1" });
        Assert.Equal(200, response.StatusCode);
        Assert.Null(response.FunctionError);
        Assert.Equal("$LATEST", response.ExecutedVersion);
        Assert.Equal("\"echo hi\"", Encoding.UTF8.GetString(response.Payload!));
        Assert.EndsWith(host.Engine.ListExecutionArns().Single()[^32..], response.DurableExecutionArn, StringComparison.Ordinal);

        var again = await Assert.ThrowsAsync<DurableServiceException>(() => host.Client.InvokeAsync(
            new InvocationRequest { FunctionName = Workflows.Echo, Payload = "\"hi\""u8.ToArray(), DurableExecutionName = "sync-1" }));
        Assert.Equal(ServiceErrorCodes.DurableExecutionAlreadyStarted, again.ErrorCode);
        Assert.Equal(409, again.StatusCode);

        var dryRun = await host.Client.InvokeAsync(new InvocationRequest { FunctionName = Workflows.Echo, InvocationType = InvocationType.DryRun });
        Assert.Equal(204, dryRun.StatusCode);
        Assert.Single(host.Engine.ListExecutionArns());
    }

    [Fact]
    public async Task Callback_failure_fails_the_execution_and_a_synchronous_invoke_reports_the_function_error()
    {
        await using var host = await ApiServerHost.StartAsync(Workflows.RegisterAll);
        var invoke = host.Client.InvokeAsync(new InvocationRequest { FunctionName = Workflows.Approval, Payload = "\"x\""u8.ToArray(), DurableExecutionName = "fail-1" });
        var arn = await WaitForSingleExecutionAsync(host);
        var callbackId = await Workflows.WaitForCallbackIdAsync(host.Engine, arn);
        await host.Client.SendDurableExecutionCallbackFailureAsync(new SendDurableExecutionCallbackFailureRequest
        {
            CallbackId = callbackId,
            Error = new ErrorObject { ErrorType = "Rejected", ErrorMessage = "The manager said no." },
        });

        var response = await invoke;
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("Unhandled", response.FunctionError);
        using var error = JsonDocument.Parse(response.Payload!);
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("errorType").GetString()));
        var execution = await host.Client.GetDurableExecutionAsync(new GetDurableExecutionRequest { DurableExecutionArn = arn });
        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        var history = await host.Client.GetDurableExecutionHistoryAsync(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn, IncludeExecutionData = true });
        var failed = Assert.Single(history.Events, e => e.EventType == EventType.CallbackFailed);
        Assert.Equal("Rejected", failed.CallbackFailedDetails!.Error.Payload!.ErrorType);
    }

    [Fact]
    public async Task Stop_closes_a_running_execution_and_a_second_stop_is_rejected()
    {
        await using var host = await ApiServerHost.StartAsync(Workflows.RegisterAll);
        var invoked = await host.Client.InvokeAsync(new InvocationRequest { FunctionName = Workflows.Approval, InvocationType = InvocationType.Event, Payload = "\"x\""u8.ToArray() });
        var arn = invoked.DurableExecutionArn!;
        await Workflows.WaitForCallbackIdAsync(host.Engine, arn);

        var stopped = await host.Client.StopDurableExecutionAsync(new StopDurableExecutionRequest
        {
            DurableExecutionArn = arn,
            Error = new ErrorObject { ErrorType = "Cancelled", ErrorMessage = "No longer needed." },
        });
        var execution = await host.Client.GetDurableExecutionAsync(new GetDurableExecutionRequest { DurableExecutionArn = arn });
        Assert.Equal(ExecutionStatus.Stopped, execution.Status);
        Assert.Equal(execution.EndTimestamp, stopped.StopTimestamp);
        Assert.Equal("Cancelled", execution.Error!.ErrorType);

        var again = await Assert.ThrowsAsync<DurableServiceException>(() => host.Client.StopDurableExecutionAsync(new StopDurableExecutionRequest { DurableExecutionArn = arn }));
        Assert.Equal(ServiceErrorCodes.InvalidParameterValue, again.ErrorCode);
    }

    [Fact]
    public async Task Service_errors_keep_their_code_status_and_message()
    {
        await using var host = await ApiServerHost.StartAsync(Workflows.RegisterAll);
        var unknown = await Assert.ThrowsAsync<DurableServiceException>(() => host.Client.GetDurableExecutionAsync(
            new GetDurableExecutionRequest { DurableExecutionArn = "arn:aws:lambda:us-east-1:123456789012:function:echo:$LATEST/durable-execution/n/0123" }));
        Assert.Equal(ServiceErrorCodes.ResourceNotFound, unknown.ErrorCode);
        Assert.Equal(404, unknown.StatusCode);
        Assert.StartsWith("Durable execution not found", unknown.Message, StringComparison.Ordinal);

        var arn = host.Engine.StartExecution(Workflows.Approval, "\"x\"");
        await Workflows.WaitForCallbackIdAsync(host.Engine, arn);
        var stale = await Assert.ThrowsAsync<DurableServiceException>(() => host.Client.CheckpointDurableExecutionAsync(
            new CheckpointDurableExecutionRequest { DurableExecutionArn = arn, CheckpointToken = "AAAA" }));
        Assert.Equal(ServiceErrorCodes.InvalidParameterValue, stale.ErrorCode);
        Assert.StartsWith(ServiceErrorCodes.InvalidCheckpointTokenPrefix, stale.Message, StringComparison.Ordinal);
        Assert.False(ServiceErrorClassifier.IsPermanent(stale));

        var noFunction = await Assert.ThrowsAsync<DurableServiceException>(() => host.Client.ListDurableExecutionsByFunctionAsync(
            new ListDurableExecutionsByFunctionRequest { FunctionName = "nope" }));
        Assert.Equal(404, noFunction.StatusCode);
    }

    private static async Task<string> WaitForSingleExecutionAsync(ApiServerHost host)
    {
        for (var i = 0; i < 1000; i++)
        {
            if (host.Engine.ListExecutionArns() is [var arn])
            {
                return arn;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("No execution started.");
    }

    private static string Json(GetDurableExecutionHistoryResponse history) =>
        JsonSerializer.Serialize(history, ProtocolJson.ApiTypeInfo<GetDurableExecutionHistoryResponse>());
}
