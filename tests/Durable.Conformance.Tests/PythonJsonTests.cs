using System.Text;
using System.Text.Json.Nodes;
using Durable.Conformance.Requirements;

namespace Durable.Conformance.Tests;

// Expected texts were produced with CPython 3.11's json module.
public class PythonJsonTests
{
    [Fact]
    public void Dumps_uses_python_separators()
    {
        Assert.Equal("{\"status\": \"approved\"}", PythonJson.Dumps(new JsonObject { ["status"] = "approved" }));
    }

    [Fact]
    public void Dumps_nested_objects_and_lists_in_insertion_order()
    {
        JsonNode value = PythonYaml.Load("a: {b: [1, 2.5, ~, true, false]}\nc: []")!;

        Assert.Equal("{\"a\": {\"b\": [1, 2.5, null, true, false]}, \"c\": []}", PythonJson.Dumps(value));
    }

    [Fact]
    public void Dumps_empty_containers()
    {
        Assert.Equal("{}", PythonJson.Dumps(new JsonObject()));
        Assert.Equal("[]", PythonJson.Dumps(new JsonArray()));
        Assert.Equal("{\"a\": {}}", PythonJson.Dumps(new JsonObject { ["a"] = new JsonObject() }));
    }

    [Fact]
    public void Dumps_null_and_booleans()
    {
        Assert.Equal("null", PythonJson.Dumps(null));
        Assert.Equal("true", PythonJson.Dumps(JsonValue.Create(true)));
        Assert.Equal("false", PythonJson.Dumps(JsonValue.Create(false)));
    }

    [Fact]
    public void Dumps_escapes_non_ascii_as_utf16_units_including_surrogate_pairs()
    {
        string text = "é€😀\u007f\u0000\u001f\u2028";

        Assert.Equal("\"\\u00e9\\u20ac\\ud83d\\ude00\\u007f\\u0000\\u001f\\u2028\"", PythonJson.Dumps(JsonValue.Create(text)));
    }

    [Fact]
    public void Dumps_short_escapes_and_leaves_slash_alone()
    {
        Assert.Equal("\"a\\\"b\\\\c\\n\\t\\r\\b\\f/\"", PythonJson.Dumps(JsonValue.Create("a\"b\\c\n\t\r\b\f/")));
    }

    [Fact]
    public void Dumps_without_ensure_ascii_keeps_unicode()
    {
        Assert.Equal("\"é\\n\"", PythonJson.Dumps(JsonValue.Create("é\n"), ensureAscii: false));
    }

    [Fact]
    public void Dumps_floats_like_python_repr()
    {
        var values = new JsonArray(1.0, 0.1, 1e-05, 1e16, 1.5e16, 1234567890123456.0, -0.0, 100.0, 1e22, 5e-324, 2.5e-7, 0.0001, 123456789.123);

        Assert.Equal(
            "[1.0, 0.1, 1e-05, 1e+16, 1.5e+16, 1234567890123456.0, -0.0, 100.0, 1e+22, 5e-324, 2.5e-07, 0.0001, 123456789.123]",
            PythonJson.Dumps(values));
    }

    [Fact]
    public void Dumps_non_finite_floats_as_python_literals()
    {
        Assert.Equal("[Infinity, -Infinity, NaN]", PythonJson.Dumps(new JsonArray(double.PositiveInfinity, double.NegativeInfinity, double.NaN)));
    }

    [Fact]
    public void Dumps_big_integers_exactly()
    {
        Assert.Equal("12345678901234567890123", PythonJson.Dumps(PythonJson.Loads("12345678901234567890123")));
    }

    [Fact]
    public void Dumps_ints_from_parsed_json_without_fraction()
    {
        Assert.Equal("[1, 1.0, 100000.0]", PythonJson.Dumps(JsonNode.Parse("[1, 1.0, 1E5]")));
    }

    [Fact]
    public void DumpsUtf8_is_the_encoded_text()
    {
        Assert.Equal(Encoding.UTF8.GetBytes("{\"status\": \"approved\"}"), PythonJson.DumpsUtf8(new JsonObject { ["status"] = "approved" }));
    }

    [Theory]
    [InlineData("NaN", "NaN")]
    [InlineData("Infinity", "Infinity")]
    [InlineData("-Infinity", "-Infinity")]
    [InlineData(" \n1\t", "1")]
    [InlineData("-0", "0")]
    [InlineData("-0.0", "-0.0")]
    [InlineData("1.5e3", "1500.0")]
    [InlineData("{\"a\":1,\"a\":2}", "{\"a\": 2}")]
    [InlineData("\"\\ud83d\\ude00\"", "\"\\ud83d\\ude00\"")]
    [InlineData("{\"a\": 1, \"b\": [1, {\"c\": null}]}", "{\"a\": 1, \"b\": [1, {\"c\": null}]}")]
    public void Loads_accepts_what_python_accepts(string text, string redumped)
    {
        Assert.Equal(redumped, PythonJson.Dumps(PythonJson.Loads(text)));
    }

    [Theory]
    [InlineData("01")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("+1")]
    [InlineData("\"\u0001\"")]
    [InlineData("[1,]")]
    [InlineData("1 2")]
    [InlineData("")]
    [InlineData("tru")]
    [InlineData("\"a")]
    [InlineData("-")]
    [InlineData("1e")]
    [InlineData("\ufeff1")]
    [InlineData("{'a': 1}")]
    [InlineData("\"\\x41\"")]
    public void Loads_rejects_what_python_rejects(string text)
    {
        Assert.Throws<FormatException>(() => PythonJson.Loads(text));
        Assert.False(PythonJson.TryLoads(text, out _));
    }

    [Fact]
    public void Loads_keeps_first_position_of_a_repeated_key()
    {
        Assert.Equal("{\"a\": 3, \"b\": 2}", PythonJson.Dumps(PythonJson.Loads("{\"a\": 1, \"b\": 2, \"a\": 3}")));
    }

    [Fact]
    public void LoadsOrRaw_keeps_the_raw_string_when_not_json()
    {
        Assert.Equal("HELLO CHILD", PythonFormat.Str(PythonJson.LoadsOrRaw("HELLO CHILD")));
        Assert.Equal("\"HELLO\"", PythonFormat.Str(PythonJson.LoadsOrRaw("\"\\\"HELLO\\\"\"")));
        Assert.Null(PythonJson.LoadsOrRaw(null));
        Assert.Null(PythonJson.LoadsOrRaw("null"));
        Assert.Equal(3, PythonJson.LoadsOrRaw("3")!.GetValue<long>());
    }

    [Fact]
    public void Error_message_names_the_position()
    {
        FormatException error = Assert.Throws<FormatException>(() => PythonJson.Loads("[1,\n 2"));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }
}
