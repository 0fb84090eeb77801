using System.Text.Json;

namespace Durable.Cli.Tests;

/// <summary>The tool hosting a real function program: <c>durable run</c>, and <c>durable serve --function</c> driven by <c>durable invoke</c>.</summary>
public sealed class RunAndServeFunctionTests : IDisposable
{
    private static readonly string FunctionProgram = Path.Combine(AppContext.BaseDirectory, "function-process", "Durable.FunctionProcess.dll");
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("durable-cli-run-");

    [Fact]
    public async Task Run_starts_a_workflow_of_a_built_program_and_follows_it_to_its_result()
    {
        var run = await CliProcess.RunAsync(_directory.FullName, "run", FunctionProgram, "--workflow", "greeter", "--payload", "\"Ada\"", "--name", "first");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("/durable-execution/first/", run.Output, StringComparison.Ordinal);
        Assert.Contains("Greeting Ada", run.Output, StringComparison.Ordinal); // the function's own log line
        Assert.Contains("▶ wait 'pause' started", run.Output, StringComparison.Ordinal);
        Assert.Contains("SUCCEEDED \"Hello, Ada!\"", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_directory.FullName, ".durable", "engine.db")));

        // The SQLite store keeps it: a second run of the same name is refused as a duplicate.
        var again = await CliProcess.RunAsync(_directory.FullName, "run", FunctionProgram, "--workflow", "greeter", "--payload", "\"Ada\"", "--name", "first");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_hosts_a_function_that_invoke_starts_and_list_shows()
    {
        using var serve = CliProcess.Start(_directory.FullName, "serve", "--port", "0", "--in-memory", "--function", $"hello:greeter={FunctionProgram}");
        var listening = await serve.WaitForLineAsync(l => l.Contains("listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        var endpoint = listening[listening.IndexOf("http://", StringComparison.Ordinal)..].Trim();

        var invoke = await CliProcess.RunAsync(_directory.FullName, "invoke", "hello", "--payload", "\"Grace\"", "--name", "g-1", "-e", endpoint);
        Assert.True(invoke.ExitCode == 0, invoke.ToString());
        Assert.Contains("SUCCEEDED \"Hello, Grace!\"", invoke.Output, StringComparison.Ordinal);
        await serve.WaitForLineAsync(l => l.Contains("g-1 invocation 2: SUCCEEDED", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        var list = await CliProcess.RunAsync(_directory.FullName, "list", "hello", "--json", "-e", endpoint);
        using var listed = JsonDocument.Parse(list.Output);
        Assert.Equal("g-1", listed.RootElement.GetProperty("DurableExecutions")[0].GetProperty("DurableExecutionName").GetString());
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
