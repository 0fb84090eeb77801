using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Durable.Conformance.Requirements;

/// <summary>
/// The runner's callback bookkeeping for one async run (conformance.md §1.6). Each <see cref="Poll"/> looks at
/// the <c>CallbackStarted</c> events not yet handled, in history order, and pairs each with the first unused
/// action whose name matches. Every action is used at most once; a heartbeat leaves its callback unhandled so a
/// later poll can pair it with a success or failure. A callback no action matches is an error when actions are
/// listed, and is deliberately left open when none are. Sending (and the delays) is the caller's job.
/// </summary>
public sealed class CallbackActionMatcher
{
    private readonly IReadOnlyList<CallbackAction> _actions;
    private readonly PlaceholderContext _context;
    private readonly HashSet<int> _used = [];
    private readonly HashSet<string> _handled = new(StringComparer.Ordinal);
    private readonly List<string> _errors = [];

    /// <summary>Creates the matcher for a run's actions and placeholders.</summary>
    public CallbackActionMatcher(IReadOnlyList<CallbackAction> actions, PlaceholderContext context)
    {
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(context);
        _actions = actions;
        _context = context;
    }

    /// <summary>Every "no matching action" error so far.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>
    /// The index of the first unused action matching <paramref name="callbackName"/> (<see langword="null"/> is
    /// treated as the empty name, as the runner's <c>event.get("Name", "")</c>), or -1; does not consume it.
    /// </summary>
    public int FindMatch(string? callbackName)
    {
        string name = callbackName ?? string.Empty;
        for (int i = 0; i < _actions.Count; i++)
        {
            if (!_used.Contains(i) && NameMatches(_actions[i].CallbackName, name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Processes the new callbacks in <paramref name="historyEvents"/> (the REST <c>Events</c> array) and returns
    /// what to send, in order; each dispatch carries its action with the payload already substituted.
    /// </summary>
    public IReadOnlyList<CallbackDispatch> Poll(JsonArray historyEvents)
    {
        ArgumentNullException.ThrowIfNull(historyEvents);
        var dispatches = new List<CallbackDispatch>();
        foreach (JsonNode? node in historyEvents)
        {
            if (node is not JsonObject e
                || Text(e["EventType"]) != "CallbackStarted"
                || e["CallbackStartedDetails"] is not JsonObject details
                || Text(details["CallbackId"]) is not { Length: > 0 } callbackId
                || _handled.Contains(callbackId))
            {
                continue;
            }

            string? name = Text(e["Name"]);
            int index = FindMatch(name);
            if (index < 0)
            {
                if (_actions.Count > 0)
                {
                    _errors.Add($"No matching CallbackAction for callback '{name ?? "<anonymous>"}' (id={callbackId})");
                }

                _handled.Add(callbackId);
                continue;
            }

            _used.Add(index);
            CallbackAction action = _actions[index];
            if (action.Operation != CallbackOperation.Heartbeat)
            {
                _handled.Add(callbackId);
            }

            dispatches.Add(new CallbackDispatch(callbackId, name, index, action with { Payload = _context.SubstituteDeep(action.Payload) }));
        }

        return dispatches;
    }

    private bool NameMatches(string pattern, string name)
    {
        string resolved = _context.Substitute(pattern);
        if (resolved == "*" || resolved == name)
        {
            return true;
        }

        string? regex = PythonRegex.PlaceholderPattern(resolved);
        if (regex is null)
        {
            return false;
        }

        try
        {
            return PythonRegex.Search(regex, name);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string? Text(JsonNode? node)
    {
        PyValue value = PyValue.Of(node);
        return value.Kind == PyKind.Str ? value.Str : null;
    }
}

/// <summary>One callback to send: the target, the matched action (payload substituted) and its position in the list.</summary>
/// <param name="CallbackId">The <c>CallbackStartedDetails.CallbackId</c> to address.</param>
/// <param name="CallbackName">The event's <c>Name</c>, or null when it has none.</param>
/// <param name="ActionIndex">The action's index in <c>CallbackActions</c>.</param>
/// <param name="Action">The action, with placeholders substituted into its payload.</param>
public sealed record CallbackDispatch(string CallbackId, string? CallbackName, int ActionIndex, CallbackAction Action);

/// <summary>The error object a failure callback sends (the <c>ErrorObject</c> shape; absent fields are null).</summary>
/// <param name="ErrorType">The error type.</param>
/// <param name="ErrorMessage">The message.</param>
/// <param name="ErrorData">Machine-readable data.</param>
/// <param name="StackTrace">Stack trace entries.</param>
public sealed record CallbackFailureError(string? ErrorType, string? ErrorMessage, string? ErrorData, IReadOnlyList<string>? StackTrace);

/// <summary>Thrown when an action's payload cannot be sent (the runner records such a send as an error).</summary>
public sealed class CallbackPayloadException(string message) : Exception(message);

/// <summary>
/// Turns a (substituted) action into what the runner puts on the wire: the success result is exactly
/// <c>json.dumps(Payload).encode()</c>; the failure error takes the <c>ErrorType</c>, <c>ErrorMessage</c>,
/// <c>ErrorData</c> and <c>StackTrace</c> present in the payload mapping.
/// </summary>
public static class CallbackPayloads
{
    /// <summary>The success result bytes, or <see langword="null"/> when the action has no payload (send no result).</summary>
    public static byte[]? SuccessResult(CallbackAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (action.Operation != CallbackOperation.Success)
        {
            throw new ArgumentException($"Expected a success action, got {action.Operation}.", nameof(action));
        }

        return action.Payload is null ? null : PythonJson.DumpsUtf8(action.Payload);
    }

    /// <summary>
    /// The failure error, or <see langword="null"/> when the payload is absent or names none of the four fields
    /// (send no error). A payload that is not a mapping, or fields of the wrong type, throw
    /// <see cref="CallbackPayloadException"/>.
    /// </summary>
    public static CallbackFailureError? FailureError(CallbackAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (action.Operation != CallbackOperation.Failure)
        {
            throw new ArgumentException($"Expected a failure action, got {action.Operation}.", nameof(action));
        }

        if (action.Payload is null)
        {
            return null;
        }

        if (action.Payload is not JsonObject payload)
        {
            throw new CallbackPayloadException(
                "Failure callback payload must be a mapping containing ErrorType/ErrorMessage/ErrorData/StackTrace fields, "
                + $"got {PythonFormat.Repr(action.Payload)}");
        }

        bool any = false;
        string? Field(string key)
        {
            if (!payload.TryGetPropertyValue(key, out JsonNode? value))
            {
                return null;
            }

            any = true;
            PyValue py = PyValue.Of(value);
            return py.Kind == PyKind.Str ? py.Str : throw new CallbackPayloadException($"Failure callback {key} must be a string, got {PythonFormat.Repr(value)}");
        }

        string? errorType = Field("ErrorType");
        string? errorMessage = Field("ErrorMessage");
        string? errorData = Field("ErrorData");
        List<string>? stackTrace = null;
        if (payload.TryGetPropertyValue("StackTrace", out JsonNode? trace))
        {
            any = true;
            stackTrace = trace is JsonArray entries && entries.All(entry => PyValue.Of(entry).Kind == PyKind.Str)
                ? entries.Select(entry => PyValue.Of(entry).Str!).ToList()
                : throw new CallbackPayloadException($"Failure callback StackTrace must be a list of strings, got {PythonFormat.Repr(trace)}");
        }

        return any ? new CallbackFailureError(errorType, errorMessage, errorData, stackTrace) : null;
    }
}
