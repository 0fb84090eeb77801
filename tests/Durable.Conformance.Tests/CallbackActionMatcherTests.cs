using System.Text;
using System.Text.Json.Nodes;
using Durable.Conformance.Requirements;

namespace Durable.Conformance.Tests;

public class CallbackActionMatcherTests
{
    private static CallbackAction Action(string name, CallbackOperation operation, string? payloadYaml = null, double delay = 0) =>
        new(name, operation, payloadYaml is null ? null : PythonYaml.Load(payloadYaml), delay);

    private static JsonObject CallbackStarted(int eventId, string callbackId, string? name)
    {
        var e = new JsonObject
        {
            ["EventType"] = "CallbackStarted",
            ["SubType"] = "Callback",
            ["EventId"] = eventId,
            ["Id"] = "op-" + callbackId,
            ["EventTimestamp"] = 1700000000.5,
            ["CallbackStartedDetails"] = new JsonObject { ["CallbackId"] = callbackId, ["HeartbeatTimeout"] = 10 },
        };
        if (name is not null)
        {
            e["Name"] = name;
        }

        return e;
    }

    private static JsonArray History(params JsonObject[] events)
    {
        var array = new JsonArray(new JsonObject { ["EventType"] = "ExecutionStarted", ["EventId"] = 1, ["ExecutionStartedDetails"] = new JsonObject() });
        foreach (JsonObject e in events)
        {
            array.Add(e);
        }

        array.Add(new JsonObject { ["EventType"] = "InvocationCompleted", ["EventId"] = 99, ["InvocationCompletedDetails"] = new JsonObject() });
        return array;
    }

    private static PlaceholderContext Context(params (string Name, string Value)[] variables)
    {
        var context = new PlaceholderContext();
        context.BindVariables(variables.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)), new Random(1));
        return context;
    }

    [Fact]
    public void FindMatch_compares_literal_variable_star_and_regex_names()
    {
        PlaceholderContext context = Context(("CB_NAME", "abc123"));

        Assert.Equal(0, new CallbackActionMatcher([Action("approval", CallbackOperation.Success)], context).FindMatch("approval"));
        Assert.Equal(0, new CallbackActionMatcher([Action("${CB_NAME}", CallbackOperation.Success)], context).FindMatch("abc123"));
        Assert.Equal(0, new CallbackActionMatcher([Action("*", CallbackOperation.Success)], context).FindMatch("anything"));
        Assert.Equal(0, new CallbackActionMatcher([Action("${/^appr/}", CallbackOperation.Success)], context).FindMatch("approval"));
        Assert.Equal(0, new CallbackActionMatcher([Action("${/^${CB_NAME}$/}", CallbackOperation.Success)], context).FindMatch("abc123"));
    }

    [Fact]
    public void FindMatch_rejects_other_names()
    {
        PlaceholderContext context = Context(("CB_NAME", "abc123"));

        Assert.Equal(-1, new CallbackActionMatcher([Action("approval", CallbackOperation.Success)], context).FindMatch("Approval"));
        Assert.Equal(-1, new CallbackActionMatcher([Action("${CB_NAME}", CallbackOperation.Success)], context).FindMatch("abc124"));
        Assert.Equal(-1, new CallbackActionMatcher([Action("${/^appr$/}", CallbackOperation.Success)], context).FindMatch("approval"));
        Assert.Equal(-1, new CallbackActionMatcher([Action("${UNBOUND}", CallbackOperation.Success)], context).FindMatch("x"));
        Assert.Equal(-1, new CallbackActionMatcher([Action("${/(/}", CallbackOperation.Success)], context).FindMatch("("));
    }

    [Fact]
    public void FindMatch_takes_the_first_matching_action_in_list_order()
    {
        var matcher = new CallbackActionMatcher(
            [Action("other", CallbackOperation.Failure), Action("*", CallbackOperation.Heartbeat), Action("x", CallbackOperation.Success)],
            new PlaceholderContext());

        Assert.Equal(1, matcher.FindMatch("x"));
    }

    [Fact]
    public void A_missing_name_matches_only_star_or_an_empty_pattern()
    {
        var matcher = new CallbackActionMatcher([Action("approval", CallbackOperation.Success), Action("*", CallbackOperation.Success)], new PlaceholderContext());

        Assert.Equal(1, matcher.FindMatch(null));
    }

    [Fact]
    public void Heartbeat_then_success_on_the_same_callback_over_two_polls()
    {
        PlaceholderContext context = Context(("CB_NAME", "cbname"), ("CB_PAYLOAD", "pay"));
        var matcher = new CallbackActionMatcher(
            [Action("${CB_NAME}", CallbackOperation.Heartbeat), Action("${CB_NAME}", CallbackOperation.Success, "${CB_PAYLOAD}", delay: 1)],
            context);
        JsonArray history = History(CallbackStarted(2, "id-1", "cbname"));

        CallbackDispatch heartbeat = Assert.Single(matcher.Poll(history));
        CallbackDispatch success = Assert.Single(matcher.Poll(history));
        IReadOnlyList<CallbackDispatch> after = matcher.Poll(history);

        Assert.Equal(("id-1", "cbname", 0, CallbackOperation.Heartbeat), (heartbeat.CallbackId, heartbeat.CallbackName, heartbeat.ActionIndex, heartbeat.Action.Operation));
        Assert.Equal(("id-1", 1, CallbackOperation.Success, 1.0), (success.CallbackId, success.ActionIndex, success.Action.Operation, success.Action.Delay));
        Assert.Equal("\"pay\"", Encoding.UTF8.GetString(CallbackPayloads.SuccessResult(success.Action)!));
        Assert.Empty(after);
        Assert.Empty(matcher.Errors);
    }

    [Fact]
    public void Callbacks_are_dispatched_in_history_order_with_their_named_actions()
    {
        // 4-19: actions list B before A, history starts A before B.
        PlaceholderContext context = Context(("CB_NAME_A", "aaa"), ("CB_NAME_B", "bbb"));
        var matcher = new CallbackActionMatcher(
            [Action("${CB_NAME_B}", CallbackOperation.Success, "b", 4), Action("${CB_NAME_A}", CallbackOperation.Success, "a", 1)],
            context);

        IReadOnlyList<CallbackDispatch> dispatches = matcher.Poll(History(CallbackStarted(2, "id-a", "aaa"), CallbackStarted(3, "id-b", "bbb")));

        Assert.Equal(["id-a:1", "id-b:0"], dispatches.Select(d => $"{d.CallbackId}:{d.ActionIndex}"));
    }

    [Fact]
    public void Only_new_callbacks_are_processed_on_later_polls()
    {
        var matcher = new CallbackActionMatcher([Action("*", CallbackOperation.Success, "1"), Action("*", CallbackOperation.Success, "2")], new PlaceholderContext());

        Assert.Single(matcher.Poll(History(CallbackStarted(2, "id-1", "first"))));
        CallbackDispatch second = Assert.Single(matcher.Poll(History(CallbackStarted(2, "id-1", "first"), CallbackStarted(4, "id-2", "second"))));

        Assert.Equal(("id-2", 1), (second.CallbackId, second.ActionIndex));
    }

    [Fact]
    public void Each_action_is_used_at_most_once_and_an_unmatched_callback_is_an_error_reported_once()
    {
        var matcher = new CallbackActionMatcher([Action("*", CallbackOperation.Success)], new PlaceholderContext());
        JsonArray history = History(CallbackStarted(2, "id-1", "first"), CallbackStarted(3, "id-2", "second"));

        Assert.Single(matcher.Poll(history));
        Assert.Empty(matcher.Poll(history));

        Assert.Equal("No matching CallbackAction for callback 'second' (id=id-2)", Assert.Single(matcher.Errors));
    }

    [Fact]
    public void An_anonymous_unmatched_callback_is_named_in_the_error()
    {
        var matcher = new CallbackActionMatcher([Action("approval", CallbackOperation.Success)], new PlaceholderContext());

        Assert.Empty(matcher.Poll(History(CallbackStarted(2, "id-9", null))));
        Assert.Equal("No matching CallbackAction for callback '<anonymous>' (id=id-9)", Assert.Single(matcher.Errors));
    }

    [Fact]
    public void Heartbeat_only_actions_leave_the_callback_unmatched_on_the_next_poll()
    {
        var matcher = new CallbackActionMatcher([Action("*", CallbackOperation.Heartbeat)], new PlaceholderContext());
        JsonArray history = History(CallbackStarted(2, "id-1", "x"));

        Assert.Single(matcher.Poll(history));
        Assert.Empty(matcher.Poll(history));
        Assert.Single(matcher.Errors);
    }

    [Fact]
    public void Without_actions_callbacks_stay_open_without_errors()
    {
        var matcher = new CallbackActionMatcher([], new PlaceholderContext());

        Assert.Empty(matcher.Poll(History(CallbackStarted(2, "id-1", "x"))));
        Assert.Empty(matcher.Errors);
    }

    [Fact]
    public void Events_without_a_callback_id_are_ignored()
    {
        JsonObject noId = CallbackStarted(2, "id-1", "x");
        noId["CallbackStartedDetails"] = new JsonObject();
        var matcher = new CallbackActionMatcher([Action("*", CallbackOperation.Success)], new PlaceholderContext());

        Assert.Empty(matcher.Poll(History(noId)));
        Assert.Empty(matcher.Errors);
    }

    [Fact]
    public void Dispatched_payloads_are_substituted_and_the_action_is_not_changed()
    {
        PlaceholderContext context = Context(("ID", "v1"));
        CallbackAction action = Action("*", CallbackOperation.Success, "{id: '${ID}', n: 2.0, ok: yes}");
        var matcher = new CallbackActionMatcher([action], context);

        CallbackDispatch dispatch = Assert.Single(matcher.Poll(History(CallbackStarted(2, "id-1", "x"))));

        Assert.Equal("{\"id\": \"v1\", \"n\": 2.0, \"ok\": true}", Encoding.UTF8.GetString(CallbackPayloads.SuccessResult(dispatch.Action)!));
        Assert.Equal("{\"id\": \"${ID}\", \"n\": 2.0, \"ok\": true}", PythonJson.Dumps(action.Payload));
    }

    [Fact]
    public void SuccessResult_is_python_json_dumps_bytes()
    {
        Assert.Equal(
            Encoding.UTF8.GetBytes("{\"status\": \"approved\"}"),
            CallbackPayloads.SuccessResult(Action("*", CallbackOperation.Success, "status: approved")));
        Assert.Equal(
            Encoding.UTF8.GetBytes("\"caf\\u00e9\""),
            CallbackPayloads.SuccessResult(Action("*", CallbackOperation.Success, "café")));
        Assert.Null(CallbackPayloads.SuccessResult(Action("*", CallbackOperation.Success)));
        Assert.Throws<ArgumentException>(() => CallbackPayloads.SuccessResult(Action("*", CallbackOperation.Failure)));
    }

    [Fact]
    public void FailureError_takes_the_error_fields_present_in_the_payload()
    {
        CallbackFailureError? error = CallbackPayloads.FailureError(
            Action("*", CallbackOperation.Failure, "{ErrorType: RejectedError, ErrorMessage: not approved, Other: ignored}"));

        Assert.Equal(new CallbackFailureError("RejectedError", "not approved", null, null), error);
    }

    [Fact]
    public void FailureError_with_all_fields()
    {
        CallbackFailureError error = CallbackPayloads.FailureError(
            Action("*", CallbackOperation.Failure, "{ErrorType: T, ErrorMessage: M, ErrorData: '{}', StackTrace: [a, b]}"))!;

        Assert.Equal(("T", "M", "{}"), (error.ErrorType, error.ErrorMessage, error.ErrorData));
        Assert.Equal(["a", "b"], error.StackTrace!);
    }

    [Fact]
    public void FailureError_without_payload_or_fields_sends_no_error()
    {
        Assert.Null(CallbackPayloads.FailureError(Action("*", CallbackOperation.Failure)));
        Assert.Null(CallbackPayloads.FailureError(Action("*", CallbackOperation.Failure, "{Reason: x}")));
    }

    [Theory]
    [InlineData("just text", "must be a mapping")]
    [InlineData("{ErrorType: 5}", "ErrorType must be a string")]
    [InlineData("{StackTrace: a}", "StackTrace must be a list of strings")]
    public void FailureError_rejects_payloads_the_runner_cannot_send(string payload, string problem)
    {
        CallbackPayloadException error = Assert.Throws<CallbackPayloadException>(() => CallbackPayloads.FailureError(Action("*", CallbackOperation.Failure, payload)));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
