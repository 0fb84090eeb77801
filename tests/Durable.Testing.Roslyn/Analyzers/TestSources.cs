using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Durable.Testing.Roslyn;

/// <summary>
/// The parsed inputs of one analyzer or code-fix test: each markup source as clean text at its path with its
/// expected spans, and the options they are compiled with. Shared by the analyzer and code-fix verifiers.
/// </summary>
internal sealed class TestSources
{
    public const string ImplicitUsingsPath = TestAnalyzerConfig.ProjectDirectory + "ImplicitUsings.cs";

    private TestSources(ImmutableArray<TestSource> files, AnalyzerTestOptions options, string? defaultId)
    {
        Files = files;
        Options = options;
        DefaultId = defaultId;
    }

    public ImmutableArray<TestSource> Files { get; }

    public AnalyzerTestOptions Options { get; }

    public string? DefaultId { get; }

    public IReadOnlyList<string> Paths => Files.Select(f => f.Path).ToList();

    public CSharpParseOptions ParseOptions => Options.ParseOptions ?? TestCompilation.DefaultParseOptions;

    public static TestSources Parse(string mainMarkup, AnalyzerTestOptions options, IEnumerable<DiagnosticAnalyzer> analyzers)
    {
        ArgumentNullException.ThrowIfNull(mainMarkup);
        var markups = new[] { mainMarkup }.Concat(options.AdditionalSources).ToList();
        var files = markups
            .Select((m, i) => new TestSource(TestCompilation.SourcePath(i), Markup.Parse(CSharpSource.NormalizeLineEndings(m))))
            .ToImmutableArray();
        var defaultId = ResolveDefaultId(options, analyzers, files);
        return new TestSources(files, options, defaultId);
    }

    public ImmutableArray<ExpectedDiagnostic> ExpectedDiagnostics() =>
        Files.SelectMany(f => f.Markup.Spans.Select(s => new ExpectedDiagnostic(s.Id ?? DefaultId!, f.Path, s.Span)))
            .Concat(Options.ExpectedDiagnostics)
            .ToImmutableArray();

    /// <summary>The (path, text) pairs to compile, including the implicit-usings file when asked for.</summary>
    public IEnumerable<(string Path, string Text)> CompiledSources()
    {
        foreach (var f in Files)
        {
            yield return (f.Path, f.Markup.Source);
        }

        if (Options.ImplicitUsings)
        {
            yield return (ImplicitUsingsPath, CSharpSource.ImplicitUsings);
        }
    }

    public ImmutableArray<MetadataReference> References(IEnumerable<MetadataReference>? extra) =>
        TestCompilation.WithReferences(Options.AdditionalReferences.Concat(extra ?? []));

    public CSharpCompilationOptions CompilationOptions(AnalyzerConfigSet config)
    {
        var options = Options.CompilationOptions ?? TestCompilation.DefaultCompilationOptions;
        return Options.AnalyzerConfig.IsEmpty ? options : options.WithSyntaxTreeOptionsProvider(new ConfigSyntaxTreeOptionsProvider(config));
    }

    public CSharpCompilation CreateCompilation(IEnumerable<MetadataReference>? extraReferences, AnalyzerConfigSet config) =>
        CSharpCompilation.Create(
            Options.AssemblyName,
            CompiledSources().Select(s => TestCompilation.ParseSource(s.Text, s.Path, ParseOptions)),
            References(extraReferences),
            CompilationOptions(config));

    private static string? ResolveDefaultId(AnalyzerTestOptions options, IEnumerable<DiagnosticAnalyzer> analyzers, ImmutableArray<TestSource> files)
    {
        if (options.DefaultDiagnosticId is not null)
        {
            return options.DefaultDiagnosticId;
        }

        var supported = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct(StringComparer.Ordinal).OrderBy(i => i, StringComparer.Ordinal).ToList();
        if (supported.Count == 1)
        {
            return supported[0];
        }

        if (files.Any(f => f.Markup.Spans.Any(s => s.Id is null)))
        {
            throw new RoslynTestException(
                $"The markup uses [|...|] but there is no single default diagnostic ID: the analyzers support {(supported.Count == 0 ? "no diagnostics" : string.Join(", ", supported))}. " +
                "Write {|ID:...|} or set DefaultDiagnosticId.");
        }

        return null;
    }
}

/// <summary>One test source: its path and its parsed markup.</summary>
internal sealed record TestSource(string Path, ParsedMarkup Markup);
