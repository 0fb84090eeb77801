namespace Durable.Local.Server.Processes;

/// <summary>How the local engine starts a function as a separate process behind the Lambda Runtime API.</summary>
public sealed record ProcessFunctionOptions
{
    /// <summary>
    /// The function's executable: a native (apphost or self-contained) executable, or a framework-dependent
    /// <c>.dll</c>, which is started with <c>dotnet</c>.
    /// </summary>
    public required string ExecutablePath { get; init; }

    /// <summary>Arguments after the executable (after the <c>.dll</c> for <c>dotnet</c>).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The handler setting (<c>_HANDLER</c>): which workflow of the executable serves invocations.</summary>
    public string? Handler { get; init; }

    /// <summary>Extra environment variables for the process (they win over the Lambda variables the engine sets).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The working directory (<c>LAMBDA_TASK_ROOT</c>); the executable's folder when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>True for a durable function (it receives envelopes); false for a plain function.</summary>
    public bool IsDurable { get; init; } = true;

    /// <summary>How many sandboxes (processes) may serve invocations at once; each serves one at a time.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Keep a sandbox for the next invocation (warm start) or start a new process every time.</summary>
    public bool ReuseSandboxes { get; init; } = true;

    /// <summary><c>AWS_LAMBDA_LOG_FORMAT</c>: <c>JSON</c> (default) or <c>Text</c>.</summary>
    public string LogFormat { get; init; } = "JSON";

    /// <summary><c>AWS_LAMBDA_LOG_LEVEL</c>: TRACE, DEBUG, INFO (default), WARN, ERROR or FATAL.</summary>
    public string LogLevel { get; init; } = "INFO";

    /// <summary>The region the function believes it runs in (<c>AWS_REGION</c>).</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>Receives every line the function writes to standard output or error, as it is read.</summary>
    public Action<CapturedLogLine>? OnLogLine { get; init; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ExecutablePath))
        {
            throw new ArgumentException("ExecutablePath is required.", nameof(ExecutablePath));
        }

        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException($"The function executable '{ExecutablePath}' does not exist. Build or publish the function first.", ExecutablePath);
        }

        if (MaxConcurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrency), MaxConcurrency, "At least one sandbox.");
        }
    }
}

/// <summary>Which stream a captured line came from.</summary>
public enum LogStream
{
    /// <summary>Standard output.</summary>
    StandardOutput,

    /// <summary>Standard error.</summary>
    StandardError,
}

/// <summary>One line a function process wrote, with the invocation it belongs to.</summary>
/// <param name="DurableExecutionArn">The execution of the invocation that was running, or null between invocations.</param>
/// <param name="RequestId">The invocation's request ID, or null between invocations (initialization).</param>
/// <param name="Stream">Where the line was written.</param>
/// <param name="Line">The text, without the newline.</param>
/// <param name="Timestamp">When the engine read it.</param>
public sealed record CapturedLogLine(string? DurableExecutionArn, string? RequestId, LogStream Stream, string Line, DateTimeOffset Timestamp);
