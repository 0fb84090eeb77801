using System.Text.Json.Nodes;
using Durable.Conformance.Requirements;

namespace Durable.Conformance.Tests;

public class PythonEqualityTests
{
    private static bool Eq(string a, string b) => PythonEquality.AreEqual(PythonJson.Loads(a), PythonJson.Loads(b));

    [Theory]
    [InlineData("3", "3.0")]
    [InlineData("true", "1")]
    [InlineData("false", "0.0")]
    [InlineData("{\"a\": 1, \"b\": 2}", "{\"b\": 2, \"a\": 1}")]
    [InlineData("[1, {\"x\": [true]}]", "[1.0, {\"x\": [1]}]")]
    [InlineData("null", "null")]
    [InlineData("\"a\"", "\"a\"")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    public void Equal_like_python(string a, string b)
    {
        Assert.True(Eq(a, b));
        Assert.True(Eq(b, a));
    }

    [Theory]
    [InlineData("3", "\"3\"")]
    [InlineData("[1, 2]", "[2, 1]")]
    [InlineData("{\"a\": 1}", "{\"a\": 1, \"b\": 2}")]
    [InlineData("{\"a\": 1}", "{\"b\": 1}")]
    [InlineData("null", "0")]
    [InlineData("null", "\"\"")]
    [InlineData("true", "2")]
    [InlineData("true", "\"True\"")]
    [InlineData("NaN", "NaN")]
    [InlineData("1.5", "1")]
    [InlineData("[]", "{}")]
    [InlineData("\"A\"", "\"a\"")]
    public void Unequal_like_python(string a, string b)
    {
        Assert.False(Eq(a, b));
        Assert.False(Eq(b, a));
    }

    [Fact]
    public void Int_and_float_compare_exactly_not_through_double()
    {
        // 2**53 + 1 != float(2**53) in Python.
        Assert.False(Eq("9007199254740993", "9007199254740992.0"));
        Assert.True(Eq("9007199254740992", "9007199254740992.0"));
    }

    [Fact]
    public void Clr_typed_values_compare_by_python_value()
    {
        Assert.True(PythonEquality.AreEqual(JsonValue.Create(3), JsonValue.Create(3.0m)));
        Assert.True(PythonEquality.AreEqual(JsonValue.Create((byte)1), JsonValue.Create(true)));
    }
}
