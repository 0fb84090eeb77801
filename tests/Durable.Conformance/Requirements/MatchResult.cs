namespace Durable.Conformance.Requirements;

/// <summary>The outcome of a comparison: success exactly when there are no errors.</summary>
public sealed class MatchResult
{
    /// <summary>Creates a result from the collected errors.</summary>
    public MatchResult(IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Errors = errors;
    }

    /// <summary>True when nothing failed.</summary>
    public bool Success => Errors.Count == 0;

    /// <summary>Readable descriptions of every mismatch, in the order found.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <inheritdoc/>
    public override string ToString() => Success ? "matched" : string.Join(Environment.NewLine, Errors);
}
