using System.Text.Json;
using Durable.Local.Server.Tests.Support;
using Durable.Protocol;

namespace Durable.Cli.Tests;

/// <summary>The durable tool as a user runs it: against the HTTP front of an engine hosted by the test.</summary>
public sealed class CliTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("durable-cli-");

    [Fact]
    public async Task Invoke_follows_the_execution_while_the_callback_commands_answer_it()
    {
        await using var host = await ApiServerHost.StartAsync(Workflows.RegisterAll);
        var endpoint = host.Server.BaseAddress.ToString();
        using var invoke = CliProcess.Start(_directory.FullName, "invoke", Workflows.Approval, "--payload", "\"ok\"", "--name", "cli-1", "--endpoint", endpoint);

        var arn = (await invoke.WaitForLineAsync(l => l.StartsWith("arn:aws:lambda:", StringComparison.Ordinal), TimeSpan.FromSeconds(30))).Trim();
        Assert.Contains("/durable-execution/cli-1/", arn, StringComparison.Ordinal);
        var started = await invoke.WaitForLineAsync(l => l.Contains("callback 'approval' started", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var callbackId = started[(started.IndexOf("callback ID ", StringComparison.Ordinal) + "callback ID ".Length)..].Trim();

        var heartbeat = await CliProcess.RunAsync(_directory.FullName, "callback", "heartbeat", callbackId, "-e", endpoint);
        Assert.True(heartbeat.ExitCode == 0, heartbeat.ToString());
        var succeed = await CliProcess.RunAsync(_directory.FullName, "callback", "succeed", callbackId, "--result", "\"yes\"", "-e", endpoint);
        Assert.True(succeed.ExitCode == 0, succeed.ToString());

        var followed = await invoke.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(followed.ExitCode == 0, followed.ToString());
        Assert.Contains("✔ step 'prepare' succeeded", followed.Output, StringComparison.Ordinal);
        Assert.Contains("✔ callback 'approval' succeeded", followed.Output, StringComparison.Ordinal);
        Assert.Contains("SUCCEEDED \"OK:yes\"", followed.Output, StringComparison.Ordinal);

        var show = await CliProcess.RunAsync(_directory.FullName, "show", arn, "--json", "-e", endpoint);
        using (var execution = JsonDocument.Parse(show.Output))
        {
            Assert.Equal("SUCCEEDED", execution.RootElement.GetProperty("Status").GetString());
            Assert.Equal("\"OK:yes\"", execution.RootElement.GetProperty("Result").GetString());
        }

        var list = await CliProcess.RunAsync(_directory.FullName, "list", Workflows.Approval, "--status", "SUCCEEDED", "--json", "-e", endpoint);
        using (var listed = JsonDocument.Parse(list.Output))
        {
            Assert.Equal(arn, listed.RootElement.GetProperty("DurableExecutions")[0].GetProperty("DurableExecutionArn").GetString());
        }

        var table = await CliProcess.RunAsync(_directory.FullName, "list", Workflows.Approval, "-e", endpoint);
        Assert.Contains("cli-1", table.Output, StringComparison.Ordinal);
        Assert.Contains("1 execution(s).", table.Output, StringComparison.Ordinal);

        var history = await CliProcess.RunAsync(_directory.FullName, "history", arn, "-e", endpoint);
        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Contains("CallbackSucceeded", history.Output, StringComparison.Ordinal);
        Assert.Contains("ExecutionSucceeded", history.Output, StringComparison.Ordinal);

        var timeline = await CliProcess.RunAsync(_directory.FullName, "history", arn, "--timeline", "-e", endpoint);
        var lines = timeline.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8, lines.Length);
        Assert.StartsWith("+0.000s", lines[0].Trim(), StringComparison.Ordinal);
        Assert.Contains("▶ execution cli-1 started  input \"ok\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("✔ execution cli-1 succeeded  result \"OK:yes\"", lines[^1], StringComparison.Ordinal);

        var json = await CliProcess.RunAsync(_directory.FullName, "history", arn, "--json", "--no-data", "-e", endpoint);
        using var events = JsonDocument.Parse(json.Output);
        Assert.Equal(8, events.RootElement.GetProperty("Events").GetArrayLength());
    }

    [Fact]
    public async Task Callback_failure_and_stop_end_executions_and_errors_have_exit_codes()
    {
        await using var host = await ApiServerHost.StartAsync(Workflows.RegisterAll);
        var endpoint = host.Server.BaseAddress.ToString();

        var failing = host.Engine.StartExecution(Workflows.Approval, "\"a\"");
        var callbackId = await Workflows.WaitForCallbackIdAsync(host.Engine, failing);
        var fail = await CliProcess.RunAsync(_directory.FullName, "callback", "fail", callbackId, "--error-type", "Rejected", "--error-message", "no", "-e", endpoint);
        Assert.True(fail.ExitCode == 0, fail.ToString());
        var followed = await CliProcess.RunAsync(_directory.FullName, "follow", failing, "-e", endpoint);
        Assert.Equal(3, followed.ExitCode);
        Assert.Contains("FAILED", followed.Output, StringComparison.Ordinal);

        var stopping = host.Engine.StartExecution(Workflows.Approval, "\"b\"");
        await Workflows.WaitForCallbackIdAsync(host.Engine, stopping);
        var stop = await CliProcess.RunAsync(_directory.FullName, "stop", stopping, "--error-type", "Cancelled", "--error-message", "enough", "-e", endpoint);
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Equal(ExecutionStatus.Stopped, host.Engine.GetDurableExecution(stopping).Status);

        var missing = await CliProcess.RunAsync(_directory.FullName, "show", stopping + "0", "-e", endpoint);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("ResourceNotFoundException", missing.Output, StringComparison.Ordinal);

        var closed = await CliProcess.RunAsync(_directory.FullName, "callback", "succeed", callbackId, "-e", endpoint);
        Assert.Equal(1, closed.ExitCode);
        Assert.Contains("CallbackTimeoutException", closed.Output, StringComparison.Ordinal);

        var unreachable = await CliProcess.RunAsync(_directory.FullName, "show", stopping, "-e", "http://127.0.0.1:9/");
        Assert.Equal(2, unreachable.ExitCode);
        Assert.Contains("cannot reach", unreachable.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_runs_the_engine_on_a_sqlite_store_and_other_commands_find_it()
    {
        using var serve = CliProcess.Start(_directory.FullName, "serve", "--port", "0");
        var listening = await serve.WaitForLineAsync(l => l.Contains("listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var endpoint = listening[(listening.IndexOf("http://", StringComparison.Ordinal))..].Trim();
        Assert.StartsWith("http://127.0.0.1:", endpoint, StringComparison.Ordinal);
        await serve.WaitForLineAsync(l => l.Contains("execution(s) recovered", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Equal(endpoint, File.ReadAllText(Path.Combine(_directory.FullName, ".durable", "endpoint")));
        Assert.True(File.Exists(Path.Combine(_directory.FullName, ".durable", "engine.db")));

        // No --endpoint: the command finds the running engine through .durable/endpoint.
        var list = await CliProcess.RunAsync(_directory.FullName, "list", "unknown-function");
        Assert.Equal(1, list.ExitCode);
        Assert.Contains("ResourceNotFoundException", list.Output, StringComparison.Ordinal);

        using (var terminate = System.Diagnostics.Process.Start("kill", ["-TERM", serve.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await terminate.WaitForExitAsync();
        }

        var stopped = await serve.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        Assert.False(File.Exists(Path.Combine(_directory.FullName, ".durable", "endpoint")));
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
