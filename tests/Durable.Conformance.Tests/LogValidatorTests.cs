using System.Text.Json.Nodes;
using Durable.Conformance.Requirements;

namespace Durable.Conformance.Tests;

public class LogValidatorTests
{
    private static IReadOnlyList<LogExpectation> Expectations(string yaml) =>
        RequirementLoader.Parse("ExpectedLogs:\n" + yaml, "/t/10-1.yaml", "10-1", "plugin").ExpectedLogs;

    private static IReadOnlyList<string> Validate(string[] lines, string yaml, PlaceholderContext? context = null) =>
        LogValidator.Validate(lines, Expectations(yaml), context ?? new PlaceholderContext());

    private static readonly string[] Attempts =
    [
        """{"plugin": "CONFPLUGIN", "hook": "invocation-start", "first": true, "durableExecutionArn": "arn:x"}""",
        """{"plugin": "CONFPLUGIN", "hook": "attempt-start", "n": 1, "op": "op-1"}""",
        """{"plugin": "CONFPLUGIN", "hook": "attempt-end", "n": 1, "outcome": "FAILED", "op": "op-1"}""",
        "START RequestId: 1234 Version: $LATEST",
        """{"timestamp": "2026-01-01T00:00:00Z", "level": "INFO", "message": "Greeting step started for: abc", "executionArn": "arn:x"}""",
        """{"plugin": "CONFPLUGIN", "hook": "attempt-start", "n": 2, "op": "op-1"}""",
        """{"plugin": "CONFPLUGIN", "hook": "attempt-end", "n": 2, "outcome": "SUCCEEDED", "op": "op-1"}""",
        """{"plugin": "CONFPLUGIN", "hook": "invocation-end", "status": "SUCCEEDED ", "terminal": true, "operationsCount": 3}""",
    ];

    [Fact]
    public void ParseRecord_exposes_json_fields_or_only_the_message()
    {
        Assert.Equal("{\"a\": 1}", PythonJson.Dumps(LogValidator.ParseRecord("{\"a\": 1}")));
        Assert.Equal("{\"message\": \"plain text\"}", PythonJson.Dumps(LogValidator.ParseRecord("plain text")));
        Assert.Equal("{\"message\": \"[1, 2]\"}", PythonJson.Dumps(LogValidator.ParseRecord("[1, 2]")));
        Assert.Equal("{\"message\": \"{broken\"}", PythonJson.Dumps(LogValidator.ParseRecord("{broken")));
    }

    [Fact]
    public void A_plugin_scenario_passes()
    {
        var context = new PlaceholderContext();
        context.Bind("ID1", JsonValue.Create("op-1"));
        context.BindVariables([new("INPUT_1", "abc")], new Random(1));

        IReadOnlyList<string> errors = Validate(Attempts, """
              - match: {plugin: CONFPLUGIN, hook: attempt-start, n: 1, op: '${ID1}'}
                count: 1
              - match: {plugin: CONFPLUGIN, hook: attempt-end, n: 1, outcome: FAILED, op: '${ID1}'}
                count: 1
                after:
                  - {plugin: CONFPLUGIN, hook: attempt-start, n: 1, op: '${ID1}'}
              - match: {plugin: CONFPLUGIN, hook: attempt-start, n: 2}
                after:
                  - {hook: attempt-end, n: 1}
                  - {message: '/Greeting step started for: ${INPUT_1}/'}
              - match: {plugin: CONFPLUGIN, hook: attempt-start, n: 3}
                count: 0
              - match: {message: '/\[ERROR\]/'}
                count: 0
              - match: {hook: invocation-end, status: SUCCEEDED, terminal: true, operationsCount: /^\d+$/}
                count: 1
              - match: {hook: invocation-start}
                before:
                  - {hook: invocation-end}
            """, context);

        Assert.Empty(errors);
    }

    [Fact]
    public void Exact_count_mismatch()
    {
        Assert.Equal(
            ["ExpectedLogs[0] {\"hook\": \"attempt-start\"}: expected exactly 1 matching record(s), got 2"],
            Validate(Attempts, "  - match: {hook: attempt-start}\n    count: 1\n"));
    }

    [Fact]
    public void Default_is_at_least_one()
    {
        Assert.Empty(Validate(Attempts, "  - match: {hook: attempt-start}\n"));
        Assert.Equal(
            ["ExpectedLogs[0] {\"hook\": \"nope\"}: expected at least 1 matching record(s), got 0"],
            Validate(Attempts, "  - match: {hook: nope}\n"));
    }

    [Fact]
    public void Min_and_max_counts()
    {
        Assert.Empty(Validate(Attempts, "  - match: {plugin: CONFPLUGIN}\n    min_count: 6\n    max_count: 7\n"));
        Assert.Equal(
            ["ExpectedLogs[0] {\"plugin\": \"CONFPLUGIN\"}: expected at least 7 matching record(s), got 6"],
            Validate(Attempts, "  - match: {plugin: CONFPLUGIN}\n    min_count: 7\n"));
        Assert.Equal(
            ["ExpectedLogs[0] {\"plugin\": \"CONFPLUGIN\"}: expected at most 5 matching record(s), got 6"],
            Validate(Attempts, "  - match: {plugin: CONFPLUGIN}\n    max_count: 5\n"));
    }

    [Fact]
    public void Max_count_alone_allows_zero()
    {
        Assert.Empty(Validate(Attempts, "  - match: {hook: nope}\n    max_count: 2\n"));
    }

    [Fact]
    public void Strings_compare_exactly_after_stripping()
    {
        Assert.Empty(Validate(Attempts, "  - match: {status: '  SUCCEEDED'}\n    count: 1\n"));
        Assert.Single(Validate(Attempts, "  - match: {status: succeeded}\n"));
        Assert.Single(Validate(Attempts, "  - match: {hook: attempt}\n"));
    }

    [Fact]
    public void Regex_values_search_the_python_str_of_the_field()
    {
        Assert.Empty(Validate(Attempts, "  - match: {hook: '/^attempt-/'}\n    count: 4\n"));
        Assert.Empty(Validate(Attempts, "  - match: {hook: /(?i)INVOCATION/}\n    count: 2\n"));
        Assert.Empty(Validate(Attempts, "  - match: {first: /^True$/}\n    count: 1\n"));
        Assert.Empty(Validate(Attempts, "  - match: {n: /^\\d+$/}\n    count: 4\n"));
    }

    [Fact]
    public void A_missing_field_never_matches_not_even_a_match_all_regex()
    {
        Assert.Empty(Validate(Attempts, "  - match: {executionError: /.*/}\n    count: 0\n"));
        Assert.Empty(Validate(Attempts, "  - match: {terminal: /.*/}\n    count: 1\n"));
    }

    [Fact]
    public void Booleans_compare_by_identity()
    {
        string[] lines = ["{\"f\": true}", "{\"f\": 1}", "{\"f\": \"true\"}", "{\"f\": false}"];

        Assert.Empty(Validate(lines, "  - match: {f: true}\n    count: 1\n"));
        Assert.Empty(Validate(lines, "  - match: {f: false}\n    count: 1\n"));
    }

    [Fact]
    public void Numbers_compare_as_floats()
    {
        string[] lines = ["{\"n\": 1}", "{\"n\": 1.0}", "{\"n\": \"1\"}", "{\"n\": true}", "{\"n\": 2}"];

        Assert.Empty(Validate(lines, "  - match: {n: 1}\n    count: 3\n"));
        Assert.Empty(Validate(lines, "  - match: {n: 2.0}\n    count: 1\n"));
    }

    [Fact]
    public void Plain_strings_compare_with_str_of_non_string_values()
    {
        string[] lines = ["{\"n\": 1}", "{\"f\": true}"];

        Assert.Empty(Validate(lines, "  - match: {n: '1'}\n    count: 1\n"));
        Assert.Empty(Validate(lines, "  - match: {f: 'true'}\n    count: 0\n"));
        Assert.Empty(Validate(lines, "  - match: {f: 'True'}\n    count: 1\n"));
    }

    [Fact]
    public void Plain_lines_expose_only_their_message()
    {
        Assert.Empty(Validate(Attempts, "  - match: {message: '/^START RequestId/'}\n    count: 1\n"));
        Assert.Empty(Validate(Attempts, "  - match: {message: '/Greeting step started/'}\n    count: 1\n"));
    }

    [Fact]
    public void After_anchor_violation_is_reported()
    {
        IReadOnlyList<string> errors = Validate(Attempts, """
              - match: {hook: attempt-start, n: 1}
                after:
                  - {hook: attempt-end, n: 1}
            """);

        Assert.Equal(
            "ExpectedLogs[0] {\"hook\": \"attempt-start\", \"n\": 1}: after-anchor {\"hook\": \"attempt-end\", \"n\": 1}: matching record #1 is not after it (its first match is record #2)",
            Assert.Single(errors));
    }

    [Fact]
    public void Before_anchor_passes_and_fails()
    {
        Assert.Empty(Validate(Attempts, "  - match: {hook: attempt-start, n: 1}\n    before:\n      - {hook: attempt-end, n: 2}\n"));
        Assert.Contains(
            "matching record #6 is not before it (its last match is record #2)",
            Assert.Single(Validate(Attempts, "  - match: {hook: attempt-end, n: 2}\n    before:\n      - {hook: attempt-end, n: 1}\n")),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Every_matching_record_must_follow_some_anchor_record()
    {
        // attempt-end records are #2 and #6; attempt-start #1 and #5: each end follows the first start.
        Assert.Empty(Validate(Attempts, "  - match: {hook: attempt-end}\n    after:\n      - {hook: attempt-start}\n"));

        // ...but attempt-start #1 precedes every attempt-end.
        Assert.Single(Validate(Attempts, "  - match: {hook: attempt-start}\n    after:\n      - {hook: attempt-end}\n"));
    }

    [Fact]
    public void An_anchor_matching_nothing_is_an_error()
    {
        Assert.Equal(
            ["ExpectedLogs[0] {\"hook\": \"attempt-end\"}: after-anchor {\"hook\": \"missing\"} matches no log record"],
            Validate(Attempts, "  - match: {hook: attempt-end}\n    after:\n      - {hook: missing}\n"));
    }

    [Fact]
    public void Count_and_order_errors_are_both_reported()
    {
        IReadOnlyList<string> errors = Validate(Attempts, "  - match: {hook: attempt-start}\n    count: 1\n    after:\n      - {hook: nothing}\n");

        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Unbound_placeholders_stay_literal_and_do_not_match()
    {
        Assert.Single(Validate(Attempts, "  - match: {op: '${ID1}'}\n"));
    }

    [Fact]
    public void Invalid_regex_is_an_error_not_a_crash()
    {
        Assert.Contains("invalid regex", Assert.Single(Validate(Attempts, "  - match: {hook: '/(/'}\n    count: 0\n")), StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_checks_every_field()
    {
        JsonObject record = LogValidator.ParseRecord("{\"a\": \"x\", \"b\": 2}");

        Assert.True(LogValidator.Matches(record, new JsonObject { ["a"] = "x", ["b"] = 2 }));
        Assert.False(LogValidator.Matches(record, new JsonObject { ["a"] = "x", ["c"] = 2 }));
        Assert.True(LogValidator.Matches(record, new JsonObject()));
    }
}
