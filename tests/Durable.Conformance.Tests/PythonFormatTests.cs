using System.Text.Json.Nodes;
using Durable.Conformance.Requirements;

namespace Durable.Conformance.Tests;

public class PythonFormatTests
{
    [Theory]
    [InlineData("true", "True")]
    [InlineData("false", "False")]
    [InlineData("null", "None")]
    [InlineData("7", "7")]
    [InlineData("7.0", "7.0")]
    [InlineData("1e-5", "1e-05")]
    [InlineData("\"text\"", "text")]
    [InlineData("[1, \"a\", true, null]", "[1, 'a', True, None]")]
    [InlineData("{\"a\": \"it's\", \"b\": \"q\\\"\"}", "{'a': \"it's\", 'b': 'q\"'}")]
    public void Str_matches_python(string json, string expected)
    {
        Assert.Equal(expected, PythonFormat.Str(PythonJson.Loads(json)));
    }

    [Theory]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(0.0, "0.0")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(12345678901234567890.0, "1.2345678901234567e+19")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.001, "0.001")]
    [InlineData(1e-300, "1e-300")]
    public void FloatRepr_matches_python(double value, string expected)
    {
        Assert.Equal(expected, PythonFormat.FloatRepr(value));
    }

    [Fact]
    public void Repr_quotes_strings_like_python()
    {
        Assert.Equal("'both\\'\"'", PythonFormat.Repr(JsonValue.Create("both'\"")));
        Assert.Equal("'a\\nb\\x01'", PythonFormat.Repr(JsonValue.Create("a\nb\u0001")));
    }
}
