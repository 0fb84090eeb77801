using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Durable.Testing.Roslyn;

/// <summary>
/// Compares expected with actual diagnostics and writes the failure message: lists of missing and unexpected
/// diagnostics, then each affected file rendered twice (expected, actual) with <c>^^^ ID: message</c> under each
/// span, then the actual diagnostics written as markup ready to paste into the test.
/// </summary>
internal static class DiagnosticReport
{
    public static string? Compare(
        string heading,
        IReadOnlyList<ExpectedDiagnostic> expected,
        IReadOnlyList<Diagnostic> actual,
        IReadOnlyDictionary<string, SourceText> texts,
        IReadOnlyList<string> testSourcePaths)
    {
        var unmatched = actual.ToList();
        var missing = new List<ExpectedDiagnostic>();

        // Exact expectations first, so a wildcard ("anywhere in the file") cannot take a diagnostic an exact one needs.
        foreach (var e in expected.OrderBy(e => e.Span is null ? 1 : 0))
        {
            var match = unmatched.FindIndex(d => Matches(e, d));
            if (match >= 0)
            {
                unmatched.RemoveAt(match);
            }
            else
            {
                missing.Add(e);
            }
        }

        if (missing.Count == 0 && unmatched.Count == 0)
        {
            return null;
        }

        var output = new StringBuilder();
        output.Append(CultureInfo.InvariantCulture, $"{heading}: {missing.Count} missing, {unmatched.Count} unexpected.\n");
        if (missing.Count > 0)
        {
            output.Append("\nMissing (expected, not reported):\n");
            foreach (var e in missing)
            {
                var text = e.FilePath is null ? null : FindText(texts, e);
                var where = e.Span is { } span && text is not null
                    ? SourceRenderer.Location(FullPath(texts, e), text, span) + SourceRenderer.Excerpt(text, span)
                    : e.FilePath is null ? "<no location>" : e.FilePath + " (anywhere)";
                output.Append("  ").Append(e.Id).Append(" at ").Append(where);
                if (e.Message is not null)
                {
                    output.Append(": ").Append(e.Message);
                }

                output.Append('\n');
            }
        }

        if (unmatched.Count > 0)
        {
            output.Append("\nUnexpected (reported, not expected):\n");
            foreach (var d in unmatched)
            {
                output.Append("  ").Append(Describe(d, texts)).Append('\n');
            }
        }

        // Render each file that has a mismatch: test sources first, then generated files.
        var paths = missing.Select(e => FullPath(texts, e)).Concat(unmatched.Select(d => d.Location.SourceTree?.FilePath))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .OrderBy(p => testSourcePaths.Contains(p) ? 0 : 1).ThenBy(p => p, StringComparer.Ordinal)
            .ToList();
        foreach (var path in paths)
        {
            if (!texts.TryGetValue(path, out var text))
            {
                continue;
            }

            var display = SourceRenderer.DisplayPath(path);
            output.Append('\n');
            SourceRenderer.Render(output, $"Expected in {display}:", text, expected
                .Where(e => e.Span is not null && string.Equals(FullPath(texts, e), path, StringComparison.Ordinal))
                .Select(e => new Annotation(e.Span!.Value, e.Message is null ? e.Id : $"{e.Id}: {e.Message}")));
            output.Append('\n');
            SourceRenderer.Render(output, $"Actual in {display}:", text, actual
                .Where(d => string.Equals(d.Location.SourceTree?.FilePath, path, StringComparison.Ordinal))
                .Select(d => new Annotation(d.Location.SourceSpan, $"{d.Id}: {Message(d)}")));

            if (testSourcePaths.Contains(path))
            {
                var markup = Markup.Format(text.ToString(), actual
                    .Where(d => string.Equals(d.Location.SourceTree?.FilePath, path, StringComparison.Ordinal))
                    .Select(d => new MarkupSpan(d.Id, d.Location.SourceSpan)));
                if (markup is not null)
                {
                    output.Append("\n  Actual diagnostics of ").Append(display).Append(" as markup (if they are right, paste this into the test):\n");
                    foreach (var line in markup.Split('\n'))
                    {
                        output.Append("    ").Append(line).Append('\n');
                    }
                }
            }
        }

        return output.ToString();
    }

    /// <summary>Lists compiler (or generator) diagnostics and renders each affected file with them.</summary>
    public static string CompilerDiagnostics(string heading, Compilation compilation, IEnumerable<Diagnostic> diagnostics)
    {
        var list = diagnostics.ToImmutableArray();
        var texts = compilation.SyntaxTrees.ToDictionary(t => t.FilePath, t => t.GetText(), StringComparer.Ordinal);
        var output = new StringBuilder(heading).Append('\n');
        foreach (var d in list)
        {
            output.Append("  ").Append(Describe(d, texts)).Append('\n');
        }

        foreach (var group in list.Where(d => d.Location.SourceTree is not null).GroupBy(d => d.Location.SourceTree!.FilePath))
        {
            output.Append('\n');
            SourceRenderer.Render(output, SourceRenderer.DisplayPath(group.Key) + ":", texts[group.Key],
                group.Select(d => new Annotation(d.Location.SourceSpan, $"{d.Id}: {Message(d)}")));
        }

        return output.ToString();
    }

    public static string Describe(Diagnostic d, IReadOnlyDictionary<string, SourceText> texts)
    {
        var path = d.Location.SourceTree?.FilePath;
        var text = path is not null && texts.TryGetValue(path, out var t) ? t : null;
        var where = path is null ? "<no location>" : SourceRenderer.Location(path, text, d.Location.SourceSpan);
        var severity = d.Severity.ToString().ToLowerInvariant();
        return $"{where}: {severity} {d.Id}: {Message(d)}";
    }

    public static string Message(Diagnostic d) => d.GetMessage(CultureInfo.InvariantCulture);

    private static bool Matches(ExpectedDiagnostic e, Diagnostic d)
    {
        if (!string.Equals(e.Id, d.Id, StringComparison.Ordinal))
        {
            return false;
        }

        var path = d.Location.IsInSource ? d.Location.SourceTree?.FilePath : null;
        if (!e.MatchesPath(path))
        {
            return false;
        }

        if (e.Span is { } span && span != d.Location.SourceSpan)
        {
            return false;
        }

        return e.Message is null || string.Equals(e.Message, Message(d), StringComparison.Ordinal);
    }

    private static string? FullPath(IReadOnlyDictionary<string, SourceText> texts, ExpectedDiagnostic e) =>
        e.FilePath is null ? null : texts.Keys.Where(e.MatchesPath).OrderBy(k => k.Length).FirstOrDefault();

    private static SourceText? FindText(IReadOnlyDictionary<string, SourceText> texts, ExpectedDiagnostic e) =>
        FullPath(texts, e) is { } path ? texts[path] : null;
}
