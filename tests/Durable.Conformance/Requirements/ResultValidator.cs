using System.Text.Json.Nodes;

namespace Durable.Conformance.Requirements;

/// <summary>
/// The runner's <c>_validate_execution_result</c> (conformance.md §1.5), applied to what <c>GetDurableExecution</c>
/// returned: the status first; for a <c>SUCCEEDED</c> execution, the result decoded with one <c>json.loads</c>
/// (raw text kept when that fails) and compared with Python <c>==</c> to the substituted expectation.
/// Errors of failed executions are never compared.
/// </summary>
public static class ResultValidator
{
    /// <summary>Returns the mismatches; empty when the execution satisfies <paramref name="expected"/>.</summary>
    /// <param name="expected">The requirement's expectation; <see langword="null"/> checks nothing (history-only).</param>
    /// <param name="actualStatus">The execution's <c>Status</c>.</param>
    /// <param name="actualResult">The execution's <c>Result</c> text, or <see langword="null"/> when it has none.</param>
    /// <param name="context">The run's placeholders, substituted into the expected result.</param>
    public static IReadOnlyList<string> Validate(ExpectedResult? expected, string actualStatus, string? actualResult, PlaceholderContext context)
    {
        ArgumentNullException.ThrowIfNull(actualStatus);
        ArgumentNullException.ThrowIfNull(context);
        if (expected is null)
        {
            return [];
        }

        if (!string.IsNullOrEmpty(expected.ExecutionStatus) && !string.Equals(actualStatus, expected.ExecutionStatus, StringComparison.Ordinal))
        {
            return [$"Expected ExecutionStatus={expected.ExecutionStatus}, got {actualStatus}"];
        }

        if (!string.Equals(actualStatus, "SUCCEEDED", StringComparison.Ordinal) || !expected.HasResult)
        {
            return [];
        }

        // No result at all decodes to None, so `Result:` (null) passes for both "null" and a missing result.
        JsonNode? actual = PythonJson.LoadsOrRaw(actualResult);
        JsonNode? wanted = context.SubstituteDeep(expected.Result);
        if (PythonEquality.AreEqual(wanted, actual))
        {
            return [];
        }

        string shownActual = PythonJson.Dumps(actual, ensureAscii: false);
        string raw = actualResult is null ? "no result" : $"raw {PythonJson.Dumps(JsonValue.Create(actualResult), ensureAscii: false)}";
        return [$"Expected Result={PythonJson.Dumps(wanted, ensureAscii: false)}, got {shownActual} ({raw})"];
    }
}
