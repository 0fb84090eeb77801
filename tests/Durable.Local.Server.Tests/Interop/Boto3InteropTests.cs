using System.Text.Json;
using Durable.Local.Server.Tests.Support;
using Durable.Protocol;

namespace Durable.Local.Server.Tests.Interop;

/// <summary>boto3 against the HTTP front: the python script drives every operation and reports what botocore parsed.</summary>
public class Boto3InteropTests
{
    [InteropFact("python3")]
    public async Task Boto3_runs_every_durable_operation_and_gets_typed_errors()
    {
        await using var host = await ApiServerHost.StartAsync(Workflows.RegisterAll);
        var script = Path.Combine(AppContext.BaseDirectory, "Interop", "boto3_interop.py");
        var result = await ExternalTool.RunAsync("python3", [script, host.Server.BaseAddress.ToString()], host.Server.BaseAddress);
        Assert.True(result.ExitCode == 0, "boto3 script failed: " + result);

        using var report = JsonDocument.Parse(result.StandardOutput);
        var root = report.RootElement;
        var arn = root.GetProperty("arn").GetString();
        Assert.Equal("SUCCEEDED", root.GetProperty("status").GetString());
        Assert.Equal("\"OK:yes\"", root.GetProperty("result").GetString());
        Assert.Equal(
            ["ExecutionStarted", "StepStarted", "StepSucceeded", "CallbackStarted", "InvocationCompleted", "CallbackSucceeded", "InvocationCompleted", "ExecutionSucceeded"],
            root.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([arn], root.GetProperty("listed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("FAILED", root.GetProperty("failed_status").GetString());
        Assert.Equal("Cancelled", root.GetProperty("stopped").GetString());
        Assert.Equal(200, root.GetProperty("sync_status").GetInt32());
        Assert.Equal("\"echo hi\"", root.GetProperty("sync_payload").GetString());
        Assert.Equal("$LATEST", root.GetProperty("sync_version").GetString());
        var errors = root.GetProperty("errors");
        Assert.Equal("ResourceNotFoundException", errors.GetProperty("missing").GetString());
        Assert.Equal("DurableExecutionAlreadyStartedException", errors.GetProperty("duplicate").GetString());
        Assert.Equal("CallbackTimeoutException", errors.GetProperty("closed_callback").GetString());
        Assert.Equal("InvalidParameterValueException", errors.GetProperty("stale_token").GetString());
        Assert.Equal("InvalidParameterValueException", errors.GetProperty("state_token").GetString());
    }

    [InteropFact("python3")]
    public async Task Boto3_reads_state_and_checkpoints_with_an_invocations_token()
    {
        Uri? endpoint = null;
        await using var host = await ApiServerHost.StartAsync(engine => engine.RegisterFunction(
            "py-function",
            new ExternalClientFunction((arn, token) => ExternalTool.RunAsync(
                "python3", [Path.Combine(AppContext.BaseDirectory, "Interop", "boto3_function.py"), endpoint!.ToString(), arn, token], endpoint!))));
        endpoint = host.Server.BaseAddress;

        var arn = host.Engine.StartExecution("py-function", "\"in\"");
        var execution = await host.Engine.WaitForExecutionAsync(arn).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(execution.Status == ExecutionStatus.Succeeded, execution.Error?.ErrorMessage);

        using var report = JsonDocument.Parse(execution.Result!);
        var root = report.RootElement;
        Assert.Equal("\"in\"", root.GetProperty("input").GetString());
        Assert.Equal("SUCCEEDED", root.GetProperty("step_status").GetString());
        Assert.Equal("\"from boto3\"", root.GetProperty("step_result").GetString());
        Assert.Equal(1, root.GetProperty("attempt").GetInt32());
        Assert.True(root.GetProperty("new_token").GetBoolean());
        Assert.StartsWith("Invalid Checkpoint Token", root.GetProperty("stale").GetString(), StringComparison.Ordinal);
        var history = host.Engine.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn });
        Assert.Equal([EventType.ExecutionStarted, EventType.StepStarted, EventType.StepSucceeded, EventType.InvocationCompleted, EventType.ExecutionSucceeded], history.Events.Select(e => e.EventType));
    }
}
