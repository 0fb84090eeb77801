using Microsoft.CodeAnalysis.Text;

namespace Durable.Testing.Roslyn;

/// <summary>
/// A diagnostic a test expects, beyond what markup can say: one in a generated file, one without a location,
/// or one whose message must match. Markup spans become instances of this type too.
/// </summary>
/// <param name="Id">The diagnostic ID.</param>
/// <param name="FilePath">
/// The file: a full path (<c>/0/Test0.cs</c>) or a file name the diagnostic's path ends with (<c>Test0.cs</c>, a
/// generator hint name such as <c>Demo.OrderWorkflow.g.cs</c>); null for a diagnostic without a source location.
/// </param>
/// <param name="Span">The exact span, or null for "anywhere in <paramref name="FilePath"/>".</param>
public sealed record ExpectedDiagnostic(string Id, string? FilePath, TextSpan? Span)
{
    /// <summary>When set, the diagnostic's message (invariant culture) must equal this text.</summary>
    public string? Message { get; init; }

    /// <summary>Expects <paramref name="id"/> reported without a source location (<c>Location.None</c>).</summary>
    public static ExpectedDiagnostic WithoutLocation(string id) => new(id, null, null);

    /// <summary>Expects <paramref name="id"/> in <paramref name="filePath"/>, at <paramref name="span"/> or anywhere in the file.</summary>
    public static ExpectedDiagnostic InFile(string id, string filePath, TextSpan? span = null) => new(id, filePath, span);

    /// <summary>Returns a copy that also requires the message to equal <paramref name="message"/>.</summary>
    public ExpectedDiagnostic WithMessage(string message) => this with { Message = message };

    internal bool MatchesPath(string? actualPath)
    {
        if (FilePath is null || actualPath is null)
        {
            return FilePath is null && actualPath is null;
        }

        return string.Equals(FilePath, actualPath, StringComparison.Ordinal)
            || actualPath.EndsWith("/" + FilePath, StringComparison.Ordinal)
            || actualPath.EndsWith("\\" + FilePath, StringComparison.Ordinal);
    }
}
