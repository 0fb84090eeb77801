using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Durable.Client;
using Durable.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Durable.Local.Server.DurableApi;

/// <summary>
/// One REST request as the service model reads it: URI labels percent-decoded from the raw target (so an ARN's
/// encoded <c>/</c> and <c>:</c> survive), typed query members (booleans, integers, ISO-8601 timestamps, repeated
/// lists) and the body, read whole within the size limit. Every malformed member becomes a 4xx
/// <see cref="DurableServiceException"/>.
/// </summary>
internal sealed class ApiRequest(HttpContext context, IReadOnlyList<string> segments)
{
    public HttpContext Context => context;

    /// <summary>The decoded path segments (empty segments dropped).</summary>
    public IReadOnlyList<string> Segments => segments;

    public CancellationToken Aborted => context.RequestAborted;

    /// <summary>Splits the raw request target into decoded path segments; null when it is not an origin-form path.</summary>
    public static IReadOnlyList<string>? ParsePath(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            return null;
        }

        var query = raw.IndexOfAny(['?', '#']);
        var path = query >= 0 ? raw[..query] : raw;
        var segments = new List<string>();
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            segments.Add(Uri.UnescapeDataString(segment));
        }

        return segments;
    }

    public string? Query(string name)
    {
        var values = context.Request.Query[name];
        if (values.Count > 1)
        {
            throw Invalid($"The query parameter {name} is given more than once.");
        }

        return values.Count == 0 ? null : values[0];
    }

    public IReadOnlyList<string> QueryList(string name) => context.Request.Query[name].Where(v => v is not null).Select(v => v!).ToList();

    public int? QueryInt(string name)
    {
        var text = Query(name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid($"The query parameter {name} must be an integer.");
    }

    public bool? QueryBool(string name) => Query(name) switch
    {
        null => null,
        var text when text.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        var text when text.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        _ => throw Invalid($"The query parameter {name} must be true or false."),
    };

    /// <summary>rest-json query timestamps are ISO-8601.</summary>
    public DateTimeOffset? QueryTimestamp(string name)
    {
        var text = Query(name);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw Invalid($"The query parameter {name} must be an ISO-8601 timestamp.");
    }

    public string? Header(string name)
    {
        var values = context.Request.Headers[name];
        return values.Count == 0 ? null : values[0];
    }

    /// <summary>Reads the whole body; 413 when it is over the server's limit.</summary>
    public async Task<byte[]> ReadBodyAsync()
    {
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, Aborted).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new DurableServiceException(AwsErrorResponse.RequestTooLarge, "The request body exceeds the server's size limit.", 413, ex);
        }
        catch (BadHttpRequestException ex)
        {
            throw new DurableServiceException(AwsErrorResponse.InvalidRequestContent, "The request body could not be read: " + ex.Message, 400, ex);
        }
    }

    /// <summary>Reads a JSON object body; an empty body is an empty object.</summary>
    public async Task<JsonElement> ReadJsonObjectAsync()
    {
        var body = await ReadBodyAsync().ConfigureAwait(false);
        if (IsBlank(body))
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Unparsable("the body must be a JSON object");
            }

            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw Unparsable(ex.Message);
        }
    }

    /// <summary>Reads a structure payload (the whole body is the member); null for an empty body or <c>{}</c>.</summary>
    public async Task<ErrorObject?> ReadErrorPayloadAsync()
    {
        var root = await ReadJsonObjectAsync().ConfigureAwait(false);
        if (root.ValueKind != JsonValueKind.Object || !root.EnumerateObject().Any())
        {
            return null;
        }

        return Deserialize(root, ProtocolJson.ApiTypeInfo<ErrorObject>(), "Error");
    }

    public static T Deserialize<T>(JsonElement element, JsonTypeInfo<T> typeInfo, string member)
    {
        try
        {
            return element.Deserialize(typeInfo) ?? throw new JsonException("null");
        }
        catch (JsonException ex)
        {
            throw Unparsable($"{member} is not valid: {ex.Message}");
        }
    }

    public static string? StringMember(JsonElement root, string name)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Invalid($"{name} must be a string.");
    }

    public static DurableServiceException Invalid(string message) => DurableServiceException.InvalidParameter(message);

    public static DurableServiceException Unparsable(string detail) =>
        AwsErrorResponse.BadRequest(AwsErrorResponse.InvalidRequestContent, "The request body could not be parsed as JSON: " + detail);

    private static bool IsBlank(byte[] body) => body.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n');
}
