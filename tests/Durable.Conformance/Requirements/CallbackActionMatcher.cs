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
                || PyValue.StringOrNull(e["EventType"]) != "CallbackStarted"
                || e["CallbackStartedDetails"] is not JsonObject details
                || PyValue.StringOrNull(details["CallbackId"]) is not { Length: > 0 } callbackId
                || _handled.Contains(callbackId))
            {
                continue;
            }

            string? name = PyValue.StringOrNull(e["Name"]);
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
}

/// <summary>One callback to send: the target, the matched action (payload substituted) and its position in the list.</summary>
/// <param name="CallbackId">The <c>CallbackStartedDetails.CallbackId</c> to address.</param>
/// <param name="CallbackName">The event's <c>Name</c>, or null when it has none.</param>
/// <param name="ActionIndex">The action's index in <c>CallbackActions</c>.</param>
/// <param name="Action">The action, with placeholders substituted into its payload.</param>
public sealed record CallbackDispatch(string CallbackId, string? CallbackName, int ActionIndex, CallbackAction Action);
