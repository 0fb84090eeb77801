using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Durable.Client.Http;

/// <summary>
/// Signs HTTP requests with AWS Signature Version 4 (<c>AWS4-HMAC-SHA256</c>) for one region and service, as the
/// rules stand for every service other than S3: the path is normalized and each segment URI-encoded once more than
/// it is on the wire, the query string is decoded, re-encoded and sorted, and the headers are lower-cased, trimmed,
/// space-collapsed and sorted. The clock is a <see cref="TimeProvider"/>, so a signature is a pure function of the
/// request, the credentials and the time. No reflection, no dynamic code.
/// </summary>
public sealed class SigV4Signer
{
    /// <summary>The signing algorithm named in the string to sign and the <c>Authorization</c> header.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The hex SHA-256 of an empty payload.</summary>
    public const string EmptyPayloadSha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private const string Terminator = "aws4_request";

    // Hop-by-hop headers and headers that handlers or proxies add or rewrite after signing. Leaving them out of
    // the signature means a re-framed request (chunked vs. Content-Length, an added Expect, a new User-Agent)
    // still verifies; the payload hash already covers the body.
    private static readonly HashSet<string> UnsignedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "connection", "content-length", "expect", "keep-alive", "proxy-authorization",
        "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    };

    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a signer.</summary>
    /// <param name="region">The signing region, e.g. <c>us-east-1</c>.</param>
    /// <param name="service">The signing name of the service; <c>lambda</c> for the durable-execution API.</param>
    /// <param name="timeProvider">The clock that dates signatures; <see cref="TimeProvider.System"/> when null.</param>
    public SigV4Signer(string region, string service = "lambda", TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        Region = region;
        Service = service;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The signing region.</summary>
    public string Region { get; }

    /// <summary>The signing name of the service.</summary>
    public string Service { get; }

    /// <summary>
    /// Also send (and sign) the payload hash as <c>x-amz-content-sha256</c>. Not required by Lambda; off by default.
    /// </summary>
    public bool AddContentSha256Header { get; init; }

    /// <summary>
    /// Signs <paramref name="request"/> in place: sets <c>Host</c> (when absent), <c>X-Amz-Date</c>,
    /// <c>X-Amz-Security-Token</c> (with a session token), optionally <c>x-amz-content-sha256</c>, and
    /// <c>Authorization</c>. Any earlier signature headers are replaced, so a request can be re-signed.
    /// </summary>
    /// <param name="request">The request, with an absolute <see cref="HttpRequestMessage.RequestUri"/>.</param>
    /// <param name="credentials">The credentials to sign with.</param>
    /// <param name="payload">The exact bytes of the request body (empty for none).</param>
    /// <returns>The intermediate strings and the signature, for diagnostics and tests; treat as secret material.</returns>
    public SigV4Signature Sign(HttpRequestMessage request, AwsCredentials credentials, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri)
        {
            throw new ArgumentException("The request needs an absolute RequestUri to be signed.", nameof(request));
        }

        var now = _timeProvider.GetUtcNow();
        var amzDate = FormatAmzDate(now);
        var payloadHash = HexSha256(payload);

        var headers = request.Headers;
        headers.Remove("Authorization");
        headers.Remove("X-Amz-Date");
        headers.Remove("X-Amz-Security-Token");
        headers.Remove("X-Amz-Content-Sha256");
        if (string.IsNullOrEmpty(headers.Host))
        {
            headers.Host = HostHeaderOf(uri);
        }

        headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (!string.IsNullOrEmpty(credentials.SessionToken))
        {
            headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.SessionToken);
        }

        if (AddContentSha256Header)
        {
            headers.TryAddWithoutValidation("X-Amz-Content-Sha256", payloadHash);
        }

        var signature = ComputeSignature(
            request.Method.Method,
            uri.AbsolutePath,
            uri.Query,
            HeadersOf(request),
            payloadHash,
            credentials,
            now);
        headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        return signature;
    }

    /// <summary>
    /// Signs <paramref name="request"/> in place after reading its content to hash it (the content is buffered).
    /// See <see cref="Sign(HttpRequestMessage, AwsCredentials, ReadOnlySpan{byte})"/>.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="credentials">The credentials to sign with.</param>
    /// <param name="cancellationToken">Cancels reading the content.</param>
    /// <returns>The intermediate strings and the signature.</returns>
    public async Task<SigV4Signature> SignAsync(
        HttpRequestMessage request,
        AwsCredentials credentials,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var payload = request.Content is null
            ? []
            : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return Sign(request, credentials, payload);
    }

    /// <summary>
    /// Computes a signature from request parts without touching any request: the building block of
    /// <see cref="Sign(HttpRequestMessage, AwsCredentials, ReadOnlySpan{byte})"/>. Every header given is signed,
    /// so <paramref name="headers"/> must already hold <c>host</c> and <c>x-amz-date</c> (and the session token
    /// header when one is used).
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path exactly as sent on the wire (already percent-encoded); it is normalized and encoded once more.</param>
    /// <param name="query">The query string as sent, with or without the leading <c>?</c>.</param>
    /// <param name="headers">The headers to sign; repeated names are joined with commas in the given order.</param>
    /// <param name="payloadSha256Hex">The lower-case hex SHA-256 of the body.</param>
    /// <param name="credentials">The credentials.</param>
    /// <param name="signingTime">The time that <c>x-amz-date</c> states.</param>
    /// <returns>The canonical request, the string to sign, the signature and the <c>Authorization</c> value.</returns>
    public SigV4Signature ComputeSignature(
        string method,
        string path,
        string query,
        IEnumerable<KeyValuePair<string, string>> headers,
        string payloadSha256Hex,
        AwsCredentials credentials,
        DateTimeOffset signingTime)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentException.ThrowIfNullOrEmpty(payloadSha256Hex);
        ArgumentNullException.ThrowIfNull(credentials);

        var (canonicalHeaders, signedHeaders) = CanonicalizeHeaders(headers);
        var canonicalRequest = new StringBuilder(256)
            .Append(method.ToUpperInvariant()).Append('\n')
            .Append(CanonicalizePath(path ?? "/")).Append('\n')
            .Append(CanonicalizeQuery(query ?? string.Empty)).Append('\n')
            .Append(canonicalHeaders).Append('\n')
            .Append(signedHeaders).Append('\n')
            .Append(payloadSha256Hex)
            .ToString();

        var amzDate = FormatAmzDate(signingTime);
        var date = amzDate[..8];
        var scope = $"{date}/{Region}/{Service}/{Terminator}";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{HexSha256(Encoding.UTF8.GetBytes(canonicalRequest))}";

        var signingKey = DeriveSigningKey(credentials.SecretAccessKey, date, Region, Service);
        var signatureBytes = HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign));
        CryptographicOperations.ZeroMemory(signingKey);
        var signature = ToHexLower(signatureBytes);

        return new SigV4Signature(
            canonicalRequest,
            stringToSign,
            scope,
            signedHeaders,
            signature,
            $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}",
            amzDate);
    }

    /// <summary>
    /// The canonical URI of a wire path for services other than S3: dot segments and empty segments removed
    /// (RFC 3986 normalization), then each segment URI-encoded. Because the wire path is already percent-encoded,
    /// this is the "encode twice" rule: <c>arn%3Aaws</c> on the wire signs as <c>arn%253Aaws</c>.
    /// </summary>
    /// <param name="path">The path as sent.</param>
    /// <returns>The canonical URI; <c>/</c> for an empty path.</returns>
    public static string CanonicalizePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0 || path == "/")
        {
            return "/";
        }

        var segments = path.Split('/');
        var kept = new List<string>(segments.Length);
        foreach (var segment in segments)
        {
            switch (segment)
            {
                case "":
                case ".":
                    break;
                case "..":
                    if (kept.Count > 0)
                    {
                        kept.RemoveAt(kept.Count - 1);
                    }

                    break;
                default:
                    kept.Add(segment);
                    break;
            }
        }

        if (kept.Count == 0)
        {
            return "/";
        }

        var builder = new StringBuilder(path.Length + 16);
        foreach (var segment in kept)
        {
            builder.Append('/');
            AppendUriEncoded(builder, segment, encodeSlash: true);
        }

        var last = segments[^1];
        if (last.Length == 0 || last == "." || last == "..")
        {
            builder.Append('/');
        }

        return builder.ToString();
    }

    /// <summary>
    /// The canonical query string: each name and value percent-decoded, URI-encoded (RFC 3986 unreserved characters
    /// kept, everything else <c>%XX</c> of its UTF-8 bytes, <c>+</c> taken literally), sorted by name then value in
    /// ordinal order, joined with <c>&amp;</c>. A parameter without <c>=</c> gets an empty value.
    /// </summary>
    /// <param name="query">The query string, with or without the leading <c>?</c>.</param>
    /// <returns>The canonical query string; empty for none.</returns>
    public static string CanonicalizeQuery(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var span = query.AsSpan();
        if (span.StartsWith("?"))
        {
            span = span[1..];
        }

        if (span.IsEmpty)
        {
            return string.Empty;
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var part in span.ToString().Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            pairs.Add((UriEncode(Uri.UnescapeDataString(name)), UriEncode(Uri.UnescapeDataString(value))));
        }

        pairs.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });

        var builder = new StringBuilder(query.Length + 16);
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('&');
            }

            builder.Append(pairs[i].Name).Append('=').Append(pairs[i].Value);
        }

        return builder.ToString();
    }

    /// <summary>
    /// URI-encodes as SigV4 defines it: <c>A–Z a–z 0–9 - _ . ~</c> kept, every other UTF-8 byte as upper-case
    /// <c>%XX</c>; <c>/</c> kept only when <paramref name="encodeSlash"/> is false.
    /// </summary>
    /// <param name="value">The text to encode.</param>
    /// <param name="encodeSlash">Encode <c>/</c> too (true for names, values and single path segments).</param>
    /// <returns>The encoded text.</returns>
    public static string UriEncode(string value, bool encodeSlash = true)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 8);
        AppendUriEncoded(builder, value, encodeSlash);
        return builder.ToString();
    }

    /// <summary>The lower-case hex SHA-256 of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes to hash.</param>
    /// <returns>64 lower-case hex digits.</returns>
    public static string HexSha256(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(data, hash);
        return ToHexLower(hash);
    }

    private static void AppendUriEncoded(StringBuilder builder, string value, bool encodeSlash)
    {
        const string Hex = "0123456789ABCDEF";
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~'
                || (c == '/' && !encodeSlash))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }
        }
    }

    private static (string CanonicalHeaders, string SignedHeaders) CanonicalizeHeaders(
        IEnumerable<KeyValuePair<string, string>> headers)
    {
        var byName = new SortedDictionary<string, StringBuilder>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(headers));
#pragma warning disable CA1308 // SigV4 requires lower-case header names.
            var key = name.Trim().ToLowerInvariant();
#pragma warning restore CA1308
            var normalized = NormalizeHeaderValue(value ?? string.Empty);
            if (byName.TryGetValue(key, out var existing))
            {
                existing.Append(',').Append(normalized);
            }
            else
            {
                byName[key] = new StringBuilder(normalized);
            }
        }

        var canonical = new StringBuilder(256);
        foreach (var (name, value) in byName)
        {
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        return (canonical.ToString(), string.Join(';', byName.Keys));
    }

    // Trim, and collapse every run of whitespace inside the value to one space (quoted strings included, as the
    // test suite's get-header-value-trim shows).
    private static string NormalizeHeaderValue(string value)
    {
        var trimmed = value.AsSpan().Trim();
        var builder = new StringBuilder(trimmed.Length);
        var inSpace = false;
        foreach (var c in trimmed)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                if (!inSpace)
                {
                    builder.Append(' ');
                    inSpace = true;
                }
            }
            else
            {
                builder.Append(c);
                inSpace = false;
            }
        }

        return builder.ToString();
    }

    private static IEnumerable<KeyValuePair<string, string>> HeadersOf(HttpRequestMessage request)
    {
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            if (UnsignedHeaders.Contains(name))
            {
                continue;
            }

            foreach (var value in values)
            {
                yield return new(name, value);
            }
        }

        if (request.Content is null)
        {
            yield break;
        }

        foreach (var (name, values) in request.Content.Headers.NonValidated)
        {
            if (UnsignedHeaders.Contains(name))
            {
                continue;
            }

            foreach (var value in values)
            {
                yield return new(name, value);
            }
        }
    }

    // What HttpClient puts in the Host header: the IDN host (bracketed for IPv6) and the port unless default.
    private static string HostHeaderOf(Uri uri)
    {
        var host = uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost}]" : uri.IdnHost;
        return uri.IsDefaultPort ? host : $"{host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    private static byte[] DeriveSigningKey(string secretAccessKey, string date, string region, string service)
    {
        var secret = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        var kDate = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(date));
        var kRegion = HMACSHA256.HashData(kDate, Encoding.UTF8.GetBytes(region));
        var kService = HMACSHA256.HashData(kRegion, Encoding.UTF8.GetBytes(service));
        var kSigning = HMACSHA256.HashData(kService, Encoding.UTF8.GetBytes(Terminator));
        CryptographicOperations.ZeroMemory(secret);
        CryptographicOperations.ZeroMemory(kDate);
        CryptographicOperations.ZeroMemory(kRegion);
        CryptographicOperations.ZeroMemory(kService);
        return kSigning;
    }

    private static string FormatAmzDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string ToHexLower(ReadOnlySpan<byte> bytes)
    {
        const string Hex = "0123456789abcdef";
        var chars = new char[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = Hex[bytes[i] >> 4];
            chars[(2 * i) + 1] = Hex[bytes[i] & 0xF];
        }

        return new string(chars);
    }
}

/// <summary>
/// The result of signing: each intermediate string of the SigV4 process and the final <c>Authorization</c> value.
/// The canonical request can contain a session token: do not log it.
/// </summary>
/// <param name="CanonicalRequest">The canonical request.</param>
/// <param name="StringToSign">The string to sign.</param>
/// <param name="CredentialScope">The credential scope, <c>date/region/service/aws4_request</c>.</param>
/// <param name="SignedHeaders">The signed header names, lower-case, <c>;</c>-separated.</param>
/// <param name="Signature">The hex signature.</param>
/// <param name="Authorization">The <c>Authorization</c> header value.</param>
/// <param name="AmzDate">The <c>X-Amz-Date</c> value.</param>
public sealed record SigV4Signature(
    string CanonicalRequest,
    string StringToSign,
    string CredentialScope,
    string SignedHeaders,
    string Signature,
    string Authorization,
    string AmzDate)
{
    /// <summary>Names the scope and signed headers only, so that a logged signature leaks nothing.</summary>
    /// <returns>A redacted description.</returns>
    public override string ToString() => $"SigV4Signature(Scope={CredentialScope}, SignedHeaders={SignedHeaders})";
}
