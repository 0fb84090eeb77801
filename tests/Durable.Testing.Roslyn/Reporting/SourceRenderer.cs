using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Durable.Testing.Roslyn;

/// <summary>A span in a rendered source and the text written after the carets under it.</summary>
internal readonly record struct Annotation(TextSpan Span, string Label);

/// <summary>
/// Renders source text with line numbers and a <c>^^^ label</c> line under each annotated span, the picture failure
/// messages use for "expected vs actual". Long files are cut to the lines around the annotations.
/// </summary>
internal static class SourceRenderer
{
    private const int FullRenderLineLimit = 80;
    private const int ContextLines = 3;

    public static void Render(StringBuilder output, string title, SourceText text, IEnumerable<Annotation> annotations)
    {
        var byLine = annotations
            .OrderBy(a => a.Span.Start).ThenByDescending(a => a.Span.End)
            .GroupBy(a => text.Lines.GetLineFromPosition(Math.Min(a.Span.Start, text.Length)).LineNumber)
            .ToDictionary(g => g.Key, g => g.ToList());

        var lineCount = text.Lines.Count;
        var shown = new bool[lineCount];
        if (lineCount <= FullRenderLineLimit || byLine.Count == 0)
        {
            Array.Fill(shown, true, 0, Math.Min(lineCount, byLine.Count == 0 ? FullRenderLineLimit : lineCount));
        }
        else
        {
            foreach (var line in byLine.Keys)
            {
                for (var l = Math.Max(0, line - ContextLines); l <= Math.Min(lineCount - 1, line + ContextLines); l++)
                {
                    shown[l] = true;
                }
            }
        }

        var gutter = Math.Max(3, (lineCount + 1).ToString(CultureInfo.InvariantCulture).Length);
        output.Append("  ").Append(title).Append('\n');
        var skipping = false;
        for (var l = 0; l < lineCount; l++)
        {
            if (!shown[l])
            {
                if (!skipping)
                {
                    output.Append("  ").Append(new string(' ', gutter)).Append(" | ...\n");
                    skipping = true;
                }

                continue;
            }

            skipping = false;
            var line = text.Lines[l];
            var lineText = text.ToString(line.Span);
            output.Append("  ").Append((l + 1).ToString(CultureInfo.InvariantCulture).PadLeft(gutter)).Append(" | ").Append(lineText).Append('\n');
            if (!byLine.TryGetValue(l, out var here))
            {
                continue;
            }

            foreach (var annotation in here)
            {
                var start = Math.Min(annotation.Span.Start, text.Length);
                var column = start - line.Start;
                var endOnLine = Math.Min(annotation.Span.End, line.End);
                var width = Math.Max(1, endOnLine - start);
                var indent = new StringBuilder(column);
                for (var c = 0; c < column && c < lineText.Length; c++)
                {
                    indent.Append(lineText[c] == '\t' ? '\t' : ' ');
                }

                var label = annotation.Label;
                if (annotation.Span.End > line.End)
                {
                    var end = text.Lines.GetLinePosition(Math.Min(annotation.Span.End, text.Length));
                    label += string.Create(CultureInfo.InvariantCulture, $" (span continues to line {end.Line + 1}, column {end.Character + 1})");
                }

                output.Append("  ").Append(new string(' ', gutter)).Append(" | ")
                    .Append(indent).Append('^', width).Append(' ').Append(label).Append('\n');
            }
        }
    }

    /// <summary>A short location: <c>Test0.cs(5,9)</c>, with the <c>/0/</c> project directory dropped.</summary>
    public static string Location(string? path, SourceText? text, TextSpan span)
    {
        var display = DisplayPath(path);
        if (text is null)
        {
            return display;
        }

        var position = text.Lines.GetLinePosition(Math.Min(span.Start, text.Length));
        return string.Create(CultureInfo.InvariantCulture, $"{display}({position.Line + 1},{position.Character + 1})");
    }

    public static string DisplayPath(string? path) =>
        path is null ? "<no location>"
        : path.StartsWith(TestAnalyzerConfig.ProjectDirectory, StringComparison.Ordinal) ? path[TestAnalyzerConfig.ProjectDirectory.Length..]
        : path;

    /// <summary>The source text under a span, shortened to one line for lists.</summary>
    public static string Excerpt(SourceText? text, TextSpan span)
    {
        if (text is null || span.End > text.Length)
        {
            return string.Empty;
        }

        var excerpt = text.ToString(span).Replace("\n", "\\n", StringComparison.Ordinal);
        return excerpt.Length > 60 ? $" \"{excerpt[..57]}...\"" : $" \"{excerpt}\"";
    }
}
