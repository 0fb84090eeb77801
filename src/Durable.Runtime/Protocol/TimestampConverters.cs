using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Durable.Protocol;

/// <summary>
/// Timestamps as integer Unix epoch milliseconds: the format of the invocation envelope (protocol §2.1).
/// Accepts integer and fractional numbers on read.
/// </summary>
internal sealed class EpochMillisecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"Expected a timestamp in epoch milliseconds but found {reader.TokenType}.");
        }

        var ms = reader.TryGetInt64(out var whole) ? whole : (long)Math.Floor(reader.GetDouble());
        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.ToUnixTimeMilliseconds());
}

/// <summary>
/// Timestamps as Unix epoch seconds with a millisecond fraction: the rest-json default for bodies of the Lambda
/// API (protocol §3). Accepts integers, fractions and, leniently, ISO-8601 strings on read.
/// </summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                var seconds = reader.GetDecimal();
                return DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Round(seconds * 1000m, MidpointRounding.AwayFromZero));
            case JsonTokenType.String when DateTimeOffset.TryParse(
                reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed):
                return parsed;
            default:
                throw new JsonException($"Expected a timestamp in epoch seconds but found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000m);
}
