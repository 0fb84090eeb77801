using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace Durable.Analyzers.Tests.Samples;

/// <summary>
/// The samples build with zero DUR diagnostics (any severity), and the showcase of wrong code triggers every rule,
/// each exactly on the lines its comments name.
/// </summary>
public partial class SampleTests
{
    public static TheoryData<string> SampleNames => new(SampleProjects.Directories().Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(SampleNames))]
    public async Task Samples_have_no_Durable_diagnostics(string sample)
    {
        var files = SampleProjects.SourceFiles(RepositoryFiles.PathOf("samples", sample));
        var texts = files.Select(File.ReadAllText).ToList();
        var result = await AnalyzerVerifier.RunAsync(
            texts[0],
            SampleProjects.AllAnalyzers,
            SampleProjects.Generators,
            options: new AnalyzerTestOptions
            {
                AdditionalSources = texts.Skip(1).ToList(),
                AdditionalReferences = SampleProjects.References,
                ImplicitUsings = true,
                CompilationOptions = TestCompilation.DefaultCompilationOptions.WithOutputKind(OutputKind.ConsoleApplication),
            });

        Assert.Empty(result.Diagnostics.Where(d => d.Id.StartsWith("DUR", StringComparison.Ordinal)).Select(d => d.ToString()));
    }

    [Fact]
    public async Task The_showcase_triggers_every_rule_exactly_where_its_comments_say()
    {
        var directory = RepositoryFiles.PathOf("samples", SampleProjects.ShowcaseName);
        var files = SampleProjects.SourceFiles(directory);
        var texts = files.Select(File.ReadAllText).ToList();
        var result = await AnalyzerVerifier.RunAsync(
            texts[0],
            SampleProjects.AllAnalyzers,
            SampleProjects.Generators,
            options: new AnalyzerTestOptions
            {
                AdditionalSources = texts.Skip(1).ToList(),
                AdditionalReferences = SampleProjects.References,
                ImplicitUsings = true,
                AnalyzerConfig = TestAnalyzerConfig.Empty.WithConfigFile(File.ReadAllText(Path.Combine(directory, ".editorconfig"))),
            });

        var expected = new SortedSet<string>(StringComparer.Ordinal);
        for (var file = 0; file < texts.Count; file++)
        {
            var lines = texts[file].ReplaceLineEndings("\n").Split('\n');
            for (var line = 0; line < lines.Length; line++)
            {
                if (ExpectedId().Match(lines[line]) is { Success: true } marker)
                {
                    expected.Add(Key(files[file], line, marker.Groups[1].Value));
                }
            }
        }

        var actual = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var diagnostic in result.Diagnostics.Where(d => d.Location.IsInSource && !result.GeneratorRun!.IsGenerated(d.Location.SourceTree!)))
        {
            var index = int.Parse(Path.GetFileNameWithoutExtension(diagnostic.Location.SourceTree!.FilePath)["Test".Length..], CultureInfo.InvariantCulture);
            actual.Add(Key(files[index], diagnostic.Location.GetLineSpan().StartLinePosition.Line, diagnostic.Id));
        }

        var missingLines = expected.Except(actual).ToList();
        var unexpectedLines = actual.Except(expected).ToList();
        Assert.True(
            missingLines.Count == 0 && unexpectedLines.Count == 0,
            "Missing: " + string.Join(", ", missingLines) + "\nUnexpected: " + string.Join(", ", unexpectedLines));
        Assert.Equal([DiagnosticIds.InvalidOption], result.Diagnostics.Where(d => !d.Location.IsInSource).Select(d => d.Id));

        var reported = result.Diagnostics.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var missing = SampleProjects.AllAnalyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct()
            .Where(id => !reported.Contains(id)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "Rules the showcase does not show: " + string.Join(", ", missing));
    }

    private static string Key(string file, int line, string id) =>
        $"{Path.GetFileName(file)}:{(line + 1).ToString(CultureInfo.InvariantCulture)} {id}";

    /// <summary>A line ending in a comment that is just a rule ID: <c>... // DUR1001</c>.</summary>
    [GeneratedRegex(@"\s//\s+(DUR\d{4})\s*$")]
    private static partial Regex ExpectedId();
}
