using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Durable.Client.Http;

/// <summary>
/// Credentials from a container credentials endpoint (ECS task roles, EKS Pod Identity, or any compatible local
/// server). The endpoint is <c>http://169.254.170.2</c> + <c>AWS_CONTAINER_CREDENTIALS_RELATIVE_URI</c>, or else
/// <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c>, which must be HTTPS or an HTTP address on loopback, 169.254.170.2,
/// 169.254.170.23 or fd00:ec2::23 (IP literals or <c>localhost</c>; no DNS lookup). The <c>Authorization</c> header
/// is the contents of <c>AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE</c> (read on every fetch, since it rotates), else
/// <c>AWS_CONTAINER_AUTHORIZATION_TOKEN</c>. Credentials are cached until <see cref="RefreshBeforeExpiry"/> before
/// they expire; if a refresh fails while the cached ones are still valid, those are returned.
/// </summary>
public sealed class ContainerCredentialsProvider : IAwsCredentialsProvider, IDisposable
{
    /// <summary>The relative URI variable (ECS).</summary>
    public const string RelativeUriVariable = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";

    /// <summary>The full URI variable (EKS Pod Identity, custom endpoints).</summary>
    public const string FullUriVariable = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

    /// <summary>The authorization token variable.</summary>
    public const string AuthorizationTokenVariable = "AWS_CONTAINER_AUTHORIZATION_TOKEN";

    /// <summary>The authorization token file variable; takes precedence over the token variable.</summary>
    public const string AuthorizationTokenFileVariable = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";

    private const string EcsHost = "169.254.170.2";
    private const int MaxAttempts = 3;

    private readonly HttpClient _http;
    private readonly Func<string, string?> _getEnvironmentVariable;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private AwsCredentials? _cached;

    /// <summary>Creates the provider.</summary>
    /// <param name="handler">The HTTP handler for the endpoint (not disposed by the provider); a new one when null.</param>
    /// <param name="getEnvironmentVariable">Reads a variable; the process environment when null.</param>
    /// <param name="timeProvider">The clock for expiry; the system clock when null.</param>
    public ContainerCredentialsProvider(
        HttpMessageHandler? handler = null,
        Func<string, string?>? getEnvironmentVariable = null,
        TimeProvider? timeProvider = null)
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _getEnvironmentVariable = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How long before expiry cached credentials are refreshed. Default 5 minutes.</summary>
    public TimeSpan RefreshBeforeExpiry { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The timeout of one request to the endpoint. Default 5 seconds.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>True when one of the URI variables is set (valid or not).</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(_getEnvironmentVariable(RelativeUriVariable))
        || !string.IsNullOrWhiteSpace(_getEnvironmentVariable(FullUriVariable));

    /// <summary>
    /// The endpoint the variables name, or null when neither URI variable is set.
    /// </summary>
    /// <param name="getEnvironmentVariable">Reads a variable.</param>
    /// <returns>The endpoint, or null.</returns>
    /// <exception cref="AwsCredentialsException">A variable is set to an unusable address.</exception>
    public static Uri? ResolveEndpoint(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var relative = getEnvironmentVariable(RelativeUriVariable)?.Trim();
        if (!string.IsNullOrEmpty(relative))
        {
            var path = relative.StartsWith('/') ? relative : "/" + relative;
            if (!Uri.TryCreate("http://" + EcsHost + path, UriKind.Absolute, out var ecs))
            {
                throw new AwsCredentialsException($"{RelativeUriVariable} is not a valid relative URI.");
            }

            return ecs;
        }

        var full = getEnvironmentVariable(FullUriVariable)?.Trim();
        if (string.IsNullOrEmpty(full))
        {
            return null;
        }

        if (!Uri.TryCreate(full, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new AwsCredentialsException($"{FullUriVariable} is not an absolute http(s) URI.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsAllowedHttpHost(uri))
        {
            throw new AwsCredentialsException(
                $"{FullUriVariable} uses plain HTTP to {uri.Host}; only loopback, 169.254.170.2, 169.254.170.23 and fd00:ec2::23 may be reached without HTTPS.");
        }

        return uri;
    }

    /// <inheritdoc />
    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        var cached = Volatile.Read(ref _cached);
        if (cached is not null && !NeedsRefresh(cached))
        {
            return cached;
        }

        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cached = _cached;
            if (cached is not null && !NeedsRefresh(cached))
            {
                return cached;
            }

            try
            {
                var fresh = await FetchAsync(cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _cached, fresh);
                return fresh;
            }
            catch (AwsCredentialsException) when (cached is not null && !IsExpired(cached))
            {
                // The refresh window opened but the endpoint is failing: the old credentials still work.
                return cached;
            }
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    /// <summary>Disposes the HTTP client the provider created (never a handler it was given).</summary>
    public void Dispose()
    {
        _http.Dispose();

        _refreshLock.Dispose();
    }

    private static bool IsAllowedHttpHost(Uri uri)
    {
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IPAddress.TryParse(uri.IdnHost, out var address))
        {
            return false;
        }

        return IPAddress.IsLoopback(address)
            || address.Equals(IPAddress.Parse(EcsHost))
            || address.Equals(IPAddress.Parse("169.254.170.23"))
            || address.Equals(IPAddress.Parse("fd00:ec2::23"));
    }

    private bool NeedsRefresh(AwsCredentials credentials) =>
        credentials.Expiration is { } expiration && _timeProvider.GetUtcNow() >= expiration - RefreshBeforeExpiry;

    private bool IsExpired(AwsCredentials credentials) =>
        credentials.Expiration is { } expiration && _timeProvider.GetUtcNow() >= expiration;

    private async Task<AwsCredentials> FetchAsync(CancellationToken cancellationToken)
    {
        var endpoint = ResolveEndpoint(_getEnvironmentVariable)
            ?? throw new AwsCredentialsException(
                $"Container credentials are not configured: neither {RelativeUriVariable} nor {FullUriVariable} is set.");
        var token = ReadAuthorizationToken();

        Exception? lastFailure = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * (attempt - 1)), _timeProvider, cancellationToken).ConfigureAwait(false);
            }

            using var timeout = new CancellationTokenSource(RequestTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (token is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", token);
            }

            try
            {
                using var response = await _http.SendAsync(request, linked.Token).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return Parse(body);
                }

                lastFailure = new AwsCredentialsException(
                    $"The container credentials endpoint answered HTTP {status.ToString(CultureInfo.InvariantCulture)}.");
                if (status is >= 400 and < 500 and not 429)
                {
                    break; // Misconfiguration (bad token, wrong path): asking again cannot help.
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException ex)
            {
                lastFailure = new TimeoutException("The container credentials endpoint did not answer in time.", ex);
            }
            catch (HttpRequestException ex)
            {
                lastFailure = ex;
            }
        }

        throw lastFailure as AwsCredentialsException
            ?? new AwsCredentialsException("Could not fetch container credentials.", lastFailure);
    }

    private string? ReadAuthorizationToken()
    {
        var file = _getEnvironmentVariable(AuthorizationTokenFileVariable)?.Trim();
        string? token;
        if (!string.IsNullOrEmpty(file))
        {
            try
            {
                token = File.ReadAllText(file).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new AwsCredentialsException($"Cannot read the file named by {AuthorizationTokenFileVariable}.", ex);
            }
        }
        else
        {
            token = _getEnvironmentVariable(AuthorizationTokenVariable)?.Trim();
        }

        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        if (token.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new AwsCredentialsException("The container authorization token contains a line break.");
        }

        return token;
    }

    private static AwsCredentials Parse(byte[] body)
    {
        ContainerCredentialsDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(body, ContainerCredentialsJsonContext.Default.ContainerCredentialsDocument);
        }
        catch (JsonException ex)
        {
            throw new AwsCredentialsException("The container credentials endpoint answered with invalid JSON.", ex);
        }

        if (document is null || string.IsNullOrEmpty(document.AccessKeyId) || string.IsNullOrEmpty(document.SecretAccessKey))
        {
            throw new AwsCredentialsException("The container credentials endpoint answered without AccessKeyId and SecretAccessKey.");
        }

        DateTimeOffset? expiration = null;
        if (!string.IsNullOrEmpty(document.Expiration))
        {
            if (!DateTimeOffset.TryParse(
                    document.Expiration,
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                    out var parsed))
            {
                throw new AwsCredentialsException("The container credentials endpoint answered with an unreadable Expiration.");
            }

            expiration = parsed;
        }

        return new AwsCredentials(document.AccessKeyId, document.SecretAccessKey, document.Token, expiration);
    }
}

/// <summary>The JSON document a container credentials endpoint answers with.</summary>
internal sealed class ContainerCredentialsDocument
{
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    public string? Token { get; set; }

    public string? Expiration { get; set; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ContainerCredentialsDocument))]
internal sealed partial class ContainerCredentialsJsonContext : JsonSerializerContext;
