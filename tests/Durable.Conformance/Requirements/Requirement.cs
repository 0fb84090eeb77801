using System.Text.Json.Nodes;

namespace Durable.Conformance.Requirements;

/// <summary>
/// One conformance requirement file (<c>&lt;suite&gt;/&lt;id&gt;.yaml</c>) as the reference runner reads it.
/// Values are unsubstituted: placeholders are resolved per run through a <see cref="PlaceholderContext"/>.
/// </summary>
public sealed class Requirement
{
    /// <summary>The file stem, e.g. <c>1-13</c>; unique across suites.</summary>
    public required string Id { get; init; }

    /// <summary>The name of the directory holding the file, e.g. <c>step</c>.</summary>
    public required string Suite { get; init; }

    /// <summary>The one-line title (<c>description</c>); empty when absent.</summary>
    public required string Description { get; init; }

    /// <summary>The prose description of the handler (<c>handler</c>); empty when absent.</summary>
    public required string HandlerText { get; init; }

    /// <summary>The prose narrative of the invocations (<c>invocations</c>); empty when absent.</summary>
    public required string InvocationsText { get; init; }

    /// <summary>The execution input; JSON null when <c>Input:</c> is empty or absent.</summary>
    public required JsonNode? Input { get; init; }

    /// <summary>The expected status and result; <see langword="null"/> when absent (history-only mode).</summary>
    public required ExpectedResult? ExpectedResult { get; init; }

    /// <summary>The partial history events (<c>ExpectedExecutionHistory</c>), each a mapping, in file order.</summary>
    public required IReadOnlyList<JsonNode> ExpectedHistory { get; init; }

    /// <summary><c>Variables</c> in file order; values are raw text (non-strings converted with Python <c>str()</c>).</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Variables { get; init; }

    /// <summary><c>AsyncInvoke</c> (Python truthiness): invoke with <c>Event</c> and poll.</summary>
    public required bool AsyncInvoke { get; init; }

    /// <summary>What to send when a <c>CallbackStarted</c> appears (async path only).</summary>
    public required IReadOnlyList<CallbackAction> CallbackActions { get; init; }

    /// <summary>Expectations on the execution's log records.</summary>
    public required IReadOnlyList<LogExpectation> ExpectedLogs { get; init; }

    /// <summary><c>optional</c> (Python truthiness): a failure is reported as OPTIONAL_FAILED.</summary>
    public required bool Optional { get; init; }

    /// <summary>The file the requirement was read from.</summary>
    public required string FilePath { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"{Suite}/{Id}: {Description}";
}

/// <summary>
/// <c>ExpectedResult</c>: the status to compare with <c>GetDurableExecution</c> and, when the key is present, the
/// decoded result. <see cref="HasResult"/> separates <c>Result:</c> (expects JSON null) from no <c>Result</c> key.
/// </summary>
/// <param name="ExecutionStatus">Expected status (<c>SUCCEEDED</c>, <c>FAILED</c>, …); null or empty skips the check.</param>
/// <param name="HasResult">Whether the <c>Result</c> key is present.</param>
/// <param name="Result">The expected decoded result, unsubstituted.</param>
public sealed record ExpectedResult(string? ExecutionStatus, bool HasResult, JsonNode? Result);

/// <summary>Thrown when a requirement file cannot be read as a requirement; the message names the file and the problem.</summary>
public sealed class RequirementFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="filePath"/>.</summary>
    public RequirementFormatException(string filePath, string problem, Exception? inner = null)
        : base($"{filePath}: {problem}", inner)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The offending file.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}
