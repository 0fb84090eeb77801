using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Durable.Conformance.Requirements;

/// <summary>
/// Matches <c>ExpectedExecutionHistory</c> against the events of <c>GetDurableExecutionHistory</c> exactly as the
/// runner's <c>EventHistoryMatcher</c> does (conformance.md §1.4). Each expected entry is paired with the actual
/// event of the same <c>EventId</c>; unlisted events are ignored. Placeholders bind in YAML order (entries in list
/// order, keys in mapping order) into the shared <see cref="PlaceholderContext"/>, also when other checks fail.
/// </summary>
public static class HistoryMatcher
{
    // The runner's patterns: `(.+)` deliberately accepts anything between `${` and `}` (so `${GEN_STR:8}` or even
    // `${A}-${B}` count as one placeholder reference), unlike the narrower textual-substitution pattern.
    private static readonly Regex WholePlaceholder = new(@"^\$\{(.+)\}$", RegexOptions.CultureInvariant);

    /// <summary>Compares the expected entries with the actual events and returns every mismatch.</summary>
    /// <param name="expected">The requirement's expected events (mappings).</param>
    /// <param name="actualEvents">The history's <c>Events</c> array in the REST shape (PascalCase members).</param>
    /// <param name="context">The run's placeholders; receives new bindings.</param>
    /// <param name="applyWaitForCallbackNamePatch">
    /// Copy a <c>WaitForCallback</c> context's <c>Name</c> onto its unnamed children first (the runner does this on
    /// the async path only); the caller's array is not modified.
    /// </param>
    public static MatchResult Match(IReadOnlyList<JsonNode> expected, JsonArray actualEvents, PlaceholderContext context, bool applyWaitForCallbackNamePatch)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actualEvents);
        ArgumentNullException.ThrowIfNull(context);

        JsonArray events = applyWaitForCallbackNamePatch ? WaitForCallbackNames.Inherit(actualEvents) : actualEvents;
        var errors = new List<string>();
        for (int i = 0; i < expected.Count; i++)
        {
            if (expected[i] is not JsonObject expectedEvent)
            {
                errors.Add($"ExpectedExecutionHistory[{i}]: expected event is not a mapping: {Render(expected[i])}");
                continue;
            }

            string expectedType = expectedEvent["EventType"] is JsonNode type ? PythonFormat.Str(type) : "?";
            JsonNode? eventId = expectedEvent["EventId"];
            if (eventId is null)
            {
                errors.Add($"ExpectedExecutionHistory[{i}] ({expectedType}): expected event has no EventId");
                continue;
            }

            JsonObject? actual = FindEvent(events, eventId);
            if (actual is null)
            {
                errors.Add($"No actual event found for EventId={PythonFormat.Str(eventId)} (expected {expectedType})");
                continue;
            }

            string actualType = actual["EventType"] is JsonNode actualTypeNode ? PythonFormat.Str(actualTypeNode) : "no EventType";
            var matcher = new ValueMatcher(context, errors, $"EventId={PythonFormat.Str(eventId)} ({actualType})");
            matcher.MatchValue(expectedEvent, actual, "$");
        }

        return new MatchResult(errors);
    }

    /// <summary>
    /// Matches one expected value against one actual value with the history rules (for callers that need them
    /// outside an event list); <paramref name="label"/> prefixes every error.
    /// </summary>
    public static MatchResult MatchValue(JsonNode? expected, JsonNode? actual, PlaceholderContext context, string label = "Value")
    {
        ArgumentNullException.ThrowIfNull(context);
        var errors = new List<string>();
        new ValueMatcher(context, errors, label).MatchValue(expected, actual, "$");
        return new MatchResult(errors);
    }

    private static JsonObject? FindEvent(JsonArray events, JsonNode eventId)
    {
        // The runner indexes events in a dict by EventId: the last event with an id wins, and lookup uses Python
        // equality and hashing, so 2, 2.0 (and True for 1) find the same event.
        for (int i = events.Count - 1; i >= 0; i--)
        {
            if (events[i] is JsonObject candidate && candidate["EventId"] is JsonNode candidateId && PythonEquality.AreEqual(candidateId, eventId))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string Render(JsonNode? value) => PythonJson.Dumps(value, ensureAscii: false);

    /// <summary>The recursive rules, applied to each value in the order §1.4 lists them.</summary>
    private sealed class ValueMatcher(PlaceholderContext context, List<string> errors, string label)
    {
        public void MatchValue(JsonNode? expected, JsonNode? actual, string path)
        {
            PyValue exp = PyValue.Of(expected);

            // 1. {} accepts anything (the key itself was checked by the enclosing dict).
            if (exp.Kind == PyKind.Dict && ((JsonObject)expected!).Count == 0)
            {
                return;
            }

            if (exp.Kind == PyKind.Str)
            {
                string text = exp.Str!;

                // 2. '*' accepts anything.
                if (text == "*")
                {
                    return;
                }

                string? pattern = PythonRegex.PlaceholderPattern(text);

                // 3. A whole-string ${X} (not a regex) binds X or compares with its value.
                if (pattern is null)
                {
                    Match placeholder = WholePlaceholder.Match(text);
                    if (placeholder.Success)
                    {
                        Resolve(placeholder.Groups[1].Value, actual, path);
                        return;
                    }
                }
                else
                {
                    // 4. ${/re/}: re.search on str(actual), so ints read "7" and booleans "True".
                    MatchRegex(pattern, actual, path);
                    return;
                }
            }

            // 5. Dicts: expected keys only, each must exist (even when its value is '*' or {}).
            if (exp.Kind == PyKind.Dict && actual is JsonObject actualObject)
            {
                foreach (KeyValuePair<string, JsonNode?> pair in (JsonObject)expected!)
                {
                    string childPath = $"{path}.{pair.Key}";
                    if (!actualObject.TryGetPropertyValue(pair.Key, out JsonNode? actualChild))
                    {
                        errors.Add($"{label} {childPath}: key missing in actual event (expected {Render(pair.Value)})");
                        continue;
                    }

                    MatchValue(pair.Value, actualChild, childPath);
                }

                return;
            }

            // 6. Lists: same length, then element by element.
            if (exp.Kind == PyKind.List && actual is JsonArray actualArray)
            {
                var expectedArray = (JsonArray)expected!;
                if (expectedArray.Count != actualArray.Count)
                {
                    errors.Add($"{label} {path}: list length mismatch (expected {expectedArray.Count}, got {actualArray.Count})");
                    return;
                }

                for (int i = 0; i < expectedArray.Count; i++)
                {
                    MatchValue(expectedArray[i], actualArray[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"));
                }

                return;
            }

            // 7. Literal Python == after substituting bound names into an expected string.
            JsonNode? resolved = exp.Kind == PyKind.Str ? JsonValue.Create(context.Substitute(exp.Str!)) : expected;
            if (!PythonEquality.AreEqual(resolved, actual))
            {
                errors.Add($"{label} {path}: expected {Render(resolved)}, got {Render(actual)}");
            }
        }

        private void Resolve(string name, JsonNode? actual, string path)
        {
            if (!context.TryPeek(name, out JsonNode? bound))
            {
                // No distinctness check, as in the runner: two names may bind the same value.
                context.Bind(name, actual);
                return;
            }

            if (!PythonEquality.AreEqual(bound, actual))
            {
                errors.Add($"{label} {path}: placeholder ${{{name}}} is bound to {Render(bound)}, got {Render(actual)}");
            }
        }

        private void MatchRegex(string pattern, JsonNode? actual, string path)
        {
            string text = PythonFormat.Str(actual);
            try
            {
                if (!PythonRegex.Search(pattern, text))
                {
                    errors.Add($"{label} {path}: value {Render(actual)} does not match regex /{pattern}/");
                }
            }
            catch (ArgumentException e)
            {
                errors.Add($"{label} {path}: invalid regex /{pattern}/: {e.Message}");
            }
            catch (RegexMatchTimeoutException)
            {
                errors.Add($"{label} {path}: regex /{pattern}/ timed out on {Render(actual)}");
            }
        }
    }
}
