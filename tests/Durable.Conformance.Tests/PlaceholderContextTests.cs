using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Durable.Conformance.Requirements;

namespace Durable.Conformance.Tests;

public class PlaceholderContextTests
{
    private static KeyValuePair<string, string> Var(string name, string value) => new(name, value);

    [Fact]
    public void GEN_STR_generates_lowercase_alphanumerics_of_the_requested_length()
    {
        var context = new PlaceholderContext();

        context.BindVariables([Var("A", "${GEN_STR:10}"), Var("B", "${GEN_STR:0}"), Var("C", "${GEN_STR:64}")], new Random(1));

        Assert.Matches("^[a-z0-9]{10}$", Value(context, "A"));
        Assert.Equal(string.Empty, Value(context, "B"));
        Assert.Matches("^[a-z0-9]{64}$", Value(context, "C"));
    }

    [Fact]
    public void GEN_STR_is_reproducible_with_a_seeded_random_and_random_without()
    {
        var first = new PlaceholderContext();
        var second = new PlaceholderContext();
        first.BindVariables([Var("A", "${GEN_STR:12}")], new Random(42));
        second.BindVariables([Var("A", "${GEN_STR:12}")], new Random(42));
        var unseeded = new PlaceholderContext();
        unseeded.BindVariables([Var("A", "${GEN_STR:12}")]);

        Assert.Equal(Value(first, "A"), Value(second, "A"));
        Assert.Matches("^[a-z0-9]{12}$", Value(unseeded, "A"));
    }

    [Theory]
    [InlineData("prefix-${GEN_STR:4}")]
    [InlineData("${GEN_STR:4}-suffix")]
    [InlineData("${GEN_STR:x}")]
    [InlineData("approval")]
    [InlineData("")]
    public void Anything_but_an_entire_GEN_STR_binds_literally(string raw)
    {
        var context = new PlaceholderContext();

        context.BindVariables([Var("V", raw)], new Random(1));

        Assert.Equal(raw, Value(context, "V"));
    }

    [Fact]
    public void Substitute_replaces_bound_names_and_leaves_the_rest()
    {
        var context = new PlaceholderContext();
        context.BindVariables([Var("INPUT_1", "abc"), Var("B", "x")], new Random(1));

        Assert.Equal("\"abc\"", context.Substitute("\"${INPUT_1}\""));
        Assert.Equal("Hello, abc! x${B2}", context.Substitute("Hello, ${INPUT_1}! ${B}${B2}"));
        Assert.Equal("${/abc/} ${GEN_STR:3} ${UNBOUND} $INPUT_1 {INPUT_1}", context.Substitute("${/abc/} ${GEN_STR:3} ${UNBOUND} $INPUT_1 {INPUT_1}"));
    }

    [Fact]
    public void Substitute_writes_non_string_values_with_python_str()
    {
        var context = new PlaceholderContext();
        context.Bind("T", JsonValue.Create(true));
        context.Bind("N", JsonValue.Create(5));
        context.Bind("F", JsonValue.Create(2.0));
        context.Bind("Z", null);

        Assert.Equal("True 5 2.0 None", context.Substitute("${T} ${N} ${F} ${Z}"));
    }

    [Fact]
    public void SubstituteDeep_rewrites_strings_only_and_copies()
    {
        var context = new PlaceholderContext();
        context.Bind("X", JsonValue.Create("v"));
        JsonNode original = PythonYaml.Load("a: ${X}\nb: [1, '${X}-${Y}', true, ~]\n${X}: {c: 2.5}")!;

        JsonNode? result = context.SubstituteDeep(original);

        Assert.Equal("{\"a\": \"v\", \"b\": [1, \"v-${Y}\", true, null], \"${X}\": {\"c\": 2.5}}", PythonJson.Dumps(result));
        Assert.Equal("{\"a\": \"${X}\", \"b\": [1, \"${X}-${Y}\", true, null], \"${X}\": {\"c\": 2.5}}", PythonJson.Dumps(original));
        Assert.Null(context.SubstituteDeep(null));
    }

    [Fact]
    public void Bind_keeps_a_private_copy_and_null_counts_as_bound()
    {
        var context = new PlaceholderContext();
        var value = new JsonObject { ["a"] = 1 };
        context.Bind("O", value);
        context.Bind("NULL", null);
        value["a"] = 2;

        Assert.True(context.TryGetValue("O", out JsonNode? stored));
        Assert.Equal("{\"a\": 1}", PythonJson.Dumps(stored));
        Assert.True(context.IsBound("NULL"));
        Assert.True(context.TryGetValue("NULL", out JsonNode? nothing));
        Assert.Null(nothing);
        Assert.False(context.IsBound("MISSING"));
        Assert.False(context.TryGetValue("MISSING", out _));
    }

    [Fact]
    public void Bindings_are_listed_in_binding_order_and_rebinding_keeps_the_position()
    {
        var context = new PlaceholderContext();
        context.BindVariables([Var("B", "1"), Var("A", "2")], new Random(1));
        context.Bind("C", JsonValue.Create(3));
        context.BindVariables([Var("B", "again")], new Random(1));

        Assert.Equal(["B=again", "A=2", "C=3"], context.Bindings.Select(pair => $"{pair.Key}={PythonFormat.Str(pair.Value)}"));
    }

    [Fact]
    public void Too_long_GEN_STR_is_rejected()
    {
        var context = new PlaceholderContext();

        Assert.Throws<ArgumentException>(() => context.BindVariables([Var("A", "${GEN_STR:99999999999}")], new Random(1)));
    }

    private static string Value(PlaceholderContext context, string name)
    {
        Assert.True(context.TryGetValue(name, out JsonNode? value));
        return value!.GetValue<string>();
    }
}
