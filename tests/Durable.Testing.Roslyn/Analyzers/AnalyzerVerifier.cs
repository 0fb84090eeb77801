using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Durable.Testing.Roslyn;

/// <summary>What an analyzer run produced, for assertions markup cannot express.</summary>
public sealed class AnalyzerRunResult
{
    internal AnalyzerRunResult(Compilation compilation, ImmutableArray<Diagnostic> diagnostics, GeneratorTestRun? generatorRun)
    {
        Compilation = compilation;
        Diagnostics = diagnostics;
        GeneratorRun = generatorRun;
    }

    /// <summary>The analyzed compilation (with generated trees when generators ran).</summary>
    public Compilation Compilation { get; }

    /// <summary>All analyzer diagnostics, including those in generated files, sorted by file and position.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>The generator run that preceded the analyzers, or null when there were no generators.</summary>
    public GeneratorTestRun? GeneratorRun { get; }
}

/// <summary>
/// Verifies analyzers against markup: builds the test compilation, runs the generators first (so analyzers see the
/// generated code), asserts it compiles, runs the analyzers (failing on AD0001) and compares the reported diagnostics
/// (ID + span) with the markup exactly. Diagnostics in generated files are ignored unless asked for.
/// </summary>
public static class AnalyzerVerifier
{
    /// <summary>Verifies one analyzer created with its parameterless constructor.</summary>
    public static Task VerifyAsync<TAnalyzer>(string markupSource, AnalyzerTestOptions? options = null, CancellationToken cancellationToken = default)
        where TAnalyzer : DiagnosticAnalyzer, new() =>
        VerifyAsync(markupSource, [new TAnalyzer()], generators: null, extraReferences: null, options, cancellationToken);

    /// <summary>Verifies one analyzer.</summary>
    public static Task VerifyAsync(string markupSource, DiagnosticAnalyzer analyzer, AnalyzerTestOptions? options = null, CancellationToken cancellationToken = default) =>
        VerifyAsync(markupSource, [analyzer], generators: null, extraReferences: null, options, cancellationToken);

    /// <summary>
    /// Verifies <paramref name="analyzers"/> against <paramref name="markupSource"/> (<c>[|...|]</c>, <c>{|ID:...|}</c>).
    /// <paramref name="generators"/> and <paramref name="extraReferences"/> add to those in <paramref name="options"/>.
    /// </summary>
    /// <exception cref="RoslynTestException">The source does not compile, an analyzer threw, or the diagnostics differ from the markup.</exception>
    public static async Task VerifyAsync(
        string markupSource,
        IEnumerable<DiagnosticAnalyzer> analyzers,
        IEnumerable<IIncrementalGenerator>? generators = null,
        IEnumerable<MetadataReference>? extraReferences = null,
        AnalyzerTestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var analyzerList = ToList(analyzers);
        var sources = TestSources.Parse(markupSource, options ?? new AnalyzerTestOptions(), analyzerList);
        var result = await RunCoreAsync(sources, analyzerList, generators, extraReferences, cancellationToken).ConfigureAwait(false);
        var failure = Compare("Analyzer diagnostics do not match the markup", sources, result);
        if (failure is not null)
        {
            throw new RoslynTestException(failure);
        }
    }

    /// <summary>
    /// Runs the analyzers like <see cref="VerifyAsync(string, IEnumerable{DiagnosticAnalyzer}, IEnumerable{IIncrementalGenerator}?, IEnumerable{MetadataReference}?, AnalyzerTestOptions?, CancellationToken)"/>
    /// (compile check and AD0001 check included) and returns the diagnostics instead of comparing them.
    /// Markup in <paramref name="source"/> is removed and ignored.
    /// </summary>
    public static Task<AnalyzerRunResult> RunAsync(
        string source,
        IEnumerable<DiagnosticAnalyzer> analyzers,
        IEnumerable<IIncrementalGenerator>? generators = null,
        IEnumerable<MetadataReference>? extraReferences = null,
        AnalyzerTestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var analyzerList = ToList(analyzers);

        // Markup is not compared here; a placeholder default ID keeps [|...|] from demanding an unambiguous one.
        var sources = TestSources.Parse(source, (options ?? new AnalyzerTestOptions()) with { DefaultDiagnosticId = "UNUSED" }, analyzerList);
        return RunCoreAsync(sources, analyzerList, generators, extraReferences, cancellationToken);
    }

    internal static async Task<AnalyzerRunResult> RunCoreAsync(
        TestSources sources,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        IEnumerable<IIncrementalGenerator>? generators,
        IEnumerable<MetadataReference>? extraReferences,
        CancellationToken cancellationToken)
    {
        var options = sources.Options;
        var config = options.AnalyzerConfig.ToAnalyzerConfigSet();
        Compilation compilation = sources.CreateCompilation(extraReferences, config);

        var allGenerators = options.Generators.Concat(generators ?? []).ToList();
        GeneratorTestRun? generatorRun = null;
        if (allGenerators.Count > 0)
        {
            generatorRun = GeneratorVerifier.Run(compilation, allGenerators, options.AnalyzerConfig, options.AdditionalFiles);
            compilation = generatorRun.OutputCompilation;
        }

        if (!options.AllowCompilationErrors)
        {
            TestCompilation.AssertNoErrors(
                compilation,
                "The test source" + (generatorRun is null ? string.Empty : " (with the generated code)") +
                " must compile before analyzers are verified; it");
        }

        var analyzerOptions = new AnalyzerOptions(
            options.AdditionalFiles.Select(f => f.ToAdditionalText()).ToImmutableArray(),
            new ConfigOptionsProvider(config));
        var diagnostics = await AnalyzerRunner.RunAsync(compilation, analyzers, analyzerOptions, cancellationToken).ConfigureAwait(false);
        var sorted = diagnostics
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
        return new AnalyzerRunResult(compilation, sorted, generatorRun);
    }

    /// <summary>Compares a run with the markup of <paramref name="sources"/>; returns the failure message or null.</summary>
    internal static string? Compare(string heading, TestSources sources, AnalyzerRunResult result)
    {
        var testPaths = sources.Paths;
        var actual = result.Diagnostics
            .Where(d => sources.Options.IncludeGeneratedCodeDiagnostics
                || d.Location.SourceTree is null
                || result.GeneratorRun?.IsGenerated(d.Location.SourceTree) != true)
            .ToList();
        return DiagnosticReport.Compare(heading, sources.ExpectedDiagnostics(), actual, Texts(result.Compilation), testPaths);
    }

    internal static ImmutableArray<DiagnosticAnalyzer> ToList(IEnumerable<DiagnosticAnalyzer> analyzers)
    {
        ArgumentNullException.ThrowIfNull(analyzers);
        var list = analyzers.ToImmutableArray();
        if (list.IsEmpty)
        {
            throw new ArgumentException("At least one analyzer is needed.", nameof(analyzers));
        }

        return list;
    }

    internal static IReadOnlyDictionary<string, SourceText> Texts(Compilation compilation) =>
        compilation.SyntaxTrees.ToDictionary(t => t.FilePath, t => t.GetText(), StringComparer.Ordinal);
}
