using System.Text.Json.Nodes;
using Durable.Conformance.Requirements;

namespace Durable.Conformance.Tests;

// Expected values were produced with PyYAML 6.0.3 (yaml.safe_load) and json.dumps.
public class PythonYamlTests
{
    private static string Json(string yaml) => PythonJson.Dumps(PythonYaml.Load(yaml));

    [Theory]
    [InlineData("a: 1e5", "{\"a\": \"1e5\"}")]
    [InlineData("a: 1.0e5", "{\"a\": \"1.0e5\"}")]
    [InlineData("a: 1.0e+5", "{\"a\": 100000.0}")]
    [InlineData("a: -.5", "{\"a\": \"-.5\"}")]
    [InlineData("a: .5", "{\"a\": 0.5}")]
    [InlineData("a: 0x1A", "{\"a\": 26}")]
    [InlineData("a: 0b101", "{\"a\": 5}")]
    [InlineData("a: 017", "{\"a\": 15}")]
    [InlineData("a: 09", "{\"a\": \"09\"}")]
    [InlineData("a: 1_000", "{\"a\": 1000}")]
    [InlineData("a: 1:30", "{\"a\": 90}")]
    [InlineData("a: 1:30.5", "{\"a\": 90.5}")]
    [InlineData("a: .inf", "{\"a\": Infinity}")]
    [InlineData("a: -.Inf", "{\"a\": -Infinity}")]
    [InlineData("a: .NaN", "{\"a\": NaN}")]
    [InlineData("a: yes", "{\"a\": true}")]
    [InlineData("a: Off", "{\"a\": false}")]
    [InlineData("a: ON", "{\"a\": true}")]
    [InlineData("a: n", "{\"a\": \"n\"}")]
    [InlineData("a: ~", "{\"a\": null}")]
    [InlineData("a: NULL", "{\"a\": null}")]
    [InlineData("a:", "{\"a\": null}")]
    [InlineData("a: 'yes'", "{\"a\": \"yes\"}")]
    [InlineData("a: \"1\"", "{\"a\": \"1\"}")]
    [InlineData("a: !!str 1", "{\"a\": \"1\"}")]
    [InlineData("a: !!int '0x10'", "{\"a\": 16}")]
    [InlineData("a: !!float 1", "{\"a\": 1.0}")]
    [InlineData("a: !!bool yes", "{\"a\": true}")]
    [InlineData("a: !!null x", "{\"a\": null}")]
    [InlineData("a: 1.", "{\"a\": 1.0}")]
    [InlineData("a: 0.", "{\"a\": 0.0}")]
    [InlineData("a: +1", "{\"a\": 1}")]
    [InlineData("a: -0", "{\"a\": 0}")]
    [InlineData("a: 00", "{\"a\": 0}")]
    [InlineData("a: 0o17", "{\"a\": \"0o17\"}")]
    [InlineData("a: 1__0", "{\"a\": 10}")]
    [InlineData("a: _1", "{\"a\": \"_1\"}")]
    [InlineData("a: 12e03", "{\"a\": \"12e03\"}")]
    [InlineData("a: 1.0e-5", "{\"a\": 1e-05}")]
    [InlineData("a: 123456789012345678901234567890", "{\"a\": 123456789012345678901234567890}")]
    [InlineData("1: a", "{\"1\": \"a\"}")]
    [InlineData("true: x", "{\"true\": \"x\"}")]
    [InlineData("~: x", "{\"null\": \"x\"}")]
    [InlineData("1.5: x", "{\"1.5\": \"x\"}")]
    [InlineData("a: {x: 1, x: 2}", "{\"a\": {\"x\": 2}}")]
    [InlineData("b: &x {p: 1, q: 2}\nc:\n  <<: *x\n  q: 3\n  r: 4", "{\"b\": {\"p\": 1, \"q\": 2}, \"c\": {\"p\": 1, \"q\": 3, \"r\": 4}}")]
    [InlineData("a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n  z: 3", "{\"a\": {\"x\": 1}, \"b\": {\"x\": 2, \"y\": 2}, \"c\": {\"x\": 1, \"y\": 2, \"z\": 3}}")]
    [InlineData("a: &v [1, 2]\nb: *v", "{\"a\": [1, 2], \"b\": [1, 2]}")]
    [InlineData("a: |\n  line 1\n  line 2\n", "{\"a\": \"line 1\\nline 2\\n\"}")]
    [InlineData("a: >-\n  folded\n  text\n", "{\"a\": \"folded text\"}")]
    [InlineData("a: '*'", "{\"a\": \"*\"}")]
    [InlineData("a: ${ID1}", "{\"a\": \"${ID1}\"}")]
    [InlineData("a: '\"${X}\"'", "{\"a\": \"\\\"${X}\\\"\"}")]
    public void Scalars_resolve_like_pyyaml(string yaml, string json)
    {
        Assert.Equal(json, Json(yaml));
    }

    [Fact]
    public void Mapping_key_order_is_kept()
    {
        Assert.Equal("{\"z\": 1, \"a\": 2, \"m\": 3}", Json("z: 1\na: 2\nm: 3"));
    }

    [Fact]
    public void Empty_stream_is_null()
    {
        Assert.Null(PythonYaml.Load(string.Empty));
        Assert.Null(PythonYaml.Load("# only a comment\n"));
        Assert.Null(PythonYaml.Load("---\n"));
    }

    [Theory]
    [InlineData("a: =")]
    [InlineData("a: !!int abc")]
    [InlineData("a: !Ref x")]
    [InlineData("? [1, 2]\n: x")]
    [InlineData("a: *missing")]
    [InlineData("--- 1\n--- 2")]
    [InlineData("a: [1, 2")]
    [InlineData("a: b: c")]
    public void Rejects_what_safe_load_rejects(string yaml)
    {
        Assert.Throws<FormatException>(() => PythonYaml.Load(yaml));
    }

    [Fact]
    public void Errors_carry_a_line_number()
    {
        FormatException error = Assert.Throws<FormatException>(() => PythonYaml.Load("a: 1\nb: !!int zz\n"));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamps_stay_strings()
    {
        Assert.Equal("{\"a\": \"2024-01-01\"}", Json("a: 2024-01-01"));
    }

    [Fact]
    public void Plain_ints_and_floats_keep_their_python_type()
    {
        JsonNode value = PythonYaml.Load("[2, 2.0]")!;

        Assert.Equal("[2, 2.0]", PythonJson.Dumps(value));
        Assert.Equal("2", PythonFormat.Str(value[0]));
        Assert.Equal("2.0", PythonFormat.Str(value[1]));
    }
}
