using Microsoft.CodeAnalysis.Text;

namespace Durable.Testing.Roslyn;

/// <summary>
/// One span marked in test markup: <c>[|...|]</c> (no explicit ID: <see cref="Id"/> is null and the test's default
/// diagnostic ID applies) or <c>{|DUR1001:...|}</c>. <see cref="Span"/> is in the clean source, not in the markup.
/// </summary>
/// <param name="Id">The explicit diagnostic ID, or null for <c>[|...|]</c>.</param>
/// <param name="Span">The marked span in the clean source.</param>
public sealed record MarkupSpan(string? Id, TextSpan Span);

/// <summary>The result of <see cref="Markup.Parse"/>: the source with all markup removed and the marked spans in order.</summary>
/// <param name="Source">The clean source text (exactly the markup minus the markers).</param>
/// <param name="Spans">Marked spans ordered by start, outer spans before the spans nested inside them.</param>
public sealed record ParsedMarkup(string Source, IReadOnlyList<MarkupSpan> Spans);
