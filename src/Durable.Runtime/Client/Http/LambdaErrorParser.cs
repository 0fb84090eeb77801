using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Durable.Client.Http;

/// <summary>
/// Turns a rest-json error response into a <see cref="DurableServiceException"/>: the code from the
/// <c>x-amzn-ErrorType</c> header, else the body's <c>__type</c>, <c>Type</c> or <c>code</c> (anything after
/// <c>:</c> and before <c>#</c> stripped); the message from the body's <c>message</c> or <c>Message</c>, verbatim
/// (the runtime string-matches <c>Invalid Checkpoint Token</c>); <c>Retry-After</c> (seconds or HTTP date) or the
/// body's <c>retryAfterSeconds</c> as <see cref="DurableServiceException.RetryAfterSeconds"/>.
/// </summary>
internal static class LambdaErrorParser
{
    /// <summary>The code used when neither header nor body names one.</summary>
    public const string UnknownErrorCode = "UnknownError";

    private const int MaxSnippet = 256;

    public static DurableServiceException Parse(
        string operation,
        int statusCode,
        IReadOnlyDictionary<string, string> headers,
        byte[] body,
        DateTimeOffset now)
    {
        string? code = null;
        string? message = null;
        int? retryAfter = null;

        if (headers.TryGetValue("x-amzn-ErrorType", out var headerType))
        {
            code = CleanCode(headerType);
        }

        var isJson = false;
        if (LooksLikeJsonObject(body))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    isJson = true;
                    var root = document.RootElement;
                    code ??= CleanCode(FirstString(root, "__type"))
                        ?? CleanCode(NotFaultKind(FirstString(root, "Type", "type")))
                        ?? CleanCode(FirstString(root, "code", "Code"));
                    message = FirstString(root, "message", "Message", "errorMessage");
                    retryAfter = ReadRetryAfter(root);
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: treated as an opaque body below.
            }
        }

        if (headers.TryGetValue("Retry-After", out var retryAfterHeader))
        {
            retryAfter = ParseRetryAfter(retryAfterHeader, now) ?? retryAfter;
        }

        code = string.IsNullOrEmpty(code) ? UnknownErrorCode : code;
        if (string.IsNullOrEmpty(message))
        {
            var reason = ReasonOf(statusCode);
            message = code == UnknownErrorCode
                ? $"Lambda {operation} failed with HTTP {statusCode.ToString(CultureInfo.InvariantCulture)} ({reason}) and no error details."
                : $"Lambda {operation} failed with {code} (HTTP {statusCode.ToString(CultureInfo.InvariantCulture)} {reason}).";
            if (!isJson && body.Length > 0)
            {
                message += " Body: " + Snippet(body);
            }
        }

        return new DurableServiceException(code, message, statusCode) { RetryAfterSeconds = retryAfter };
    }

    // "InvalidParameterValueException:http://internal.amazon.com/coral/..." and "aws.lambda#Foo" both give the name.
    private static string? CleanCode(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var code = raw.Trim();
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        code = code.Trim();
        return code.Length == 0 ? null : code;
    }

    // Lambda's own error bodies say {"Type":"User"|"Service", ...}: who is at fault, not the error code (that is in
    // the x-amzn-ErrorType header). Emulators put the code in Type instead.
    private static string? NotFaultKind(string? type) =>
        type is "User" or "Service" or "Client" or "Server" ? null : type;

    private static string? FirstString(JsonElement root, params string[] names)
    {
        foreach (var name in names)
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
            {
                var text = value.GetString();
                if (!string.IsNullOrEmpty(text))
                {
                    return text;
                }
            }
        }

        return null;
    }

    private static int? ReadRetryAfter(JsonElement root)
    {
        if (!root.TryGetProperty("retryAfterSeconds", out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var n) && n >= 0 => n,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) => s,
            _ => null,
        };
    }

    private static int? ParseRetryAfter(string value, DateTimeOffset now)
    {
        value = value.Trim();
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds;
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return (int)Math.Max(0, Math.Ceiling((date - now).TotalSeconds));
        }

        return null;
    }

    private static bool LooksLikeJsonObject(byte[] body)
    {
        foreach (var b in body)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            return b == (byte)'{';
        }

        return false;
    }

    private static string Snippet(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, MaxSnippet * 4));
        var builder = new StringBuilder(Math.Min(text.Length, MaxSnippet) + 1);
        foreach (var c in text)
        {
            if (builder.Length >= MaxSnippet)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString().Trim();
    }

    private static string ReasonOf(int statusCode) => statusCode switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "unexpected status",
    };
}
