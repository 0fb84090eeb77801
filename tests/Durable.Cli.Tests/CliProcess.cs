using System.Diagnostics;
using System.Text;

namespace Durable.Cli.Tests;

/// <summary>Runs the built <c>durable</c> tool (<c>dotnet durable.dll …</c>) as a child process.</summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Line)> _waiters = [];

    private CliProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static CliProcess Start(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "durable.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("DURABLE_ENDPOINT");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => cli.OnLine(e.Data, cli._output);
        process.ErrorDataReceived += (_, e) => cli.OnLine(e.Data, cli._error);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Runs the tool to completion.</summary>
    public static async Task<CliResult> RunAsync(string workingDirectory, params string[] arguments)
    {
        using var cli = Start(workingDirectory, arguments);
        return await cli.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Waits for an output line that matches.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var waiter = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            foreach (var line in _output.ToString().Split('\n'))
            {
                if (match(line))
                {
                    return Task.FromResult(line);
                }
            }

            _waiters.Add((match, waiter));
        }

        return waiter.Task.WaitAsync(timeout);
    }

    public async Task<CliResult> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"durable did not exit in time. Output:\n{Output}\nErrors:\n{_error}");
        }

        _process.WaitForExit(); // drains the asynchronous output readers
        lock (_output)
        {
            return new CliResult(_process.ExitCode, _output.ToString(), _error.ToString());
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void OnLine(string? line, StringBuilder target)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            target.AppendLine(line);
            if (!ReferenceEquals(target, _output))
            {
                return;
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    _waiters[i].Line.TrySetResult(line);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}

/// <summary>How a run of the tool ended.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}
