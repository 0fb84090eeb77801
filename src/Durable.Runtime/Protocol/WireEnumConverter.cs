using System.Text.Json;
using System.Text.Json.Serialization;

namespace Durable.Protocol;

/// <summary>
/// Reads and writes a protocol enum as its exact wire string (for example <c>SUCCEEDED</c>) without reflection,
/// so the converter is trim-safe. Unknown strings fail with a message that lists the accepted values.
/// </summary>
/// <typeparam name="TEnum">An enum whose values are 0..n-1 in the order of the wire names given to the constructor.</typeparam>
internal abstract class WireEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private readonly string[] _names;
    private readonly JsonEncodedText[] _encoded;
    private readonly byte[][] _utf8;

    protected WireEnumConverter(params string[] wireNames)
    {
        _names = wireNames;
        _encoded = wireNames.Select(n => JsonEncodedText.Encode(n)).ToArray();
        _utf8 = wireNames.Select(n => System.Text.Encoding.UTF8.GetBytes(n)).ToArray();
    }

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for {typeof(TEnum).Name} but found {reader.TokenType}.");
        }

        for (var i = 0; i < _utf8.Length; i++)
        {
            if (reader.ValueTextEquals(_utf8[i]))
            {
                return FromIndex(i);
            }
        }

        throw new JsonException(
            $"Unknown {typeof(TEnum).Name} value '{reader.GetString()}'. Expected one of: {string.Join(", ", _names)}.");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        var index = ToIndex(value);
        if ((uint)index >= (uint)_encoded.Length)
        {
            throw new JsonException($"{typeof(TEnum).Name} value {index} has no wire name.");
        }

        writer.WriteStringValue(_encoded[index]);
    }

    /// <summary>The wire name of <paramref name="value"/>.</summary>
    public string GetWireName(TEnum value) => _names[ToIndex(value)];

    /// <summary>Parses a wire name; returns false for unknown names.</summary>
    public bool TryParse(string? wireName, out TEnum value)
    {
        var index = Array.IndexOf(_names, wireName);
        value = index >= 0 ? FromIndex(index) : default;
        return index >= 0;
    }

    // All protocol enums are int-backed with values 0..n-1, so a reinterpretation is exact.
    private static int ToIndex(TEnum value) => System.Runtime.CompilerServices.Unsafe.As<TEnum, int>(ref value);

    private static TEnum FromIndex(int index) => System.Runtime.CompilerServices.Unsafe.As<int, TEnum>(ref index);
}
