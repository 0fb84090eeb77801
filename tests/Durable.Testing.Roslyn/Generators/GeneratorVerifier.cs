using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Durable.Testing.Roslyn;

/// <summary>
/// Runs incremental generators over test compilations and compares their output with snapshot files.
/// Snapshots: one file per generated hint name under a per-test directory (see <see cref="SnapshotDirectory"/>);
/// <c>DURABLE_ACCEPT_SNAPSHOTS=1</c> (re)writes them and deletes stale ones instead of failing.
/// </summary>
public static class GeneratorVerifier
{
    /// <summary>
    /// Runs <paramref name="generators"/> over <paramref name="compilation"/> with step tracking on.
    /// Parse options for generated trees are taken from the compilation's first tree.
    /// </summary>
    /// <exception cref="RoslynTestException">A generator threw.</exception>
    public static GeneratorTestRun Run(
        Compilation compilation,
        IEnumerable<IIncrementalGenerator> generators,
        TestAnalyzerConfig? analyzerConfig = null,
        IEnumerable<AdditionalFile>? additionalFiles = null)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        ArgumentNullException.ThrowIfNull(generators);
        var driver = CreateDriver(compilation, generators, analyzerConfig, additionalFiles,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        ThrowOnGeneratorExceptions(driver.GetRunResult());
        return new GeneratorTestRun(compilation, output, driver);
    }

    /// <summary>Runs one generator over a compilation of <paramref name="sources"/> (no markup).</summary>
    public static GeneratorTestRun Run(
        IIncrementalGenerator generator,
        IEnumerable<string> sources,
        IEnumerable<MetadataReference>? additionalReferences = null,
        TestAnalyzerConfig? analyzerConfig = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return Run(TestCompilation.Create(sources, additionalReferences), [generator], analyzerConfig);
    }

    /// <summary>
    /// Runs <paramref name="generator"/> over <paramref name="source"/>, asserts the input plus generated code compiles
    /// without errors, and compares every generated file with <c>{snapshotDirectory}/{HintName}</c>.
    /// Returns the run for further assertions (for example <see cref="GeneratorTestRun.AssertCompilesWithoutWarnings"/>).
    /// </summary>
    public static GeneratorTestRun VerifySnapshots(
        string source,
        IIncrementalGenerator generator,
        string snapshotDirectory,
        IEnumerable<MetadataReference>? additionalReferences = null,
        TestAnalyzerConfig? analyzerConfig = null,
        bool? accept = null)
    {
        var run = Run(generator, [source], additionalReferences, analyzerConfig);
        run.AssertCompiles();
        VerifySnapshots(run, snapshotDirectory, accept);
        return run;
    }

    /// <summary>
    /// Compares the generated files of <paramref name="run"/> with the snapshot files in <paramref name="snapshotDirectory"/>
    /// (line endings normalized). Files there with no generated counterpart are stale. When accepting (the
    /// <paramref name="accept"/> argument, else <see cref="SnapshotDirectory.AcceptFromEnvironment"/>), differing or missing
    /// snapshots are written and stale ones deleted, and the check passes.
    /// </summary>
    /// <exception cref="RoslynTestException">A snapshot differs, is missing or is stale (and not accepting).</exception>
    public static void VerifySnapshots(GeneratorTestRun run, string snapshotDirectory, bool? accept = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshotDirectory);
        var accepting = accept ?? SnapshotDirectory.AcceptFromEnvironment;

        var duplicates = run.GeneratedSources.GroupBy(s => s.HintName, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).ToList();
        if (duplicates.Count > 0)
        {
            throw new RoslynTestException("Several generators produced the same hint name; snapshots need unique names: " +
                string.Join(", ", duplicates.Select(g => $"{g.Key} ({string.Join(", ", g.Select(s => s.GeneratorName))})")));
        }

        var expectedFiles = run.GeneratedSources.ToDictionary(
            s => Path.GetFullPath(Path.Combine(snapshotDirectory, s.HintName)),
            s => CSharpSource.NormalizeLineEndings(s.Text),
            StringComparer.Ordinal);
        var existing = Directory.Exists(snapshotDirectory)
            ? Directory.GetFiles(snapshotDirectory, "*", SearchOption.AllDirectories).Select(Path.GetFullPath).ToList()
            : [];

        var problems = new StringBuilder();
        var problemCount = 0;
        foreach (var (path, actual) in expectedFiles.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(snapshotDirectory, path);
            if (!File.Exists(path))
            {
                if (accepting)
                {
                    Write(path, actual);
                    continue;
                }

                problemCount++;
                problems.Append("\nMissing snapshot ").Append(relative).Append("; generated text:\n")
                    .Append(Indent(actual)).Append('\n');
                continue;
            }

            var expected = CSharpSource.NormalizeLineEndings(File.ReadAllText(path));
            if (string.Equals(expected, actual, StringComparison.Ordinal))
            {
                continue;
            }

            if (accepting)
            {
                Write(path, actual);
                continue;
            }

            problemCount++;
            problems.Append("\nSnapshot ").Append(relative).Append(" differs from the generated text:\n")
                .Append(TextDiff.Describe(expected, actual));
        }

        foreach (var stale in existing.Where(p => !expectedFiles.ContainsKey(p)).OrderBy(p => p, StringComparer.Ordinal))
        {
            if (accepting)
            {
                File.Delete(stale);
                continue;
            }

            problemCount++;
            problems.Append("\nStale snapshot ").Append(Path.GetRelativePath(snapshotDirectory, stale))
                .Append(": no file with this hint name was generated.\n");
        }

        if (problemCount > 0)
        {
            throw new RoslynTestException(
                $"Generator output does not match {problemCount} snapshot(s) in {snapshotDirectory}.\n" +
                $"If the new output is right, run the tests with {SnapshotDirectory.AcceptVariable}=1 and review the changes.\n" +
                $"Generated: {(run.GeneratedSources.IsEmpty ? "(nothing)" : string.Join(", ", run.GeneratedSources.Select(s => s.HintName)))}\n" +
                problems);
        }
    }

    internal static GeneratorDriver CreateDriver(
        Compilation compilation,
        IEnumerable<IIncrementalGenerator> generators,
        TestAnalyzerConfig? analyzerConfig,
        IEnumerable<AdditionalFile>? additionalFiles,
        GeneratorDriverOptions driverOptions)
    {
        var parseOptions = compilation.SyntaxTrees.FirstOrDefault()?.Options as CSharpParseOptions ?? TestCompilation.DefaultParseOptions;
        var config = (analyzerConfig ?? TestAnalyzerConfig.Empty).ToAnalyzerConfigSet();
        return CSharpGeneratorDriver.Create(
            generators.Select(g => g.AsSourceGenerator()),
            (additionalFiles ?? []).Select(f => f.ToAdditionalText()),
            parseOptions,
            new ConfigOptionsProvider(config),
            driverOptions);
    }

    internal static void ThrowOnGeneratorExceptions(GeneratorDriverRunResult result)
    {
        var failures = result.Results.Where(r => r.Exception is not null).ToImmutableArray();
        if (!failures.IsEmpty)
        {
            throw new RoslynTestException(
                "A generator threw:\n" + string.Join("\n", failures.Select(f => $"  {f.Generator.GetGeneratorType().FullName}: {f.Exception}")),
                failures[0].Exception!);
        }
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    private static string Indent(string text) =>
        string.Join('\n', text.Split('\n').Select(l => "    " + l));
}
