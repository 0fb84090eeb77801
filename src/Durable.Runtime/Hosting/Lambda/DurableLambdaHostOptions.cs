using Durable.Client;

namespace Durable.Hosting;

/// <summary>
/// Settings of <see cref="DurableLambdaHost"/>. The defaults read everything from the Lambda environment, which is
/// what a deployed function wants; tests and the local engine override single pieces.
/// </summary>
public sealed record DurableLambdaHostOptions
{
    /// <summary>The Runtime API as <c>host:port</c>; <c>AWS_LAMBDA_RUNTIME_API</c> when null.</summary>
    public string? RuntimeApi { get; init; }

    /// <summary>The durable-execution service; a <see cref="Client.Http.LambdaDurableClient"/> configured from the
    /// environment (region, credentials, <c>AWS_ENDPOINT_URL_LAMBDA</c>) when null.</summary>
    public IDurableExecutionClient? Client { get; init; }

    /// <summary>
    /// The function's options; when null, logging follows <c>AWS_LAMBDA_LOG_FORMAT</c> (JSON lines or text) and
    /// <c>AWS_LAMBDA_LOG_LEVEL</c> to standard output, everything else at its default.
    /// </summary>
    public DurableFunctionOptions? FunctionOptions { get; init; }

    /// <summary>The largest event read into memory (default 7 MB, above Lambda's 6 MB invocation limit).</summary>
    public int MaxEventBytes { get; init; } = 7 * 1024 * 1024;

    /// <summary>How long the host keeps trying to reach an unreachable Runtime API before it exits (default 10 s).</summary>
    public TimeSpan RuntimeApiPatience { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where the host writes its own diagnostics; standard error when null.</summary>
    public TextWriter? Diagnostics { get; init; }

    /// <summary>Reads environment variables; the process environment when null.</summary>
    public Func<string, string?>? GetEnvironmentVariable { get; init; }

    /// <summary>The transport to the Runtime API (tests); a plain <see cref="HttpClient"/> handler when null.</summary>
    public HttpMessageHandler? RuntimeApiHandler { get; init; }
}
