namespace Durable.Client.Http;

/// <summary>
/// AWS credentials: an access key pair and, for temporary credentials, a session token. <see cref="ToString"/>
/// never shows the secret or the token.
/// </summary>
public sealed class AwsCredentials
{
    /// <summary>Creates credentials.</summary>
    /// <param name="accessKeyId">The access key ID.</param>
    /// <param name="secretAccessKey">The secret access key.</param>
    /// <param name="sessionToken">The session token of temporary credentials; null or empty for none.</param>
    /// <param name="expiration">When temporary credentials expire; null when they do not.</param>
    public AwsCredentials(string accessKeyId, string secretAccessKey, string? sessionToken = null, DateTimeOffset? expiration = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accessKeyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(secretAccessKey);
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        SessionToken = string.IsNullOrEmpty(sessionToken) ? null : sessionToken;
        Expiration = expiration;
    }

    /// <summary>The access key ID.</summary>
    public string AccessKeyId { get; }

    /// <summary>The secret access key.</summary>
    public string SecretAccessKey { get; }

    /// <summary>The session token of temporary credentials, sent as <c>X-Amz-Security-Token</c>.</summary>
    public string? SessionToken { get; }

    /// <summary>When the credentials expire; null when they do not.</summary>
    public DateTimeOffset? Expiration { get; }

    /// <summary>A redacted description: a prefix of the key ID and whether a session token is present.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var prefix = AccessKeyId.Length <= 4 ? AccessKeyId : AccessKeyId[..4];
        return $"AwsCredentials(AccessKeyId={prefix}****, SessionToken={(SessionToken is null ? "none" : "present")})";
    }
}

/// <summary>Supplies AWS credentials, possibly fetching or refreshing them.</summary>
public interface IAwsCredentialsProvider
{
    /// <summary>Returns credentials valid for at least the next request.</summary>
    /// <param name="cancellationToken">Cancels a fetch.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="AwsCredentialsException">No credentials could be had from this source.</exception>
    ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default);
}

/// <summary>No credentials could be had: the source is not configured, or fetching from it failed.</summary>
public sealed class AwsCredentialsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AwsCredentialsException()
        : base("No AWS credentials are available.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing or failed (never a secret).</param>
    public AwsCredentialsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing or failed (never a secret).</param>
    /// <param name="innerException">The failure of the fetch.</param>
    public AwsCredentialsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Always returns the same credentials.</summary>
public sealed class StaticCredentialsProvider : IAwsCredentialsProvider
{
    private readonly AwsCredentials _credentials;

    /// <summary>Creates the provider.</summary>
    /// <param name="credentials">The credentials to return.</param>
    public StaticCredentialsProvider(AwsCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = credentials;
    }

    /// <summary>Creates the provider from the parts of the credentials.</summary>
    /// <param name="accessKeyId">The access key ID.</param>
    /// <param name="secretAccessKey">The secret access key.</param>
    /// <param name="sessionToken">The session token, if any.</param>
    public StaticCredentialsProvider(string accessKeyId, string secretAccessKey, string? sessionToken = null)
        : this(new AwsCredentials(accessKeyId, secretAccessKey, sessionToken))
    {
    }

    /// <inheritdoc />
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) => new(_credentials);
}

/// <summary>
/// Credentials from <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c> and <c>AWS_SESSION_TOKEN</c>: what the
/// Lambda runtime sets for the function's execution role. Read on every call, so a changed environment is seen.
/// </summary>
public sealed class EnvironmentCredentialsProvider : IAwsCredentialsProvider
{
    /// <summary>The access key ID variable.</summary>
    public const string AccessKeyIdVariable = "AWS_ACCESS_KEY_ID";

    /// <summary>The secret access key variable.</summary>
    public const string SecretAccessKeyVariable = "AWS_SECRET_ACCESS_KEY";

    /// <summary>The session token variable.</summary>
    public const string SessionTokenVariable = "AWS_SESSION_TOKEN";

    private readonly Func<string, string?> _getEnvironmentVariable;

    /// <summary>Creates the provider.</summary>
    /// <param name="getEnvironmentVariable">Reads a variable; <see cref="Environment.GetEnvironmentVariable(string)"/> when null.</param>
    public EnvironmentCredentialsProvider(Func<string, string?>? getEnvironmentVariable = null)
    {
        _getEnvironmentVariable = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>True when both key variables are set.</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(_getEnvironmentVariable(AccessKeyIdVariable))
        && !string.IsNullOrWhiteSpace(_getEnvironmentVariable(SecretAccessKeyVariable));

    /// <inheritdoc />
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        var accessKeyId = _getEnvironmentVariable(AccessKeyIdVariable)?.Trim();
        var secretAccessKey = _getEnvironmentVariable(SecretAccessKeyVariable)?.Trim();
        if (string.IsNullOrEmpty(accessKeyId) || string.IsNullOrEmpty(secretAccessKey))
        {
            throw new AwsCredentialsException(
                $"Environment credentials are not set: {AccessKeyIdVariable} and {SecretAccessKeyVariable} are both required.");
        }

        return new(new AwsCredentials(accessKeyId, secretAccessKey, _getEnvironmentVariable(SessionTokenVariable)?.Trim()));
    }
}

/// <summary>
/// Tries providers in order and keeps the first that yields credentials (so later calls go straight to it). A
/// provider that throws <see cref="AwsCredentialsException"/> is skipped; any other exception propagates. Disposing
/// the chain disposes the providers it holds.
/// </summary>
public sealed class AwsCredentialsProviderChain : IAwsCredentialsProvider, IDisposable
{
    private readonly IAwsCredentialsProvider[] _providers;
    private volatile IAwsCredentialsProvider? _chosen;

    /// <summary>Creates a chain.</summary>
    /// <param name="providers">The providers, tried in order.</param>
    public AwsCredentialsProviderChain(params IAwsCredentialsProvider[] providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        if (providers.Length == 0 || Array.IndexOf(providers, null) >= 0)
        {
            throw new ArgumentException("A credentials chain needs at least one provider and no nulls.", nameof(providers));
        }

        _providers = (IAwsCredentialsProvider[])providers.Clone();
    }

    /// <summary>
    /// The default chain: <see cref="EnvironmentCredentialsProvider"/>, then <see cref="ContainerCredentialsProvider"/>.
    /// </summary>
    /// <param name="containerHandler">The HTTP handler for the container endpoint; a new one when null.</param>
    /// <param name="getEnvironmentVariable">Reads a variable; the process environment when null.</param>
    /// <param name="timeProvider">The clock for credential expiry; the system clock when null.</param>
    /// <returns>The chain.</returns>
    public static AwsCredentialsProviderChain CreateDefault(
        HttpMessageHandler? containerHandler = null,
        Func<string, string?>? getEnvironmentVariable = null,
        TimeProvider? timeProvider = null) =>
        new(
            new EnvironmentCredentialsProvider(getEnvironmentVariable),
            new ContainerCredentialsProvider(containerHandler, getEnvironmentVariable, timeProvider));

    /// <inheritdoc />
    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        if (_chosen is { } chosen)
        {
            return await chosen.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        }

        List<string>? reasons = null;
        foreach (var provider in _providers)
        {
            try
            {
                var credentials = await provider.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
                _chosen = provider;
                return credentials;
            }
            catch (AwsCredentialsException ex)
            {
                (reasons ??= []).Add(ex.Message);
            }
        }

        throw new AwsCredentialsException("No AWS credentials found. " + string.Join(" ", reasons!));
    }

    /// <summary>Disposes the providers that are disposable.</summary>
    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            (provider as IDisposable)?.Dispose();
        }
    }
}
