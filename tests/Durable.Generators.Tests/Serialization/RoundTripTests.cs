using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Durable.Generators.Tests.Serialization;

/// <summary>
/// The generated metadata writes and reads exactly what System.Text.Json's own generator does for the same types, under
/// several option sets (naming policies, fields, nullable and required-parameter checks). The generated resolver is the
/// only one in the options: a type it failed to describe is an error, never a silent reflection fallback.
/// </summary>
public class RoundTripTests
{
    public static TheoryData<string> OptionSets => ["web", "default", "snake-case-with-fields", "strict"];

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Every_shape_serializes_to_the_same_json(string optionSet) =>
        AssertSameJson(Sample(), optionSet);

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Default_values_serialize_to_the_same_json(string optionSet) =>
        AssertSameJson(Empty(), optionSet);

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Root_collections_enums_and_nullables_serialize_to_the_same_json(string optionSet)
    {
        AssertSameJson(new List<PositionalRecord> { new("a", 1, ["x"]), new("b", 2, []) }, optionSet);
        AssertSameJson(new Dictionary<string, List<int>> { ["one"] = [1], ["two"] = [2, 2] }, optionSet);
        AssertSameJson<int?>(5, optionSet);
        AssertSameJson<int?>(null, optionSet);
        AssertSameJson(Color.Blue, optionSet);
        AssertSameJson(Shade.Dark, optionSet);
    }

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Reading_what_system_text_json_wrote_gives_the_same_object(string optionSet)
    {
        var theirs = Options(optionSet, StjShapesContext.Default);
        var json = JsonSerializer.Serialize(Sample(), theirs);

        var read = JsonSerializer.Deserialize<AllShapes>(json, Options(optionSet, ShapesWorkflow.JsonMetadata.Default));

        Assert.Equal(json, JsonSerializer.Serialize(read, theirs));
    }

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Sparse_and_unusual_input_reads_the_same(string optionSet)
    {
        // Missing constructor parameters take their defaults, unknown members land in extension data, numbers may be
        // strings where [JsonNumberHandling] allows it, and required members are enforced identically.
        string[] inputs =
        [
            """{"id": 3, "label": "only these"}""",
            """{"Id": 3, "Label": "pascal", "Ratio": 2.25, "Color": 2, "Extra": "e"}""",
        ];
        foreach (var input in inputs)
        {
            AssertSameRead<WithJsonConstructor>(input, optionSet);
        }

        AssertSameRead<Annotated>("""{"custom_name": "n", "unknown": [1, 2], "AsString": "17", "asString": "18", "ColorAsText": "Red"}""", optionSet);
        AssertSameRead<MutableClass>("""{"Name": "n", "RequiredByAttribute": 1}""", optionSet);
        AssertSameRead<MutableClass>("""{"RequiredByKeyword": "k", "RequiredByAttribute": 1, "requiredByKeyword": "k", "InitOnly": "set", "PrivateSetter": 9}""", optionSet);
        AssertSameRead<ReadOnlyRecordStruct>("""{"A": 1}""", optionSet);
        AssertSameRead<PositionalRecord>("""{"name": null, "count": 2}""", optionSet);
        AssertSameRead<Nullables>("""{"Int": null, "Color": 1, "Shade": "Dark", "Struct": {"X": 1}}""", optionSet);
        AssertSameRead<Collections>("""{"ImmutableArray": [1, 2], "InterfaceSet": [3, 3], "ReadOnlyDictionary": {"5": "five"}}""", optionSet);
    }

    [Fact]
    public void Only_the_generated_resolver_is_consulted()
    {
        var options = Options("web", ShapesWorkflow.JsonMetadata.Default);

        var error = Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(new Uri[] { new("https://example.com") }, options));

        Assert.Contains("Uri[]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_converter_in_the_options_wins_over_generated_metadata()
    {
        var options = Options("web", ShapesWorkflow.JsonMetadata.Default);
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter<Color>());

        Assert.Equal("\"Blue\"", JsonSerializer.Serialize(Color.Blue, options));
    }

    /// <summary>The same JSON, or the same kind of failure (a null where annotations forbid it, say).</summary>
    private static void AssertSameJson<T>(T value, string optionSet)
    {
        var (expected, expectedError) = Write(value, Options(optionSet, StjShapesContext.Default));
        var (actual, actualError) = Write(value, Options(optionSet, ShapesWorkflow.JsonMetadata.Default));
        Assert.Equal(expectedError?.GetType(), actualError?.GetType());
        Assert.Equal(expected, actual);
    }

    private static (string? Json, Exception? Error) Write<T>(T value, JsonSerializerOptions options)
    {
        try
        {
            return (JsonSerializer.Serialize(value, options), null);
        }
        catch (JsonException ex)
        {
            return (null, ex);
        }
    }

    private static void AssertSameRead<T>(string json, string optionSet)
    {
        var theirs = Options(optionSet, StjShapesContext.Default);
        var ours = Options(optionSet, ShapesWorkflow.JsonMetadata.Default);
        var (expected, expectedError) = Read<T>(json, theirs);
        var (actual, actualError) = Read<T>(json, ours);
        Assert.Equal(expectedError?.GetType(), actualError?.GetType());
        if (expectedError is null)
        {
            // Compared through System.Text.Json's own writer, so only what was read matters.
            Assert.Equal(Write(expected, theirs).Json, Write(actual, theirs).Json);
        }
    }

    private static (T? Value, Exception? Error) Read<T>(string json, JsonSerializerOptions options)
    {
        try
        {
            return (JsonSerializer.Deserialize<T>(json, options), null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException)
        {
            return (default, ex);
        }
    }

    private static JsonSerializerOptions Options(string optionSet, IJsonTypeInfoResolver resolver)
    {
        JsonSerializerOptions options = optionSet switch
        {
            "web" => new(JsonSerializerDefaults.Web),
            "default" => new(),
            "snake-case-with-fields" => new()
            {
                PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
                DictionaryKeyPolicy = JsonNamingPolicy.KebabCaseUpper,
                IncludeFields = true,
            },
            "strict" => new()
            {
                RespectNullableAnnotations = true,
                RespectRequiredConstructorParameters = true,
                PropertyNameCaseInsensitive = true,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(optionSet), optionSet, "Unknown option set."),
        };
        options.TypeInfoResolver = resolver;
        return options;
    }

    private static AllShapes Sample() => new(
        new PositionalRecord("record", 3, ["a", "b"]),
        new MutableClass
        {
            Name = "mutable",
            Count = 4,
            InitOnly = "set at init",
            RequiredByKeyword = "required",
            RequiredByAttribute = 9,
            Nested = new MutableClass.NestedRecord(new DateOnly(2025, 3, 14), new TimeOnly(15, 9, 26)),
        },
        new Annotated { SkippedWhenNull = "present", SkippedWhenDefault = 12, Extra = new() { ["spare"] = JsonDocument.Parse("[1,true]").RootElement } },
        new WithJsonConstructor(7, "seven", 0.25m, Color.Red, new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc)) { Extra = "extra" },
        new DerivedShape { BaseValue = 1, DerivedValue = 2, Overridden = "over", Hidden = 3 },
        new MutableStruct { X = 5, Y = -6 },
        new ReadOnlyRecordStruct(8, "eight"),
        new Page<PositionalRecord> { Items = [new PositionalRecord("p", 1, [])], Total = 1 },
        new Collections
        {
            List = [1, 2, 3],
            Array = [4, 5],
            ReadOnlyList = ["x", "y"],
            Enumerable = [6L, 7L],
            InterfaceList = [new PositionalRecord("i", 1, ["t"])],
            InterfaceCollection = [1.5, 2.5],
            ReadOnlyCollection = [true, false],
            ImmutableArray = [8, 9],
            ImmutableList = ["z"],
            HashSet = ["h"],
            InterfaceSet = new HashSet<int> { 10 },
            ByString = new() { ["k"] = 1 },
            ByInt = new() { [2] = "two" },
            ByGuid = new() { [new Guid("6f9619ff-8b86-d011-b42d-00cf4fc964ff")] = true },
            ByEnum = new() { [Color.Green] = 3 },
            InterfaceDictionary = new Dictionary<string, PositionalRecord> { ["r"] = new("r", 2, []) },
            ReadOnlyDictionary = new Dictionary<long, string> { [40_000_000_000L] = "big" },
            ImmutableDictionary = ImmutableDictionary<string, int>.Empty.Add("i", 1),
            Nested = [[1], [2, 3]],
            Bytes = [1, 2, 255],
        },
        new Primitives
        {
            Bool = true,
            Byte = 200,
            SByte = -100,
            Char = 'é',
            Short = -30_000,
            UShort = 60_000,
            Int = int.MinValue,
            UInt = uint.MaxValue,
            Long = long.MaxValue,
            ULong = ulong.MaxValue,
            Float = 1.25f,
            Double = Math.PI,
            Decimal = 79_228_162_514_264_337_593_543_950_335m,
            Half = (Half)0.5f,
            Int128 = Int128.MaxValue,
            String = "quote \" and \u2028 line separator",
            DateTime = new DateTime(2025, 6, 1, 12, 30, 0, DateTimeKind.Utc),
            DateTimeOffset = new DateTimeOffset(2025, 6, 1, 12, 30, 0, TimeSpan.FromHours(2)),
            DateOnly = new DateOnly(2025, 6, 1),
            TimeOnly = new TimeOnly(23, 59, 59),
            TimeSpan = TimeSpan.FromMinutes(90),
            Guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            Uri = new Uri("https://example.com/a?b=c"),
            Version = new Version(1, 2, 3),
            Object = 12,
            Element = JsonDocument.Parse("""{"any": ["json"]}""").RootElement,
            Node = JsonNode.Parse("[1, {\"two\": 2}]"),
            JsonObject = new JsonObject { ["k"] = "v" },
        },
        new Nullables { Int = 1, Color = Color.Blue, Struct = new MutableStruct { X = 1, Y = 2 }, When = DateTimeOffset.UnixEpoch, Id = Guid.Empty, Shade = Shade.Light, Permissions = Permissions.Read | Permissions.Write },
        Shade.Dark);

    private static AllShapes Empty() => new(
        new PositionalRecord(string.Empty, 0, []),
        new MutableClass { RequiredByKeyword = string.Empty },
        new Annotated(),
        new WithJsonConstructor(),
        new DerivedShape(),
        default,
        default,
        new Page<PositionalRecord>(),
        new Collections(),
        new Primitives { Element = JsonDocument.Parse("null").RootElement },
        new Nullables(),
        default);
}
