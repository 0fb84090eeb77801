using Microsoft.Extensions.Logging;

namespace Durable.Client.Http;

/// <summary>Settings of <see cref="LambdaDurableClient"/>. Everything is optional; the defaults suit a Lambda function.</summary>
public sealed class LambdaDurableClientOptions
{
    /// <summary>
    /// The HTTP client to send with; the caller keeps ownership and its <see cref="HttpClient.Timeout"/> still
    /// applies. When null, the client creates one (over <see cref="HttpMessageHandler"/> if given).
    /// </summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>The handler for a client-created <see cref="System.Net.Http.HttpClient"/>; not disposed by the client.</summary>
    public HttpMessageHandler? HttpMessageHandler { get; set; }

    /// <summary>
    /// Where credentials come from; when null, <see cref="AwsCredentialsProviderChain.CreateDefault"/> (environment,
    /// then container endpoint), owned and disposed by the client.
    /// </summary>
    public IAwsCredentialsProvider? CredentialsProvider { get; set; }

    /// <summary>The region to sign for; when null, <c>AWS_REGION</c> then <c>AWS_DEFAULT_REGION</c>.</summary>
    public string? Region { get; set; }

    /// <summary>
    /// The service endpoint (a base path is kept); when null, <c>AWS_ENDPOINT_URL_LAMBDA</c>, then
    /// <c>AWS_ENDPOINT_URL</c>, else <c>https://lambda.{region}.amazonaws.com</c>.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The clock for signing, back-off and timeouts; <see cref="TimeProvider.System"/> when null.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>How transient failures are retried.</summary>
    public LambdaRetryOptions Retry { get; set; } = new();

    /// <summary>The time one attempt may take, response body included. Default 60 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Appended to the <c>User-Agent</c> after <c>durable-dotnet/&lt;version&gt;</c>, e.g. <c>my-tool/1.2</c>.</summary>
    public string? UserAgentSuffix { get; set; }

    /// <summary>
    /// Receives Debug records of each attempt (operation, method, path, status; never the query string, headers,
    /// bodies or credentials) and Information records of retries. Null for none.
    /// </summary>
    public ILogger? Logger { get; set; }

    /// <summary>Also send and sign <c>x-amz-content-sha256</c>. Off by default; Lambda does not need it.</summary>
    public bool SendContentSha256Header { get; set; }

    /// <summary>Reads environment variables (region, endpoint, credentials); the process environment when null.</summary>
    public Func<string, string?>? GetEnvironmentVariable { get; set; }
}

/// <summary>
/// Retry of transient failures (HTTP 429, 5xx, no response): exponential back-off with full jitter, a delay
/// drawn uniformly from [0, min(<see cref="MaxDelay"/>, <see cref="BaseDelay"/> × 2^retry)), or the service's
/// <c>Retry-After</c> when that is longer. Which failures an operation may retry depends on the operation (see
/// <see cref="LambdaDurableClient"/>).
/// </summary>
public sealed class LambdaRetryOptions
{
    /// <summary>Retries after the first attempt; 0 disables retries. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The back-off ceiling of the first retry. Default 100 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The largest back-off ceiling. Default 5 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest <c>Retry-After</c> the client waits out; when the service asks for longer the error is surfaced
    /// at once (with <see cref="DurableServiceException.RetryAfterSeconds"/>) for the caller to decide. Default 10 s.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The jitter source, returning values in [0, 1); <see cref="Random.Shared"/> when null.</summary>
    public Func<double>? Jitter { get; set; }

    /// <summary>No retries at all.</summary>
    public static LambdaRetryOptions None => new() { MaxRetries = 0 };

    /// <summary>The back-off before a retry.</summary>
    /// <param name="retry">0 for the first retry, 1 for the second, …</param>
    /// <param name="jitter">A value in [0, 1) scaling the ceiling.</param>
    /// <returns>min(<see cref="MaxDelay"/>, <see cref="BaseDelay"/> × 2^<paramref name="retry"/>) × <paramref name="jitter"/>.</returns>
    public TimeSpan GetBackoff(int retry, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retry);
        jitter = double.IsNaN(jitter) ? 0 : Math.Clamp(jitter, 0, 1);
        var ceilingTicks = Math.Min((double)MaxDelay.Ticks, BaseDelay.Ticks * Math.Pow(2, Math.Min(retry, 62)));
        return TimeSpan.FromTicks((long)(ceilingTicks * jitter));
    }

    internal void Validate()
    {
        if (MaxRetries is < 0 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "MaxRetries must be between 0 and 20.");
        }

        if (BaseDelay < TimeSpan.Zero || MaxDelay < TimeSpan.Zero || MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(BaseDelay), "Retry delays must not be negative.");
        }
    }
}
