using System.Text.Json;
using System.Text.Json.Serialization;

namespace Durable.Protocol;

/// <summary>
/// Reads strings that repeat across operations (names, subtypes) without allocating a new copy each time: known
/// subtypes map to their constants, and other values go through a small direct-mapped cache keyed by their UTF-8
/// bytes. An envelope of 10,000 steps named "charge" then holds one "charge" string, not 10,000; fewer retained
/// objects keep large replays out of the older GC generations. Races on the cache are benign (a slot holds a
/// complete string or is replaced by one).
/// </summary>
internal sealed class InterningStringConverter : JsonConverter<string>
{
    private const int CacheSize = 256;
    private const int MaxCachedLength = 64;

    private static readonly string[] KnownValues =
    [
        OperationSubTypes.Step, OperationSubTypes.Wait, OperationSubTypes.Callback, OperationSubTypes.ChainedInvoke,
        OperationSubTypes.RunInChildContext, OperationSubTypes.Map, OperationSubTypes.MapIteration, OperationSubTypes.Parallel,
        OperationSubTypes.ParallelBranch, OperationSubTypes.WaitForCallback, OperationSubTypes.WaitForCondition,
    ];

    private static readonly byte[][] KnownUtf8 = KnownValues.Select(v => System.Text.Encoding.UTF8.GetBytes(v)).ToArray();

    private static readonly string?[] Cache = new string?[CacheSize];

    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string but found {reader.TokenType}.");
        }

        if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > MaxCachedLength)
        {
            return reader.GetString();
        }

        var utf8 = reader.ValueSpan;
        for (var i = 0; i < KnownUtf8.Length; i++)
        {
            if (utf8.SequenceEqual(KnownUtf8[i]))
            {
                return KnownValues[i];
            }
        }

        var slot = (int)(Fnv1a(utf8) & (CacheSize - 1));
        var cached = Volatile.Read(ref Cache[slot]);
        if (cached is not null && reader.ValueTextEquals(cached))
        {
            return cached;
        }

        var value = reader.GetString()!;
        Volatile.Write(ref Cache[slot], value);
        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    private static uint Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
