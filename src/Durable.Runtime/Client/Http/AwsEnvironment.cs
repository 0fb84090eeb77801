namespace Durable.Client.Http;

/// <summary>
/// Region and Lambda endpoint from the environment, with the precedence of the AWS SDKs: region from
/// <c>AWS_REGION</c> then <c>AWS_DEFAULT_REGION</c>; endpoint from <c>AWS_ENDPOINT_URL_LAMBDA</c>, then
/// <c>AWS_ENDPOINT_URL</c> (both ignored when <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is <c>true</c>), else
/// <c>https://lambda.{region}.amazonaws.com</c> (<c>.amazonaws.com.cn</c> in the China regions).
/// </summary>
public static class AwsEnvironment
{
    /// <summary>The region variable Lambda sets.</summary>
    public const string RegionVariable = "AWS_REGION";

    /// <summary>The fallback region variable.</summary>
    public const string DefaultRegionVariable = "AWS_DEFAULT_REGION";

    /// <summary>The service-specific endpoint override.</summary>
    public const string LambdaEndpointVariable = "AWS_ENDPOINT_URL_LAMBDA";

    /// <summary>The global endpoint override.</summary>
    public const string EndpointVariable = "AWS_ENDPOINT_URL";

    /// <summary>When <c>true</c>, the endpoint override variables are ignored.</summary>
    public const string IgnoreEndpointsVariable = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    /// <summary>The region the environment names, or null.</summary>
    /// <param name="getEnvironmentVariable">Reads a variable; the process environment when null.</param>
    /// <returns>The region, or null when neither variable is set.</returns>
    public static string? ResolveRegion(Func<string, string?>? getEnvironmentVariable = null)
    {
        var env = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        return NonEmpty(env(RegionVariable)) ?? NonEmpty(env(DefaultRegionVariable));
    }

    /// <summary>The Lambda endpoint for <paramref name="region"/>, honouring the override variables.</summary>
    /// <param name="region">The region.</param>
    /// <param name="getEnvironmentVariable">Reads a variable; the process environment when null.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="InvalidOperationException">An override variable is not an absolute http(s) URL.</exception>
    public static Uri ResolveLambdaEndpoint(string region, Func<string, string?>? getEnvironmentVariable = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        var env = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        var ignore = string.Equals(NonEmpty(env(IgnoreEndpointsVariable)), "true", StringComparison.OrdinalIgnoreCase);
        if (!ignore)
        {
            foreach (var variable in (ReadOnlySpan<string>)[LambdaEndpointVariable, EndpointVariable])
            {
                if (NonEmpty(env(variable)) is { } value)
                {
                    if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
                        || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                    {
                        throw new InvalidOperationException($"{variable} is not an absolute http(s) URL.");
                    }

                    return uri;
                }
            }
        }

        return DefaultLambdaEndpoint(region);
    }

    /// <summary>The public Lambda endpoint of a region.</summary>
    /// <param name="region">The region.</param>
    /// <returns><c>https://lambda.{region}.amazonaws.com</c>, or <c>.amazonaws.com.cn</c> for <c>cn-*</c>.</returns>
    public static Uri DefaultLambdaEndpoint(string region)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        foreach (var c in region)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                throw new ArgumentException($"'{region}' is not a region name.", nameof(region));
            }
        }

        var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://lambda.{region}.{suffix}");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
