using System.Text;

namespace Durable.Local.Engine;

/// <summary>The Lambda API's member constraints (lengths and character sets from the service model).</summary>
internal static class ProtocolValidation
{
    public const int MaxPayloadCharacters = 6_291_456;
    public const int MaxErrorBytes = 32_768;
    public const int MaxDurationSeconds = 31_622_400;

    /// <summary>Operation IDs: 1–64 of <c>[a-zA-Z0-9-_]</c>.</summary>
    public static bool IsOperationId(string? value) => IsToken(value, 64);

    /// <summary>Subtypes: 1–32 of <c>[a-zA-Z0-9-_]</c>.</summary>
    public static bool IsSubType(string? value) => IsToken(value, 32);

    /// <summary>Execution names: 1–64 of <c>[a-zA-Z0-9-_]</c>.</summary>
    public static bool IsExecutionName(string? value) => IsToken(value, 64);

    /// <summary>Function names: 1–64 of <c>[a-zA-Z0-9-_]</c>.</summary>
    public static bool IsFunctionName(string? value) => IsToken(value, 64);

    /// <summary>Operation names: 1–256 printable ASCII characters.</summary>
    public static bool IsOperationName(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 256)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Checkpoint tokens: 1–2048 base64 characters.</summary>
    public static bool IsCheckpointToken(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 2048)
        {
            return false;
        }

        var padding = 0;
        foreach (var c in value)
        {
            if (c == '=')
            {
                padding++;
            }
            else if (padding > 0 || !(char.IsAsciiLetterOrDigit(c) || c is '+' or '/'))
            {
                return false;
            }
        }

        return padding <= 2;
    }

    /// <summary>Tenant IDs: 1–256 of <c>[a-zA-Z0-9._:/=+\-@ ]</c>.</summary>
    public static bool IsTenantId(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 256)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '/' or '=' or '+' or '-' or '@' or ' '))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Parses a function reference: <c>name</c>, <c>name:qualifier</c>, <c>account:function:name[:qualifier]</c> or a
    /// full ARN <c>arn:aws:lambda:region:account:function:name[:qualifier]</c>.
    /// </summary>
    public static bool TryParseFunctionReference(string? reference, out string name, out string? qualifier)
    {
        name = string.Empty;
        qualifier = null;
        if (string.IsNullOrEmpty(reference) || reference.Length > 256)
        {
            return false;
        }

        var parts = reference.Split(':');
        var index = Array.IndexOf(parts, "function");
        var rest = index >= 0 ? parts[(index + 1)..] : parts;
        if (rest.Length is < 1 or > 2 || !IsFunctionName(rest[0]))
        {
            return false;
        }

        name = rest[0];
        qualifier = rest.Length == 2 ? rest[1] : null;
        return qualifier is null || qualifier.Length is > 0 and <= 128;
    }

    private static bool IsToken(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Markers of <c>GetDurableExecutionState</c> pages: valid only for the token sequence that issued them.</summary>
internal static class StateMarker
{
    public static string Create(long tokenSequence, int index) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{tokenSequence}:{index}"));

    public static bool TryParse(string marker, out long tokenSequence, out int index)
    {
        tokenSequence = 0;
        index = 0;
        try
        {
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(marker));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0
                && long.TryParse(text.AsSpan(0, colon), out tokenSequence)
                && int.TryParse(text.AsSpan(colon + 1), out index)
                && index >= 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
