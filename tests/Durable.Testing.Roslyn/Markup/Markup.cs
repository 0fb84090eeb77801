using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Durable.Testing.Roslyn;

/// <summary>
/// Parses diagnostic markup: <c>[|...|]</c> marks a span for the default diagnostic ID, <c>{|DUR1001:...|}</c> a span
/// for an explicit ID. Spans may nest and repeat. A closer (<c>|]</c> or <c>|}</c>) with no open span of its kind
/// is ordinary text, so C# such as <c>a |}</c> outside markup survives; a closer that crosses another span is an error.
/// </summary>
public static class Markup
{
    /// <summary>Removes all markup from <paramref name="markup"/> and returns the clean source with the marked spans.</summary>
    /// <exception cref="RoslynTestException">The markup is malformed (unclosed or crossing spans).</exception>
    public static ParsedMarkup Parse(string markup)
    {
        ArgumentNullException.ThrowIfNull(markup);
        var output = new StringBuilder(markup.Length);
        var open = new List<OpenSpan>();
        var spans = new List<MarkupSpan>();
        var i = 0;
        while (i < markup.Length)
        {
            if (At(markup, i, "[|"))
            {
                open.Add(new OpenSpan(SpanKind.Bracket, null, output.Length, i));
                i += 2;
            }
            else if (At(markup, i, "{|") && TryReadId(markup, i + 2, out var id))
            {
                open.Add(new OpenSpan(SpanKind.Brace, id, output.Length, i));
                i += 2 + id.Length + 1;
            }
            else if (At(markup, i, "|]") && open.Exists(o => o.Kind == SpanKind.Bracket))
            {
                Close(markup, i, SpanKind.Bracket, open, spans, output.Length);
                i += 2;
            }
            else if (At(markup, i, "|}") && open.Exists(o => o.Kind == SpanKind.Brace))
            {
                Close(markup, i, SpanKind.Brace, open, spans, output.Length);
                i += 2;
            }
            else
            {
                output.Append(markup[i]);
                i++;
            }
        }

        if (open.Count > 0)
        {
            var first = open[0];
            throw new RoslynTestException(
                $"Markup error: the span opened at {Position(markup, first.MarkupPosition)} " +
                $"('{(first.Kind == SpanKind.Bracket ? "[|" : "{|" + first.Id + ":")}') is never closed.");
        }

        spans.Sort(static (a, b) => a.Span.Start != b.Span.Start
            ? a.Span.Start.CompareTo(b.Span.Start)
            : b.Span.End.CompareTo(a.Span.End));
        return new ParsedMarkup(output.ToString(), spans);
    }

    /// <summary>
    /// Writes diagnostics back as markup (<c>{|ID:...|}</c>) into <paramref name="source"/>, or returns null when two
    /// spans cross and cannot be written as nested markup. Used by failure messages to show "what the test should say".
    /// </summary>
    public static string? Format(string source, IEnumerable<MarkupSpan> spans)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(spans);
        var ordered = spans.OrderBy(s => s.Span.Start).ThenByDescending(s => s.Span.End).ToList();
        for (var a = 0; a < ordered.Count; a++)
        {
            for (var b = a + 1; b < ordered.Count; b++)
            {
                var x = ordered[a].Span;
                var y = ordered[b].Span;
                var crosses = y.Start < x.End && y.End > x.End;
                if (crosses || x.End > source.Length || y.End > source.Length)
                {
                    return null;
                }
            }
        }

        // Insert openers and closers as events; closers sort before openers at the same position unless the span is empty.
        var events = new List<(int Position, int Order, string Text)>();
        for (var n = 0; n < ordered.Count; n++)
        {
            var s = ordered[n];
            var opener = s.Id is null ? "[|" : "{|" + s.Id + ":";
            var closer = s.Id is null ? "|]" : "|}";
            events.Add((s.Span.Start, 1_000_000 + n, opener));
            events.Add((s.Span.End, s.Span.IsEmpty ? 2_000_000 + n : -n, closer));
        }

        var builder = new StringBuilder(source.Length + (events.Count * 12));
        var cursor = 0;
        foreach (var e in events.OrderBy(e => e.Position).ThenBy(e => e.Order))
        {
            builder.Append(source, cursor, e.Position - cursor);
            builder.Append(e.Text);
            cursor = e.Position;
        }

        builder.Append(source, cursor, source.Length - cursor);
        return builder.ToString();
    }

    private static void Close(string markup, int position, SpanKind kind, List<OpenSpan> open, List<MarkupSpan> spans, int end)
    {
        var top = open[^1];
        if (top.Kind != kind)
        {
            throw new RoslynTestException(
                $"Markup error: '{(kind == SpanKind.Bracket ? "|]" : "|}")}' at {Position(markup, position)} closes a span " +
                $"while the span opened at {Position(markup, top.MarkupPosition)} is still open; spans must nest.");
        }

        open.RemoveAt(open.Count - 1);
        spans.Add(new MarkupSpan(top.Id, TextSpan.FromBounds(top.Start, end)));
    }

    private static bool At(string text, int index, string token) =>
        string.CompareOrdinal(text, index, token, 0, token.Length) == 0;

    private static bool TryReadId(string text, int start, out string id)
    {
        var end = start;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        if (end > start && end < text.Length && text[end] == ':' && !char.IsAsciiDigit(text[start]))
        {
            id = text[start..end];
            return true;
        }

        id = string.Empty;
        return false;
    }

    private static string Position(string text, int index)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"line {line}, column {column}");
    }

    private enum SpanKind
    {
        Bracket,
        Brace,
    }

    private readonly record struct OpenSpan(SpanKind Kind, string? Id, int Start, int MarkupPosition);
}
