using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Durable.Conformance.Requirements;

/// <summary>
/// Checks <c>ExpectedLogs</c> (conformance.md §1.8) against an execution's log lines, given in stream order and
/// already scoped to the execution. A line that is a JSON object exposes its top-level fields; any other line
/// exposes only <c>message</c> (the whole line). A record matches a match map when every listed field is present
/// and matches: strings exactly after whitespace stripping, <c>/…/</c> as a regex search on Python <c>str()</c>
/// of the value, booleans by identity, numbers as floats.
/// </summary>
/// <remarks>
/// Choices where the reference is silent: a number also matches a numeric string but never a boolean; a plain
/// string compares with <c>str()</c> of a non-string value (<c>'1'</c> matches <c>1</c>, <c>'true'</c> does not
/// match <c>true</c>); null matches only a present null; mappings and lists compare with Python <c>==</c>.
/// For ordering, every matching record must come after (before) at least one record matching each
/// <c>after</c> (<c>before</c>) anchor, i.e. after the anchor's first (before its last) occurrence.
/// </remarks>
public static class LogValidator
{
    /// <summary>Returns every unmet expectation; placeholders are substituted into match values first.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<string> logLines, IReadOnlyList<LogExpectation> expectations, PlaceholderContext context)
    {
        ArgumentNullException.ThrowIfNull(logLines);
        ArgumentNullException.ThrowIfNull(expectations);
        ArgumentNullException.ThrowIfNull(context);

        List<JsonObject> records = logLines.Select(ParseRecord).ToList();
        var errors = new List<string>();
        for (int i = 0; i < expectations.Count; i++)
        {
            LogExpectation expectation = expectations[i];
            var match = (JsonObject)context.SubstituteDeep(expectation.Match)!;
            string label = $"ExpectedLogs[{i}] {Render(match)}";
            List<int> positions = Positions(records, match, label, errors);
            CheckCount(expectation, positions.Count, label, errors);
            CheckOrder(records, positions, expectation.After, after: true, context, label, errors);
            CheckOrder(records, positions, expectation.Before, after: false, context, label, errors);
        }

        return errors;
    }

    /// <summary>The field map of one log line: a JSON object's fields, otherwise <c>{"message": line}</c>.</summary>
    public static JsonObject ParseRecord(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (PythonJson.TryLoads(line, out JsonNode? parsed) && parsed is JsonObject fields)
        {
            return fields;
        }

        return new JsonObject { ["message"] = line };
    }

    /// <summary>True when every field of <paramref name="match"/> (already substituted) matches <paramref name="record"/>.</summary>
    public static bool Matches(JsonObject record, JsonObject match)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(match);
        foreach (KeyValuePair<string, JsonNode?> field in match)
        {
            if (!record.TryGetPropertyValue(field.Key, out JsonNode? actual) || !FieldMatches(field.Value, actual))
            {
                return false;
            }
        }

        return true;
    }

    private static bool FieldMatches(JsonNode? expected, JsonNode? actual)
    {
        PyValue want = PyValue.Of(expected);
        PyValue have = PyValue.Of(actual);
        switch (want.Kind)
        {
            case PyKind.Bool:
                return have.Kind == PyKind.Bool && have.Bool == want.Bool;
            case PyKind.Int:
            case PyKind.Float:
                double wanted = want.Kind == PyKind.Int ? (double)want.Int : want.Float;
                return AsFloat(have) is double number && number == wanted;
            case PyKind.Str:
                string text = want.Str!.Trim();
                string actualText = PythonFormat.Str(actual);
                if (text.Length >= 2 && text[0] == '/' && text[^1] == '/')
                {
                    return PythonRegex.Search(text[1..^1], actualText);
                }

                return actualText.Trim() == text;
            case PyKind.None:
                return have.Kind == PyKind.None;
            default:
                return PythonEquality.AreEqual(want, have);
        }
    }

    private static double? AsFloat(PyValue value) => value.Kind switch
    {
        PyKind.Int => (double)value.Int,
        PyKind.Float => value.Float,
        PyKind.Str when double.TryParse(value.Str!.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
        _ => null,
    };

    private static List<int> Positions(List<JsonObject> records, JsonObject match, string label, List<string> errors)
    {
        var positions = new List<int>();
        try
        {
            for (int i = 0; i < records.Count; i++)
            {
                if (Matches(records[i], match))
                {
                    positions.Add(i);
                }
            }
        }
        catch (ArgumentException e)
        {
            errors.Add($"{label}: invalid regex: {e.Message}");
        }
        catch (RegexMatchTimeoutException)
        {
            errors.Add($"{label}: regex timed out");
        }

        return positions;
    }

    private static void CheckCount(LogExpectation expectation, int found, string label, List<string> errors)
    {
        if (expectation.Count is int exact)
        {
            if (found != exact)
            {
                errors.Add($"{label}: expected exactly {exact} matching record(s), got {found}");
            }

            return;
        }

        // With no count constraint at all the default is "at least one".
        int? min = expectation.MinCount ?? (expectation.MaxCount is null ? 1 : null);
        if (min is int atLeast && found < atLeast)
        {
            errors.Add($"{label}: expected at least {atLeast} matching record(s), got {found}");
        }

        if (expectation.MaxCount is int atMost && found > atMost)
        {
            errors.Add($"{label}: expected at most {atMost} matching record(s), got {found}");
        }
    }

    private static void CheckOrder(List<JsonObject> records, List<int> positions, IReadOnlyList<JsonObject> anchors, bool after, PlaceholderContext context, string label, List<string> errors)
    {
        string direction = after ? "after" : "before";
        foreach (JsonObject rawAnchor in anchors)
        {
            var anchor = (JsonObject)context.SubstituteDeep(rawAnchor)!;
            string anchorLabel = $"{label}: {direction}-anchor {Render(anchor)}";
            List<int> anchorPositions = Positions(records, anchor, anchorLabel, errors);
            if (anchorPositions.Count == 0)
            {
                errors.Add($"{anchorLabel} matches no log record");
                continue;
            }

            int bound = after ? anchorPositions[0] : anchorPositions[^1];
            foreach (int position in positions)
            {
                if (after ? position <= bound : position >= bound)
                {
                    string where = after ? $"its first match is record #{bound}" : $"its last match is record #{bound}";
                    errors.Add($"{anchorLabel}: matching record #{position} is not {direction} it ({where})");
                }
            }
        }
    }

    private static string Render(JsonNode? value) => PythonJson.Dumps(value, ensureAscii: false);
}
