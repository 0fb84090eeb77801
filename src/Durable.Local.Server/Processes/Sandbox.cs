using System.Diagnostics;
using System.Globalization;
using System.Text;
using Durable.Local.Functions;
using Durable.Local.Server.RuntimeApi;
using Durable.Protocol;

namespace Durable.Local.Server.Processes;

/// <summary>
/// One execution environment: a function process and the Runtime API it polls. It serves one invocation at a time,
/// turns the process's end into the errors Lambda records (<c>Runtime.ExitError</c> for an exit or a kill), attributes
/// every output line to the invocation that was running, and is discarded once its process is gone.
/// </summary>
internal sealed class Sandbox : IAsyncDisposable
{
    /// <summary>How long output must be quiet after an answer before the invocation's logs are considered complete.</summary>
    private static readonly TimeSpan OutputQuietPeriod = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan OutputDrainLimit = TimeSpan.FromMilliseconds(250);

    private readonly Process _process;
    private readonly RuntimeApiServer _api;
    private readonly ProcessFunctionOptions _options;
    private readonly Task _exited;
    private readonly object _logGate = new();
    private readonly Stopwatch _sinceLastLine = Stopwatch.StartNew();
    private List<string>? _invocationLines;
    private (string? Arn, string? RequestId) _current;
    private int _disposed;

    private Sandbox(Process process, RuntimeApiServer api, ProcessFunctionOptions options)
    {
        _process = process;
        _api = api;
        _options = options;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, LogStream.StandardOutput);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, LogStream.StandardError);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Completes after the process exits and both output streams reached their end.
        _exited = _process.WaitForExitAsync();
    }

    public bool IsAlive => Volatile.Read(ref _disposed) == 0 && !_exited.IsCompleted;

    public int ProcessId => _process.Id;

    public static async Task<Sandbox> StartAsync(ProcessFunctionOptions options, string functionName, Uri durableApiEndpoint, CancellationToken cancellationToken)
    {
        var api = await RuntimeApiServer.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var process = new Process { StartInfo = StartInfo(options, functionName, durableApiEndpoint, api.Endpoint), EnableRaisingEvents = true };
            if (!process.Start())
            {
                throw new InvalidOperationException($"The function process '{options.ExecutablePath}' did not start.");
            }

            return new Sandbox(process, api, options);
        }
        catch
        {
            await api.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs one invocation. Cancellation (the engine's timeout or shutdown) kills the process.</summary>
    public async Task<LocalInvocationResult> InvokeAsync(LocalInvocationRequest request, CancellationToken cancellationToken)
    {
        var arn = request.Envelope?.DurableExecutionArn;
        var lines = new List<string>();
        lock (_logGate)
        {
            _current = (arn, request.RequestId);
            _invocationLines = lines;
        }

        var payload = request.Envelope is { } envelope
            ? ProtocolJson.SerializeToUtf8Bytes(envelope)
            : Encoding.UTF8.GetBytes(request.Payload ?? "null");

        // The engine's deadline may be on a virtual clock; the process lives in real time, so send it the same budget.
        var budget = request.Deadline - request.Clock.GetUtcNow();
        var deadline = DateTimeOffset.UtcNow + (budget > TimeSpan.Zero ? budget : TimeSpan.Zero);
        var functionArn = $"arn:aws:lambda:{_options.Region}:000000000000:function:{request.FunctionName}";
        var traceId = $"Root=1-{DateTimeOffset.UtcNow.ToUnixTimeSeconds():x8}-{Guid.NewGuid():N}"[..35] + ";Sampled=0";
        var answer = _api.Deliver(request.RequestId, payload, deadline, functionArn, traceId);

        var cancelled = Task.Delay(Timeout.Infinite, cancellationToken);
        var first = await Task.WhenAny(answer, _exited, _api.InitError, cancelled).ConfigureAwait(false);
        LocalInvocationResult result;
        if (first == cancelled)
        {
            Kill();
            await DrainAsync().ConfigureAwait(false);
            Detach();
            cancellationToken.ThrowIfCancellationRequested();
            throw new OperationCanceledException(cancellationToken);
        }

        if (first == answer)
        {
            result = ToResult(await answer.ConfigureAwait(false), request);
        }
        else if (first == _api.InitError)
        {
            var init = await _api.InitError.ConfigureAwait(false);
            Kill();
            result = LocalInvocationResult.Failed(new ErrorObject { ErrorType = init.ErrorType, ErrorMessage = init.ErrorMessage });
        }
        else
        {
            result = LocalInvocationResult.Failed(new ErrorObject
            {
                ErrorType = "Runtime.ExitError",
                ErrorMessage = string.Create(CultureInfo.InvariantCulture, $"RequestId: {request.RequestId} Error: Runtime exited with error: {ExitDescription()}"),
            });
        }

        await DrainAsync().ConfigureAwait(false);
        Detach();
        return result.WithLogLines(lines);
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Kill();
        try
        {
            await _exited.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Output pipes held open by a grandchild; the process itself was killed.
        }

        _process.Dispose();
        await _api.DisposeAsync().ConfigureAwait(false);
    }

    private LocalInvocationResult ToResult(RuntimeOutcome outcome, LocalInvocationRequest request)
    {
        if (!outcome.Succeeded)
        {
            return LocalInvocationResult.Failed(new ErrorObject
            {
                ErrorType = outcome.ErrorType,
                ErrorMessage = outcome.ErrorMessage,
                StackTrace = outcome.StackTrace?.ToList(),
            });
        }

        if (!_options.IsDurable)
        {
            return LocalInvocationResult.ReturnedPayload(Encoding.UTF8.GetString(outcome.Response!));
        }

        try
        {
            return LocalInvocationResult.Returned(ProtocolJson.DeserializeOutput(outcome.Response));
        }
        catch (System.Text.Json.JsonException ex)
        {
            // What Lambda's service does with a durable function that answers garbage: the invocation failed.
            return LocalInvocationResult.Failed(new ErrorObject
            {
                ErrorType = "Runtime.InvalidResponse",
                ErrorMessage = $"RequestId: {request.RequestId} Error: the function's response is not a durable execution output: {ex.Message}",
            });
        }
    }

    private string ExitDescription()
    {
        try
        {
            var code = _process.ExitCode;

            // A negative or >128 code on Unix is a signal (a kill), which Lambda words the same way.
            return code > 128 ? $"signal: {code - 128}" : $"exit status {code}";
        }
        catch (InvalidOperationException)
        {
            return "exit status unknown";
        }
    }

    /// <summary>Waits until the output pipes have been quiet for a moment, so late lines land on this invocation.</summary>
    private async Task DrainAsync()
    {
        var limit = Stopwatch.StartNew();
        while (limit.Elapsed < OutputDrainLimit && !_exited.IsCompleted)
        {
            TimeSpan quiet;
            lock (_logGate)
            {
                quiet = _sinceLastLine.Elapsed;
            }

            if (quiet >= OutputQuietPeriod)
            {
                return;
            }

            await Task.Delay(5).ConfigureAwait(false);
        }

        if (_exited.IsCompleted)
        {
            await _exited.ConfigureAwait(false);
        }
    }

    private void Detach()
    {
        lock (_logGate)
        {
            _invocationLines = null;
        }
    }

    private void OnLine(string? line, LogStream stream)
    {
        if (line is null)
        {
            return;
        }

        CapturedLogLine captured;
        lock (_logGate)
        {
            _sinceLastLine.Restart();
            _invocationLines?.Add(line);
            captured = new CapturedLogLine(_current.Arn, _current.RequestId, stream, line, DateTimeOffset.UtcNow);
        }

        _options.OnLogLine?.Invoke(captured);
    }

    private static ProcessStartInfo StartInfo(ProcessFunctionOptions options, string functionName, Uri durableApiEndpoint, string runtimeApi)
    {
        var executable = Path.GetFullPath(options.ExecutablePath);
        var viaDotnet = executable.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var info = new ProcessStartInfo
        {
            FileName = viaDotnet ? DotnetHost() : executable,
            WorkingDirectory = options.WorkingDirectory ?? Path.GetDirectoryName(executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (viaDotnet)
        {
            info.ArgumentList.Add(executable);
        }

        foreach (var argument in options.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var env = info.Environment;

        // The developer's own AWS settings must not leak into a function that talks to the local engine.
        foreach (var key in env.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            env.Remove(key);
        }

        env["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        env["_HANDLER"] = options.Handler ?? string.Empty;
        env["AWS_LAMBDA_FUNCTION_NAME"] = functionName;
        env["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
        env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "512";
        env["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand";
        env["AWS_LAMBDA_LOG_FORMAT"] = options.LogFormat;
        env["AWS_LAMBDA_LOG_LEVEL"] = options.LogLevel;
        env["AWS_REGION"] = options.Region;
        env["AWS_DEFAULT_REGION"] = options.Region;
        env["AWS_ACCESS_KEY_ID"] = "local";
        env["AWS_SECRET_ACCESS_KEY"] = "local";
        env["AWS_ENDPOINT_URL_LAMBDA"] = durableApiEndpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
        env["LAMBDA_TASK_ROOT"] = info.WorkingDirectory;
        env["TZ"] = ":UTC";
        foreach (var (key, value) in options.Environment)
        {
            env[key] = value;
        }

        return info;
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
