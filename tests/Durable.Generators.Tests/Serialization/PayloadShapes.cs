using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Durable.Generators.Tests.Serialization;

// Every payload shape the generator supports, written the way users write them. Each is serialized both with the
// generated metadata and with System.Text.Json's own generator (StjShapesContext), and the JSON must match.
#pragma warning disable CA1819, CA2227, CA1002, CA1051, CA1711, CA1720 // payload types written as users write them

public sealed record PositionalRecord(string Name, int Count, IReadOnlyList<string> Tags);

public sealed class MutableClass
{
    public string? Name { get; set; }

    public int Count { get; set; }

    public string InitOnly { get; init; } = "initial";

    public required string RequiredByKeyword { get; set; }

    [JsonRequired]
    public int RequiredByAttribute { get; set; }

    public int ReadOnlyComputed => Count * 2;

    public int PrivateSetter { get; private set; } = 7;

    public NestedRecord? Nested { get; set; }

    /// <summary>A nested type.</summary>
    public sealed record NestedRecord(DateOnly Day, TimeOnly Time);
}

public sealed class Annotated
{
    [JsonPropertyName("custom_name")]
    public string Renamed { get; set; } = "r";

    [JsonIgnore]
    public string Ignored { get; set; } = "ignored";

    [JsonIgnore]
    public Action? IgnoredUnsupported { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SkippedWhenNull { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int SkippedWhenDefault { get; set; }

    [JsonPropertyOrder(-1)]
    public int First { get; set; } = 1;

    [JsonPropertyOrder(5)]
    public int Last { get; set; } = 2;

    [JsonInclude]
    internal int InternalIncluded { get; set; } = 3;

    [JsonInclude]
    public int IncludedField = 4;

    public int PublicField = 5;

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long AsString { get; set; } = 42;

    [JsonConverter(typeof(JsonStringEnumConverter<Color>))]
    public Color ColorAsText { get; set; } = Color.Blue;

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class WithJsonConstructor
{
    public WithJsonConstructor()
        : this(0, "default")
    {
    }

    [JsonConstructor]
    public WithJsonConstructor(int id, string label, decimal ratio = 1.5m, Color color = Color.Green, DateTime since = default)
    {
        Id = id;
        Label = label;
        Ratio = ratio;
        Color = color;
        Since = since;
    }

    public int Id { get; }

    public string Label { get; }

    public decimal Ratio { get; }

    public Color Color { get; }

    public DateTime Since { get; }

    public string? Extra { get; set; }
}

public enum Color
{
    Red,
    Green,
    Blue,
}

[JsonConverter(typeof(JsonStringEnumConverter<Shade>))]
public enum Shade
{
    Light,
    Dark,
}

[Flags]
public enum Permissions
{
    None = 0,
    Read = 1,
    Write = 2,
}

public class BaseShape
{
    public int BaseValue { get; set; }

    public virtual string? Overridden { get; set; }

    public string? Hidden { get; set; }
}

public sealed class DerivedShape : BaseShape
{
    public int DerivedValue { get; set; }

    public override string? Overridden { get; set; }

    public new int Hidden { get; set; }
}

public struct MutableStruct
{
    public int X { get; set; }

    public int Y { get; set; }
}

public readonly record struct ReadOnlyRecordStruct(int A, string B);

public sealed class Page<T>
{
    public IReadOnlyList<T> Items { get; init; } = [];

    public int Total { get; init; }
}

public sealed class Collections
{
    public List<int> List { get; set; } = [];

    public int[] Array { get; set; } = [];

    public IReadOnlyList<string> ReadOnlyList { get; set; } = [];

    public IEnumerable<long> Enumerable { get; set; } = [];

    public IList<PositionalRecord> InterfaceList { get; set; } = [];

    public ICollection<double> InterfaceCollection { get; set; } = [];

    public IReadOnlyCollection<bool> ReadOnlyCollection { get; set; } = [];

    public ImmutableArray<int> ImmutableArray { get; set; } = [];

    public ImmutableList<string> ImmutableList { get; set; } = [];

    public HashSet<string> HashSet { get; set; } = [];

    public ISet<int> InterfaceSet { get; set; } = new HashSet<int>();

    public Dictionary<string, int> ByString { get; set; } = [];

    public Dictionary<int, string> ByInt { get; set; } = [];

    public Dictionary<Guid, bool> ByGuid { get; set; } = [];

    public Dictionary<Color, int> ByEnum { get; set; } = [];

    public IDictionary<string, PositionalRecord> InterfaceDictionary { get; set; } = new Dictionary<string, PositionalRecord>();

    public IReadOnlyDictionary<long, string> ReadOnlyDictionary { get; set; } = new Dictionary<long, string>();

    public ImmutableDictionary<string, int> ImmutableDictionary { get; set; } = ImmutableDictionary<string, int>.Empty;

    public List<List<int>> Nested { get; set; } = [];

    public byte[] Bytes { get; set; } = [];
}

public sealed class Primitives
{
    public bool Bool { get; set; }

    public byte Byte { get; set; }

    public sbyte SByte { get; set; }

    public char Char { get; set; } = 'c';

    public short Short { get; set; }

    public ushort UShort { get; set; }

    public int Int { get; set; }

    public uint UInt { get; set; }

    public long Long { get; set; }

    public ulong ULong { get; set; }

    public float Float { get; set; }

    public double Double { get; set; }

    public decimal Decimal { get; set; }

    public Half Half { get; set; }

    public Int128 Int128 { get; set; }

    public string String { get; set; } = string.Empty;

    public DateTime DateTime { get; set; }

    public DateTimeOffset DateTimeOffset { get; set; }

    public DateOnly DateOnly { get; set; }

    public TimeOnly TimeOnly { get; set; }

    public TimeSpan TimeSpan { get; set; }

    public Guid Guid { get; set; }

    public Uri? Uri { get; set; }

    public Version? Version { get; set; }

    public object? Object { get; set; }

    public JsonElement Element { get; set; }

    public JsonNode? Node { get; set; }

    public JsonObject? JsonObject { get; set; }
}

public sealed class Nullables
{
    public int? Int { get; set; }

    public Color? Color { get; set; }

    public MutableStruct? Struct { get; set; }

    public DateTimeOffset? When { get; set; }

    public Guid? Id { get; set; }

    public Shade? Shade { get; set; }

    public Permissions Permissions { get; set; }
}

/// <summary>Everything at once, plus shapes that only occur as roots.</summary>
public sealed record AllShapes(
    PositionalRecord Record,
    MutableClass Mutable,
    Annotated Annotated,
    WithJsonConstructor Constructed,
    DerivedShape Derived,
    MutableStruct Struct,
    ReadOnlyRecordStruct RecordStruct,
    Page<PositionalRecord> Page,
    Collections Collections,
    Primitives Primitives,
    Nullables Nullables,
    Shade Shade);
#pragma warning restore CA1819, CA2227, CA1002, CA1051, CA1711, CA1720

/// <summary>System.Text.Json's own generated metadata for the same types: the reference output.</summary>
[JsonSerializable(typeof(AllShapes))]
[JsonSerializable(typeof(List<PositionalRecord>))]
[JsonSerializable(typeof(Dictionary<string, List<int>>))]
[JsonSerializable(typeof(int?))]
[JsonSerializable(typeof(Color))]
internal sealed partial class StjShapesContext : JsonSerializerContext;

/// <summary>A workflow whose payloads are the shapes above, so the generator describes them.</summary>
[DurableWorkflow]
public static partial class ShapesWorkflow
{
    public static async Task<AllShapes> RunAsync(AllShapes input, IDurableContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await Steps.ListAsync([]);
        await context.CreateCallbackAsync<Dictionary<string, List<int>>>("typed-callback");
        return input;
    }

    [DurableStep]
    private static int? List(List<PositionalRecord> records) => records.Count;

    [DurableStep]
    private static Color Paint(Color color) => color;
}
