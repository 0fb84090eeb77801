using System.Text.Json.Nodes;
using Durable.Conformance.Requirements;

namespace Durable.Conformance.Tests;

public class HistoryMatcherTests
{
    // A 1-1 style history as GetDurableExecutionHistory returns it.
    private const string StepHistory = """
        [
          {"EventType": "ExecutionStarted", "EventId": 1, "Id": "exec", "EventTimestamp": 1700000000.125,
           "ExecutionStartedDetails": {"Input": {"Payload": "\"World\"", "Truncated": false}, "ExecutionTimeout": 300}},
          {"EventType": "StepStarted", "SubType": "Step", "EventId": 2, "Id": "c4ca4238a0b92382", "Name": "greet",
           "EventTimestamp": 1700000000.2, "StepStartedDetails": {}},
          {"EventType": "StepSucceeded", "SubType": "Step", "EventId": 3, "Id": "c4ca4238a0b92382", "Name": "greet",
           "EventTimestamp": 1700000000.3,
           "StepSucceededDetails": {"Result": {"Payload": "\"Hello, World!\"", "Truncated": false},
                                    "RetryDetails": {"CurrentAttempt": 1, "NextAttemptDelaySeconds": 3}}},
          {"EventType": "InvocationCompleted", "EventId": 4, "EventTimestamp": 1700000000.4,
           "InvocationCompletedDetails": {"StartTimestamp": 1700000000.1, "EndTimestamp": 1700000000.4, "RequestId": "r-1"}},
          {"EventType": "ExecutionSucceeded", "EventId": 5, "EventTimestamp": 1700000000.5,
           "ExecutionSucceededDetails": {"Result": {"Payload": "\"Hello, World!\"", "Truncated": false}}}
        ]
        """;

    private static JsonArray Events(string json = StepHistory) => (JsonArray)JsonNode.Parse(json)!;

    private static List<JsonNode> Expected(string yaml) => ((JsonArray)PythonYaml.Load(yaml)!).Select(node => node!).ToList();

    private static MatchResult Match(string expectedYaml, PlaceholderContext? context = null, string actual = StepHistory, bool patch = false) =>
        HistoryMatcher.Match(Expected(expectedYaml), Events(actual), context ?? new PlaceholderContext(), patch);

    private static string Error(MatchResult result)
    {
        Assert.False(result.Success, "expected a mismatch");
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void A_requirement_style_expectation_matches()
    {
        var context = new PlaceholderContext();
        MatchResult result = Match("""
            - EventType: StepStarted
              SubType: Step
              EventId: 2
              Id: ${ID1}
              EventTimestamp: '*'
              StepStartedDetails: {}
            - EventType: StepSucceeded
              SubType: Step
              EventId: 3
              Id: ${ID1}
              EventTimestamp: '*'
              StepSucceededDetails:
                Result:
                  Payload: '"Hello, World!"'
                  Truncated: false
                RetryDetails:
                  CurrentAttempt: 1
            - EventType: InvocationCompleted
              EventId: 4
              EventTimestamp: '*'
              InvocationCompletedDetails: {}
            """, context);

        Assert.True(result.Success, result.ToString());
        Assert.True(context.TryGetValue("ID1", out JsonNode? id));
        Assert.Equal("c4ca4238a0b92382", id!.GetValue<string>());
    }

    [Fact]
    public void Rule1_empty_mapping_accepts_any_value()
    {
        Assert.True(Match("- {EventId: 3, StepSucceededDetails: {Result: {}, RetryDetails: {}}, EventTimestamp: {}}").Success);
    }

    [Fact]
    public void Rule1_empty_mapping_still_needs_the_key()
    {
        string error = Error(Match("- {EventId: 2, StepStartedDetails: {}, StepSucceededDetails: {}}"));

        Assert.Equal("EventId=2 (StepStarted) $.StepSucceededDetails: key missing in actual event (expected {})", error);
    }

    [Fact]
    public void Rule2_star_accepts_numbers_objects_and_null()
    {
        string actual = """[{"EventId": 2, "A": 1.5, "B": {"x": 1}, "C": null, "D": [1]}]""";

        Assert.True(Match("- {EventId: 2, A: '*', B: '*', C: '*', D: '*'}", actual: actual).Success);
    }

    [Fact]
    public void Rule2_star_still_needs_the_key()
    {
        string error = Error(Match("- {EventId: 4, InvocationCompletedDetails: {Error: '*'}}"));

        Assert.Equal("EventId=4 (InvocationCompleted) $.InvocationCompletedDetails.Error: key missing in actual event (expected \"*\")", error);
    }

    [Fact]
    public void Rule3_placeholder_binds_then_compares()
    {
        var context = new PlaceholderContext();

        Assert.True(Match("- {EventId: 2, Id: '${ID1}', Name: '${NAME1}'}\n- {EventId: 3, Id: '${ID1}', Name: '${NAME1}'}", context).Success);
        Assert.Equal(["ID1", "NAME1"], context.Bindings.Select(pair => pair.Key));
    }

    [Fact]
    public void Rule3_placeholder_mismatch_reports_the_bound_value()
    {
        var context = new PlaceholderContext();
        context.Bind("ID1", JsonValue.Create("other"));

        string error = Error(Match("- {EventId: 2, Id: '${ID1}'}", context));

        Assert.Equal("EventId=2 (StepStarted) $.Id: placeholder ${ID1} is bound to \"other\", got \"c4ca4238a0b92382\"", error);
    }

    [Fact]
    public void Rule3_variables_are_compared_not_rebound()
    {
        var context = new PlaceholderContext();
        context.BindVariables([new("CB_NAME", "greet")], new Random(1));
        Assert.True(Match("- {EventId: 2, Name: '${CB_NAME}'}", context).Success);

        var other = new PlaceholderContext();
        other.BindVariables([new("CB_NAME", "approval")], new Random(1));
        Assert.Contains("placeholder ${CB_NAME} is bound to \"approval\"", Error(Match("- {EventId: 2, Name: '${CB_NAME}'}", other)), StringComparison.Ordinal);
    }

    [Fact]
    public void Rule3_binds_any_type_and_compares_with_python_equality()
    {
        string actual = """[{"EventId": 2, "A": 1, "B": null, "C": {"k": [1]}}, {"EventId": 3, "A": 1.0, "B": null, "C": {"k": [true]}}]""";
        var context = new PlaceholderContext();

        MatchResult result = Match("- {EventId: 2, A: '${N}', B: '${Z}', C: '${O}'}\n- {EventId: 3, A: '${N}', B: '${Z}', C: '${O}'}", context, actual);

        Assert.True(result.Success, result.ToString());
        Assert.True(context.IsBound("Z"));
    }

    [Fact]
    public void Rule3_a_missing_value_is_still_a_missing_key()
    {
        var context = new PlaceholderContext();

        Assert.Contains("$.ParentId: key missing", Error(Match("- {EventId: 2, ParentId: '${CTX1}'}", context)), StringComparison.Ordinal);
        Assert.False(context.IsBound("CTX1"));
    }

    [Fact]
    public void Rule3_mirrors_the_runner_pattern_for_odd_whole_strings()
    {
        // The runner's `^\$\{(.+)\}$` makes `${A}-${B}` one placeholder named `A}-${B`, bound rather than compared.
        var context = new PlaceholderContext();

        Assert.True(Match("- {EventId: 2, Name: '${A}-${B}'}", context).Success);
        Assert.True(context.IsBound("A}-${B"));
    }

    [Theory]
    [InlineData("${/^[0-5]$/}")]
    [InlineData("${/^([0-9]|10)$/}")]
    [InlineData("${/3/}")]
    public void Rule4_regex_searches_the_str_of_an_int(string pattern)
    {
        Assert.True(Match($"- {{EventId: 3, StepSucceededDetails: {{RetryDetails: {{NextAttemptDelaySeconds: '{pattern}'}}}}}}").Success);
    }

    [Fact]
    public void Rule4_regex_mismatch_is_reported()
    {
        string error = Error(Match("- {EventId: 3, StepSucceededDetails: {RetryDetails: {NextAttemptDelaySeconds: '${/^[4-5]$/}'}}}"));

        Assert.Equal("EventId=3 (StepSucceeded) $.StepSucceededDetails.RetryDetails.NextAttemptDelaySeconds: value 3 does not match regex /^[4-5]$/", error);
    }

    [Fact]
    public void Rule4_regex_sees_python_spellings_of_booleans_floats_and_null()
    {
        string actual = """[{"EventId": 2, "T": false, "F": 2.0, "N": null, "E": "x.TransientError"}]""";

        Assert.True(Match("- {EventId: 2, T: '${/^False$/}', F: '${/^2\\.0$/}', N: '${/^None$/}', E: '${/.*TransientError$/}'}", actual: actual).Success);
        Assert.False(Match("- {EventId: 2, T: '${/^false$/}'}", actual: actual).Success);
        Assert.False(Match("- {EventId: 2, F: '${/^2$/}'}", actual: actual).Success);
    }

    [Fact]
    public void Rule4_regex_does_not_bind_and_is_not_a_placeholder()
    {
        var context = new PlaceholderContext();

        Assert.True(Match("- {EventId: 2, Name: '${/^gr/}'}", context).Success);
        Assert.Empty(context.Bindings);
    }

    [Fact]
    public void Rule4_python_regex_syntax_is_translated()
    {
        string actual = """[{"EventId": 2, "A": "abab", "B": "ab\n"}]""";

        Assert.True(Match("- {EventId: 2, A: '${/^(?P<x>ab)(?P=x)$/}', B: '${/^ab$/}'}", actual: actual).Success);
        Assert.False(Match("- {EventId: 2, B: '${/^ab\\Z/}'}", actual: actual).Success);
        Assert.True(Match("- {EventId: 2, A: '${/^[]a]b/}'}", actual: """[{"EventId": 2, "A": "]b"}]""").Success);
    }

    [Fact]
    public void Rule4_invalid_regex_is_an_error_not_a_crash()
    {
        Assert.Contains("invalid regex /(/", Error(Match("- {EventId: 2, Name: '${/(/}'}")), StringComparison.Ordinal);
    }

    [Fact]
    public void Rule5_dicts_compare_expected_keys_only()
    {
        Assert.True(Match("- {EventId: 3, StepSucceededDetails: {Result: {Truncated: false}}}").Success);
    }

    [Fact]
    public void Rule5_dict_against_non_dict_is_a_literal_mismatch()
    {
        string error = Error(Match("- {EventId: 3, Name: {a: 1}}"));

        Assert.Equal("EventId=3 (StepSucceeded) $.Name: expected {\"a\": 1}, got \"greet\"", error);
    }

    [Fact]
    public void Rule6_lists_compare_element_by_element()
    {
        string actual = """[{"EventId": 2, "L": [1, "a", {"k": true, "extra": 0}]}]""";

        Assert.True(Match("- {EventId: 2, L: [1.0, '*', {k: true}]}", actual: actual).Success);
        Assert.Equal(
            "EventId=2 (no EventType) $.L[1]: expected \"b\", got \"a\"",
            Error(Match("- {EventId: 2, L: [1, b, {}]}", actual: actual)));
    }

    [Fact]
    public void Rule6_list_length_mismatch_is_reported_once()
    {
        string actual = """[{"EventId": 2, "L": [1, 2, 3]}]""";

        Assert.Equal(
            "EventId=2 (no EventType) $.L: list length mismatch (expected 2, got 3)",
            Error(Match("- {EventId: 2, L: [1, 2]}", actual: actual)));
    }

    [Fact]
    public void Rule7_literals_use_python_equality()
    {
        string actual = """[{"EventId": 2, "Duration": 2.0, "Flag": true, "Text": "2"}]""";

        Assert.True(Match("- {EventId: 2, Duration: 2, Flag: true, Text: '2'}", actual: actual).Success);
        Assert.Equal("EventId=2 (no EventType) $.Text: expected 2, got \"2\"", Error(Match("- {EventId: 2, Text: 2}", actual: actual)));
        Assert.Equal("EventId=2 (no EventType) $.Duration: expected 3, got 2.0", Error(Match("- {EventId: 2, Duration: 3}", actual: actual)));
    }

    [Fact]
    public void Rule7_substitutes_bound_names_inside_expected_strings()
    {
        var context = new PlaceholderContext();
        context.BindVariables([new("INPUT_1", "Hello, World!")], new Random(1));

        Assert.True(Match("- {EventId: 3, StepSucceededDetails: {Result: {Payload: '\"${INPUT_1}\"'}}}", context).Success);
    }

    [Fact]
    public void Rule7_payload_mismatch_names_event_type_path_expected_and_actual()
    {
        string error = Error(Match("- {EventId: 3, StepSucceededDetails: {Result: {Payload: '\"Hello, Moon!\"'}}}"));

        Assert.Equal(
            "EventId=3 (StepSucceeded) $.StepSucceededDetails.Result.Payload: expected \"\\\"Hello, Moon!\\\"\", got \"\\\"Hello, World!\\\"\"",
            error);
    }

    [Fact]
    public void Rule7_unbound_placeholders_inside_text_are_compared_literally()
    {
        string actual = """[{"EventId": 2, "P": "\"${X}\""}]""";

        Assert.True(Match("- {EventId: 2, P: '\"${X}\"'}", actual: actual).Success);
    }

    [Fact]
    public void Bindings_follow_yaml_order_keys_in_mapping_order()
    {
        // Id binds X first; ParentId then compares against it.
        string actual = """[{"EventId": 2, "Id": "a", "ParentId": "b"}]""";
        var context = new PlaceholderContext();

        string error = Error(Match("- {EventId: 2, Id: '${X}', ParentId: '${X}'}", context, actual));

        Assert.Equal("EventId=2 (no EventType) $.ParentId: placeholder ${X} is bound to \"a\", got \"b\"", error);
    }

    [Fact]
    public void Bindings_follow_yaml_order_events_in_list_order_not_event_id_order()
    {
        string actual = """[{"EventId": 2, "Id": "two"}, {"EventId": 3, "Id": "three"}]""";
        var context = new PlaceholderContext();

        string error = Error(Match("- {EventId: 3, Id: '${X}'}\n- {EventId: 2, Id: '${X}'}", context, actual));

        Assert.Equal("EventId=2 (no EventType) $.Id: placeholder ${X} is bound to \"three\", got \"two\"", error);
    }

    [Fact]
    public void Bindings_made_before_a_failure_are_kept()
    {
        var context = new PlaceholderContext();

        Assert.False(Match("- {EventId: 2, Id: '${ID1}', Name: nope}", context).Success);
        Assert.True(context.IsBound("ID1"));
    }

    [Fact]
    public void Missing_EventId_in_the_expectation_is_an_error()
    {
        Assert.Equal(
            "ExpectedExecutionHistory[0] (StepStarted): expected event has no EventId",
            Error(Match("- {EventType: StepStarted, Id: x}")));
        Assert.Contains("has no EventId", Error(Match("- {EventType: StepStarted, EventId: ~}")), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_actual_event_is_an_error()
    {
        Assert.Equal("No actual event found for EventId=9 (expected ExecutionSucceeded)", Error(Match("- {EventType: ExecutionSucceeded, EventId: 9}")));
    }

    [Fact]
    public void Each_failing_event_contributes_its_errors()
    {
        MatchResult result = Match("- {EventId: 9}\n- {EventId: 2, EventType: StepFailed}\n- {EventId: 3, EventType: StepSucceeded}");

        Assert.Equal(2, result.Errors.Count);
        Assert.Equal("No actual event found for EventId=9 (expected ?)", result.Errors[0]);
        Assert.Equal("EventId=2 (StepStarted) $.EventType: expected \"StepFailed\", got \"StepStarted\"", result.Errors[1]);
    }

    [Fact]
    public void EventId_lookup_uses_python_dict_semantics()
    {
        string actual = """[{"EventId": 2, "Name": "first"}, {"EventId": 2, "Name": "last"}, {"Name": "no id"}]""";

        Assert.True(Match("- {EventId: 2, Name: last}", actual: actual).Success);
        Assert.True(Match("- {EventId: 2.0, Name: last}", actual: actual).Success);
        Assert.False(Match("- {EventId: '2'}", actual: actual).Success);
    }

    [Fact]
    public void Unlisted_events_and_extra_keys_are_ignored()
    {
        Assert.True(Match("- {EventId: 5, EventType: ExecutionSucceeded}").Success);
    }

    [Fact]
    public void Non_mapping_expected_entries_are_errors()
    {
        MatchResult result = HistoryMatcher.Match([JsonValue.Create("x")], Events(), new PlaceholderContext(), false);

        Assert.Equal("ExpectedExecutionHistory[0]: expected event is not a mapping: \"x\"", Assert.Single(result.Errors));
    }

    private const string WaitForCallbackHistory = """
        [
          {"EventType": "ExecutionStarted", "EventId": 1, "ExecutionStartedDetails": {}},
          {"EventType": "ContextStarted", "SubType": "WaitForCallback", "EventId": 2, "Id": "ctx", "Name": "approve-7",
           "ContextStartedDetails": {}},
          {"EventType": "CallbackStarted", "SubType": "Callback", "EventId": 3, "Id": "cb", "ParentId": "ctx",
           "CallbackStartedDetails": {"CallbackId": "id-1"}},
          {"EventType": "StepStarted", "SubType": "Step", "EventId": 4, "Id": "st", "ParentId": "ctx", "StepStartedDetails": {}},
          {"EventType": "StepSucceeded", "SubType": "Step", "EventId": 5, "Id": "st", "ParentId": "ctx", "Name": "submitter",
           "StepSucceededDetails": {}},
          {"EventType": "CallbackSucceeded", "SubType": "Callback", "EventId": 6, "Id": "cb", "ParentId": "ctx",
           "CallbackSucceededDetails": {"Result": {"Payload": "{\"status\": \"approved\"}"}}}
        ]
        """;

    [Fact]
    public void Name_patch_copies_the_wait_for_callback_name_onto_unnamed_children()
    {
        const string expected = """
            - {EventId: 3, Name: '${CB_NAME}'}
            - {EventId: 4, Name: '${CB_NAME}'}
            - {EventId: 5, Name: submitter}
            """;
        var context = new PlaceholderContext();
        context.BindVariables([new("CB_NAME", "approve-7")], new Random(1));
        JsonArray actual = Events(WaitForCallbackHistory);
        string before = actual.ToJsonString();

        MatchResult unpatched = HistoryMatcher.Match(Expected(expected), actual, context, applyWaitForCallbackNamePatch: false);
        MatchResult patched = HistoryMatcher.Match(Expected(expected), actual, context, applyWaitForCallbackNamePatch: true);

        Assert.Equal(2, unpatched.Errors.Count);
        Assert.True(patched.Success, patched.ToString());
        Assert.Equal(before, actual.ToJsonString());
    }

    [Fact]
    public void Name_patch_leaves_other_event_types_alone()
    {
        JsonArray patched = WaitForCallbackNames.Inherit(Events(WaitForCallbackHistory));

        Assert.Equal("approve-7", patched[2]!["Name"]!.GetValue<string>());
        Assert.Equal("approve-7", patched[3]!["Name"]!.GetValue<string>());
        Assert.Equal("submitter", patched[4]!["Name"]!.GetValue<string>());
        Assert.Null(patched[5]!["Name"]);
    }

    [Fact]
    public void MatchValue_applies_the_same_rules_to_one_value()
    {
        var context = new PlaceholderContext();

        Assert.True(HistoryMatcher.MatchValue(PythonYaml.Load("{a: '${X}', b: '*'}"), JsonNode.Parse("{\"a\": 1, \"b\": 2}"), context).Success);
        Assert.Equal("Value $.a: placeholder ${X} is bound to 1, got 2", Assert.Single(HistoryMatcher.MatchValue(PythonYaml.Load("{a: '${X}'}"), JsonNode.Parse("{\"a\": 2}"), context).Errors));
    }
}
