using System.Text.Json;

namespace Durable.Protocol;

/// <summary>Small <see cref="Utf8JsonReader"/> steps shared by the hand-written protocol readers, with errors that say what was expected.</summary>
internal static class JsonReading
{
    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The JSON ends inside an object.");
        }

        return reader.TokenType != JsonTokenType.EndObject;
    }

    /// <summary>Moves from a property name to its value.</summary>
    public static void MoveToValue(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The JSON ends after a property name.");
        }
    }

    /// <summary>Skips the value of the current property.</summary>
    public static void SkipValue(ref Utf8JsonReader reader)
    {
        MoveToValue(ref reader);
        reader.Skip();
    }

    /// <summary>Reads the current property's value as a string or null.</summary>
    public static string? ReadString(ref Utf8JsonReader reader, string what)
    {
        MoveToValue(ref reader);
        return ReadCurrentString(ref reader, what);
    }

    /// <summary>Reads the current token as a string or null.</summary>
    public static string? ReadCurrentString(ref Utf8JsonReader reader, string what) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw new JsonException($"'{what}' must be a string but is {reader.TokenType}."),
    };

    /// <summary>Fails unless the current token is <paramref name="type"/>.</summary>
    public static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"'{what}' must be {(type == JsonTokenType.StartArray ? "an array" : "an object")} but is {reader.TokenType}.");
        }
    }
}
