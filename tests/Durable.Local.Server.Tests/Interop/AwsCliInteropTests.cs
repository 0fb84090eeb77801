using System.Text.Json;
using Durable.Local.Server.Tests.Support;
using Durable.Protocol;

namespace Durable.Local.Server.Tests.Interop;

/// <summary>
/// The real AWS CLI (botocore's Lambda model) against the HTTP front: every durable command and Invoke parses the
/// answers without error, and errors come back as the typed AWS errors.
/// </summary>
public class AwsCliInteropTests
{
    [InteropFact("aws")]
    public async Task The_aws_cli_runs_an_execution_through_callbacks_and_reads_it_back()
    {
        await using var host = await ApiServerHost.StartAsync(Workflows.RegisterAll);
        var outFile = Path.Combine(Path.GetTempPath(), $"durable-cli-{Guid.NewGuid():N}.json");

        var invoked = await Aws(host, "invoke", "--function-name", Workflows.Approval, "--invocation-type", "Event",
            "--durable-execution-name", "cli-1", "--payload", "\"ok\"", outFile);
        Assert.Equal(202, invoked.GetProperty("StatusCode").GetInt32());
        var arn = invoked.GetProperty("DurableExecutionArn").GetString()!;
        Assert.Contains("/durable-execution/cli-1/", arn, StringComparison.Ordinal);

        await Workflows.WaitForCallbackIdAsync(host.Engine, arn);
        var execution = await Aws(host, "get-durable-execution", "--durable-execution-arn", arn);
        Assert.Equal("RUNNING", execution.GetProperty("Status").GetString());
        Assert.Equal("cli-1", execution.GetProperty("DurableExecutionName").GetString());
        Assert.Equal("\"ok\"", execution.GetProperty("InputPayload").GetString());
        AssertEpochSeconds(execution.GetProperty("StartTimestamp"));

        var history = await Aws(host, "get-durable-execution-history", "--durable-execution-arn", arn, "--include-execution-data");
        var callbackStarted = history.GetProperty("Events").EnumerateArray().Single(e => e.GetProperty("EventType").GetString() == "CallbackStarted");
        var callbackId = callbackStarted.GetProperty("CallbackStartedDetails").GetProperty("CallbackId").GetString()!;
        Assert.Equal(3600, callbackStarted.GetProperty("CallbackStartedDetails").GetProperty("HeartbeatTimeout").GetInt32());

        await Aws(host, "send-durable-execution-callback-heartbeat", "--callback-id", callbackId);
        await Aws(host, "send-durable-execution-callback-success", "--callback-id", callbackId, "--result", "\"yes\"");
        await host.Engine.WaitForExecutionAsync(arn);

        var done = await Aws(host, "get-durable-execution", "--durable-execution-arn", arn);
        Assert.Equal("SUCCEEDED", done.GetProperty("Status").GetString());
        Assert.Equal("\"OK:yes\"", done.GetProperty("Result").GetString());
        AssertEpochSeconds(done.GetProperty("EndTimestamp"));

        var events = (await Aws(host, "get-durable-execution-history", "--durable-execution-arn", arn, "--include-execution-data"))
            .GetProperty("Events").EnumerateArray().Select(e => e.GetProperty("EventType").GetString()).ToList();
        Assert.Equal(
            ["ExecutionStarted", "StepStarted", "StepSucceeded", "CallbackStarted", "InvocationCompleted", "CallbackSucceeded", "InvocationCompleted", "ExecutionSucceeded"],
            events);

        var listed = await Aws(host, "list-durable-executions-by-function", "--function-name", Workflows.Approval, "--statuses", "SUCCEEDED");
        var summary = Assert.Single(listed.GetProperty("DurableExecutions").EnumerateArray());
        Assert.Equal(arn, summary.GetProperty("DurableExecutionArn").GetString());

        var closed = await AwsFails(host, "send-durable-execution-callback-success", "--callback-id", callbackId, "--result", "1");
        Assert.Contains("CallbackTimeoutException", closed.StandardError, StringComparison.Ordinal);
        File.Delete(outFile);
    }

    [InteropFact("aws")]
    public async Task The_aws_cli_fails_a_callback_stops_an_execution_and_invokes_synchronously()
    {
        await using var host = await ApiServerHost.StartAsync(Workflows.RegisterAll);
        var outFile = Path.Combine(Path.GetTempPath(), $"durable-cli-{Guid.NewGuid():N}.json");

        var failing = (await Aws(host, "invoke", "--function-name", Workflows.Approval, "--invocation-type", "Event", "--payload", "\"a\"", outFile))
            .GetProperty("DurableExecutionArn").GetString()!;
        var callbackId = await Workflows.WaitForCallbackIdAsync(host.Engine, failing);
        await Aws(host, "send-durable-execution-callback-failure", "--callback-id", callbackId, "--error", "ErrorType=Rejected,ErrorMessage=no");
        await host.Engine.WaitForExecutionAsync(failing);
        var failed = await Aws(host, "get-durable-execution", "--durable-execution-arn", failing);
        Assert.Equal("FAILED", failed.GetProperty("Status").GetString());

        var stopping = (await Aws(host, "invoke", "--function-name", Workflows.Approval, "--invocation-type", "Event", "--payload", "\"b\"", outFile))
            .GetProperty("DurableExecutionArn").GetString()!;
        await Workflows.WaitForCallbackIdAsync(host.Engine, stopping);
        var stopped = await Aws(host, "stop-durable-execution", "--durable-execution-arn", stopping, "--error", "ErrorType=Cancelled,ErrorMessage=enough");
        AssertEpochSeconds(stopped.GetProperty("StopTimestamp"));
        var stoppedExecution = await Aws(host, "get-durable-execution", "--durable-execution-arn", stopping);
        Assert.Equal("STOPPED", stoppedExecution.GetProperty("Status").GetString());
        Assert.Equal("Cancelled", stoppedExecution.GetProperty("Error").GetProperty("ErrorType").GetString());

        var sync = await Aws(host, "invoke", "--function-name", Workflows.Echo, "--durable-execution-name", "sync-1", "--payload", "\"hi\"", outFile);
        Assert.Equal(200, sync.GetProperty("StatusCode").GetInt32());
        Assert.Equal("$LATEST", sync.GetProperty("ExecutedVersion").GetString());
        Assert.Equal("\"echo hi\"", await File.ReadAllTextAsync(outFile));

        var duplicate = await AwsFails(host, "invoke", "--function-name", Workflows.Echo, "--durable-execution-name", "sync-1", "--payload", "\"hi\"", outFile);
        Assert.Contains("DurableExecutionAlreadyStartedException", duplicate.StandardError, StringComparison.Ordinal);

        var missing = await AwsFails(host, "get-durable-execution", "--durable-execution-arn", failing + "0");
        Assert.Contains("ResourceNotFoundException", missing.StandardError, StringComparison.Ordinal);

        var staleToken = await AwsFails(host, "checkpoint-durable-execution", "--durable-execution-arn", stopping, "--checkpoint-token", "AAAA");
        Assert.Contains("InvalidParameterValueException", staleToken.StandardError, StringComparison.Ordinal);

        var state = await AwsFails(host, "get-durable-execution-state", "--durable-execution-arn", failing, "--checkpoint-token", "AAAA");
        Assert.Contains("InvalidParameterValueException", state.StandardError, StringComparison.Ordinal);
        File.Delete(outFile);
    }

    [InteropFact("aws")]
    public async Task The_aws_cli_reads_state_and_checkpoints_with_an_invocations_token()
    {
        Uri? endpoint = null;
        async Task<ToolResult> PlayFunction(string arn, string token)
        {
            var common = new[] { "--durable-execution-arn", arn, "--checkpoint-token", token, "--endpoint-url", endpoint!.ToString(), "--output", "json" };
            var state = await ExternalTool.RunAsync("aws", ["lambda", "get-durable-execution-state", .. common], endpoint!);
            if (state.ExitCode != 0)
            {
                return state;
            }

            var updates = """[{"Id":"cli-step","Type":"STEP","SubType":"Step","Name":"cli-step","Action":"START"},{"Id":"cli-step","Type":"STEP","Action":"SUCCEED","Payload":"\"from cli\""}]""";
            var checkpoint = await ExternalTool.RunAsync("aws", ["lambda", "checkpoint-durable-execution", .. common, "--updates", updates], endpoint!);
            if (checkpoint.ExitCode != 0)
            {
                return checkpoint;
            }

            // Both answers, parsed by the CLI, handed back as the execution's result for the test to inspect.
            return new ToolResult(0, $"{{\"state\":{state.StandardOutput},\"checkpoint\":{checkpoint.StandardOutput}}}".ReplaceLineEndings(" "), string.Empty);
        }

        await using var host = await ApiServerHost.StartAsync(engine => engine.RegisterFunction("cli-function", new ExternalClientFunction(PlayFunction)));
        endpoint = host.Server.BaseAddress;
        var arn = host.Engine.StartExecution("cli-function", "\"in\"");
        var execution = await host.Engine.WaitForExecutionAsync(arn).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(execution.Status == ExecutionStatus.Succeeded, execution.Error?.ErrorMessage);

        using var report = JsonDocument.Parse(execution.Result!);
        var operation = report.RootElement.GetProperty("state").GetProperty("Operations")[0];
        Assert.Equal("EXECUTION", operation.GetProperty("Type").GetString());
        Assert.Equal("\"in\"", operation.GetProperty("ExecutionDetails").GetProperty("InputPayload").GetString());
        AssertEpochSeconds(operation.GetProperty("StartTimestamp"));
        var answer = report.RootElement.GetProperty("checkpoint");
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("CheckpointToken").GetString()));
        var step = answer.GetProperty("NewExecutionState").GetProperty("Operations").EnumerateArray().Single(o => o.GetProperty("Id").GetString() == "cli-step");
        Assert.Equal("SUCCEEDED", step.GetProperty("Status").GetString());
        Assert.Equal("\"from cli\"", step.GetProperty("StepDetails").GetProperty("Result").GetString());
        AssertEpochSeconds(step.GetProperty("EndTimestamp"));
    }

    // CLI v1 prints timestamps as the wire has them: rest-json epoch seconds (a number, fractional allowed).
    private static void AssertEpochSeconds(JsonElement value)
    {
        Assert.Equal(JsonValueKind.Number, value.ValueKind);
        var time = DateTimeOffset.FromUnixTimeMilliseconds((long)(value.GetDouble() * 1000));
        Assert.InRange(time, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
    }

    private static async Task<JsonElement> Aws(ApiServerHost host, params string[] arguments)
    {
        var result = await ExternalTool.RunAsync("aws", ["lambda", .. arguments, "--endpoint-url", host.Server.BaseAddress.ToString(), "--output", "json"], host.Server.BaseAddress);
        Assert.True(result.ExitCode == 0, $"aws lambda {string.Join(' ', arguments)} failed: {result}");
        if (string.IsNullOrWhiteSpace(result.StandardOutput))
        {
            return default;
        }

        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.Clone();
    }

    private static async Task<ToolResult> AwsFails(ApiServerHost host, params string[] arguments)
    {
        var result = await ExternalTool.RunAsync("aws", ["lambda", .. arguments, "--endpoint-url", host.Server.BaseAddress.ToString(), "--output", "json"], host.Server.BaseAddress);
        Assert.True(result.ExitCode != 0, $"aws lambda {string.Join(' ', arguments)} should have failed: {result}");
        return result;
    }
}
