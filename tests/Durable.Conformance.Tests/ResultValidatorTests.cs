using System.Text.Json.Nodes;
using Durable.Conformance.Requirements;

namespace Durable.Conformance.Tests;

public class ResultValidatorTests
{
    private static ExpectedResult Expect(string yaml)
    {
        var mapping = (JsonObject)PythonYaml.Load(yaml)!;
        bool hasResult = mapping.TryGetPropertyValue("Result", out JsonNode? result);
        return new ExpectedResult(mapping["ExecutionStatus"]?.GetValue<string>(), hasResult, result);
    }

    private static IReadOnlyList<string> Validate(string expectedYaml, string status, string? result, PlaceholderContext? context = null) =>
        ResultValidator.Validate(Expect(expectedYaml), status, result, context ?? new PlaceholderContext());

    [Fact]
    public void No_expectation_checks_nothing()
    {
        Assert.Empty(ResultValidator.Validate(null, "RUNNING", "garbage", new PlaceholderContext()));
    }

    [Fact]
    public void Status_mismatch_is_the_only_error()
    {
        Assert.Equal(["Expected ExecutionStatus=SUCCEEDED, got FAILED"], Validate("{ExecutionStatus: SUCCEEDED, Result: 1}", "FAILED", "2"));
    }

    [Fact]
    public void Failed_executions_compare_status_only()
    {
        Assert.Empty(Validate("{ExecutionStatus: FAILED, Result: whatever}", "FAILED", null));
        Assert.Empty(Validate("{Result: whatever}", "FAILED", "other"));
    }

    [Fact]
    public void Without_a_result_key_the_result_is_not_compared()
    {
        Assert.Empty(Validate("{ExecutionStatus: SUCCEEDED}", "SUCCEEDED", "\"anything\""));
    }

    [Fact]
    public void Numbers_compare_with_python_equality()
    {
        Assert.Empty(Validate("{ExecutionStatus: SUCCEEDED, Result: 3}", "SUCCEEDED", "3.0"));
        Assert.Equal(["Expected Result=3, got \"3\" (raw \"\\\"3\\\"\")"], Validate("{Result: 3}", "SUCCEEDED", "\"3\""));
    }

    [Fact]
    public void Json_strings_are_decoded_once()
    {
        Assert.Empty(Validate("{Result: 'Hello, World!'}", "SUCCEEDED", "\"Hello, World!\""));
    }

    [Fact]
    public void Undecodable_text_is_compared_raw()
    {
        Assert.Empty(Validate("{Result: HELLO CHILD}", "SUCCEEDED", "HELLO CHILD"));
        Assert.Single(Validate("{Result: HELLO CHILD}", "SUCCEEDED", "hello child"));
    }

    [Fact]
    public void Quoted_HELLO_expects_the_quotes_in_the_decoded_value()
    {
        // 5-16: the custom serdes upper-cases the raw payload "hello", quotes included.
        Assert.Empty(Validate("{Result: '\"HELLO\"'}", "SUCCEEDED", "\"\\\"HELLO\\\"\""));
        Assert.Single(Validate("{Result: '\"HELLO\"'}", "SUCCEEDED", "\"HELLO\""));
    }

    [Fact]
    public void Placeholders_are_substituted_into_the_expectation()
    {
        var context = new PlaceholderContext();
        context.BindVariables([new("INPUT_1", "abc")], new Random(1));

        Assert.Empty(Validate("{Result: 'Hello, ${INPUT_1}!'}", "SUCCEEDED", "\"Hello, abc!\"", context));
        Assert.Empty(Validate("{Result: {name: '${INPUT_1}', tags: ['${INPUT_1}']}}", "SUCCEEDED", "{\"tags\": [\"abc\"], \"name\": \"abc\"}", context));
    }

    [Fact]
    public void Dict_order_is_irrelevant_list_order_is_not()
    {
        Assert.Empty(Validate("{Result: {a: 1, b: [1, 2]}}", "SUCCEEDED", "{\"b\": [1, 2], \"a\": 1}"));
        Assert.Single(Validate("{Result: {a: 1, b: [1, 2]}}", "SUCCEEDED", "{\"b\": [2, 1], \"a\": 1}"));
        Assert.Empty(Validate("{Result: [a-done, b-done]}", "SUCCEEDED", "[\"a-done\", \"b-done\"]"));
    }

    [Fact]
    public void Empty_result_expects_null_or_no_result()
    {
        Assert.Empty(Validate("{ExecutionStatus: SUCCEEDED, Result: }", "SUCCEEDED", "null"));
        Assert.Empty(Validate("{ExecutionStatus: SUCCEEDED, Result: }", "SUCCEEDED", null));
        Assert.Equal(["Expected Result=null, got 0 (raw \"0\")"], Validate("{Result: }", "SUCCEEDED", "0"));
        Assert.Equal(["Expected Result=\"x\", got null (no result)"], Validate("{Result: x}", "SUCCEEDED", null));
    }

    [Fact]
    public void Empty_status_skips_the_status_check()
    {
        Assert.Empty(ResultValidator.Validate(new ExpectedResult(string.Empty, false, null), "TIMED_OUT", null, new PlaceholderContext()));
    }
}
