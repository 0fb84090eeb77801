using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Durable.Testing.Roslyn;

/// <summary>One generated file: which generator produced it, its hint name and its text.</summary>
/// <param name="GeneratorName">Full type name of the generator.</param>
/// <param name="HintName">The hint name passed to <c>AddSource</c> (with <c>.cs</c>), used as the snapshot file name.</param>
/// <param name="Text">The generated text.</param>
/// <param name="SyntaxTree">The generated tree as added to the output compilation.</param>
public sealed record GeneratedSource(string GeneratorName, string HintName, string Text, SyntaxTree SyntaxTree);

/// <summary>
/// The outcome of running source generators over a compilation (<c>GeneratorVerifier.Run</c>): the output
/// compilation that includes the generated trees, the driver (to run again incrementally) and the generated sources.
/// </summary>
public sealed class GeneratorTestRun
{
    internal GeneratorTestRun(Compilation input, Compilation output, GeneratorDriver driver)
    {
        InputCompilation = input;
        OutputCompilation = output;
        Driver = driver;
        RunResult = driver.GetRunResult();
        GeneratedSources = RunResult.Results
            .SelectMany(r => r.GeneratedSources.Select(s => new GeneratedSource(
                r.Generator.GetGeneratorType().FullName ?? r.Generator.GetType().FullName!,
                s.HintName,
                s.SourceText.ToString(),
                s.SyntaxTree)))
            .ToImmutableArray();
    }

    /// <summary>The compilation the generators ran on.</summary>
    public Compilation InputCompilation { get; }

    /// <summary>The input compilation plus every generated tree.</summary>
    public Compilation OutputCompilation { get; }

    /// <summary>The driver after the run; call <c>RunGenerators</c> on it with an edited compilation to test incrementality.</summary>
    public GeneratorDriver Driver { get; }

    /// <summary>The raw run result (tracked steps, per-generator results).</summary>
    public GeneratorDriverRunResult RunResult { get; }

    /// <summary>Diagnostics the generators reported themselves (not compiler diagnostics of the output).</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => RunResult.Diagnostics;

    /// <summary>Every generated file, in generator then generation order.</summary>
    public ImmutableArray<GeneratedSource> GeneratedSources { get; }

    /// <summary>True when <paramref name="tree"/> was produced by a generator in this run.</summary>
    public bool IsGenerated(SyntaxTree tree) => GeneratedSources.Any(s => ReferenceEquals(s.SyntaxTree, tree));

    /// <summary>The text generated under <paramref name="hintName"/> (a trailing <c>.cs</c> or <c>.g.cs</c> may be omitted).</summary>
    /// <exception cref="RoslynTestException">No such file was generated.</exception>
    public string GetSource(string hintName)
    {
        var found = GeneratedSources.FirstOrDefault(s => s.HintName == hintName || s.HintName == hintName + ".cs" || s.HintName == hintName + ".g.cs");
        return found?.Text ?? throw new RoslynTestException(
            $"No source was generated with hint name '{hintName}'. Generated: {(GeneratedSources.IsEmpty ? "(none)" : string.Join(", ", GeneratedSources.Select(s => s.HintName)))}");
    }

    /// <summary>Fails if the generators reported any diagnostic.</summary>
    public void AssertNoGeneratorDiagnostics()
    {
        if (!GeneratorDiagnostics.IsEmpty)
        {
            throw new RoslynTestException(DiagnosticReport.CompilerDiagnostics(
                $"The generators reported {GeneratorDiagnostics.Length} diagnostic(s):", OutputCompilation, GeneratorDiagnostics));
        }
    }

    /// <summary>Fails if the input together with the generated code has compiler errors, or a generator reported an error.</summary>
    public void AssertCompiles()
    {
        var generatorErrors = GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        if (!generatorErrors.IsEmpty)
        {
            throw new RoslynTestException(DiagnosticReport.CompilerDiagnostics(
                $"The generators reported {generatorErrors.Length} error(s):", OutputCompilation, generatorErrors));
        }

        TestCompilation.AssertNoErrors(OutputCompilation, "The input together with the generated code");
    }

    /// <summary>
    /// Fails if the input together with the generated code has any diagnostic of warning severity or above
    /// (as under <c>TreatWarningsAsErrors</c>), or a generator reported a warning or error.
    /// </summary>
    /// <param name="generatedCodeOnly">Count only diagnostics located in generated files.</param>
    public void AssertCompilesWithoutWarnings(bool generatedCodeOnly = false)
    {
        var generatorProblems = GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
        if (!generatorProblems.IsEmpty)
        {
            throw new RoslynTestException(DiagnosticReport.CompilerDiagnostics(
                $"The generators reported {generatorProblems.Length} warning(s) or error(s):", OutputCompilation, generatorProblems));
        }

        TestCompilation.AssertNoWarnings(
            OutputCompilation,
            generatedCodeOnly ? "The generated code" : "The input together with the generated code",
            generatedCodeOnly ? IsGenerated : null);
    }
}
