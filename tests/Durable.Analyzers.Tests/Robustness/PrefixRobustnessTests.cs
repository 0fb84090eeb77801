using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace Durable.Analyzers.Tests.Robustness;

/// <summary>
/// What a user typing produces: every sample file and test workflow file cut at every line boundary and at
/// <see cref="RandomCutsPerFile"/> seeded random positions (not at every character: that would take hours), compiled
/// with the rest of its project, run through the generators (incrementally, one driver per project, as the IDE does)
/// and every analyzer on that document (as the IDE analyzes the document being edited). Not a single analyzer exception (AD0001) and not a single generator exception is allowed.
/// </summary>
public class PrefixRobustnessTests(ITestOutputHelper output)
{
    private const int RandomCutsPerFile = 60;
    private const int Seed = 20_260_801;

    private const string GeneratorTestWorkflows = "GeneratorTestWorkflows";

    /// <summary>Every sample (the showcase included) and the generator tests' workflow files.</summary>
    public static TheoryData<string> Projects =>
        new([.. SampleProjects.Directories(includeShowcase: true).Select(d => Path.GetFileName(d)!), GeneratorTestWorkflows]);

    [Theory]
    [MemberData(nameof(Projects))]
    public async Task Every_prefix_analyzes_without_analyzer_or_generator_exceptions(string project)
    {
        var files = Files(project);
        var parseOptions = TestCompilation.DefaultParseOptions;
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parseOptions, f, Encoding.UTF8)).ToList();
        trees.Add(CSharpSyntaxTree.ParseText(CSharpSource.ImplicitUsings, parseOptions, "/ImplicitUsings.cs", Encoding.UTF8));
        var baseCompilation = CSharpCompilation.Create(
            project,
            trees,
            ReferenceAssemblies.Net10.Concat(SampleProjects.References),
            TestCompilation.DefaultCompilationOptions.WithOutputKind(IsProgram(project) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary));

        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            SampleProjects.Generators.Select(g => g.AsSourceGenerator()),
            parseOptions: parseOptions);
        var analyzers = SampleProjects.AllAnalyzers.ToImmutableArray();
        var failures = new List<string>();
        var prefixes = 0;
        var watch = Stopwatch.StartNew();
        var generatorTime = TimeSpan.Zero;

        for (var index = 0; index < files.Count; index++)
        {
            var text = trees[index].GetText().ToString();
            foreach (var cut in CutPoints(text, Seed + index))
            {
                prefixes++;
                var prefix = CSharpSyntaxTree.ParseText(text[..cut], parseOptions, files[index], Encoding.UTF8);
                var compilation = baseCompilation.ReplaceSyntaxTree(trees[index], prefix);
                var g0 = watch.Elapsed;
                driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics);
                generatorTime += watch.Elapsed - g0;
                foreach (var result in driver.GetRunResult().Results.Where(r => r.Exception is not null))
                {
                    failures.Add(Describe(files[index], cut, $"generator {result.Generator.GetGeneratorType().Name} threw {result.Exception}"));
                }

                failures.AddRange(generatorDiagnostics.Where(d => d.Id is "CS8784" or "CS8785").Select(d => Describe(files[index], cut, d.ToString())));

                var exceptions = new ConcurrentQueue<string>();
                var withAnalyzers = generated.WithAnalyzers(
                    analyzers,
                    new CompilationWithAnalyzersOptions(
                        new AnalyzerOptions([]),
                        (exception, analyzer, _) => exceptions.Enqueue($"{analyzer.GetType().Name} threw {exception}"),
                        concurrentAnalysis: false,
                        logAnalyzerExecutionTime: false));
                // As the IDE does for the document being typed in: its syntax and semantic analysis (which follows
                // helpers into the other files through the transitive summaries).
                var tree = generated.SyntaxTrees.First(t => t.FilePath == files[index]);
                var diagnostics = (await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, CancellationToken.None))
                    .AddRange(await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(generated.GetSemanticModel(tree), null, CancellationToken.None));
                failures.AddRange(exceptions.Select(e => Describe(files[index], cut, e)));
                failures.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => Describe(files[index], cut, d.ToString())));
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{project}: {files.Count} files, {prefixes} prefixes in {watch.Elapsed.TotalSeconds:0.0} s (generators {generatorTime.TotalSeconds:0.0} s)"));
        Assert.True(failures.Count == 0, $"{failures.Count} failure(s) over {prefixes} prefixes; the first:\n" + string.Join("\n\n", failures.Take(3)));
    }

    /// <summary>Every line start and the end of the file, plus seeded random positions, in increasing order.</summary>
    private static IEnumerable<int> CutPoints(string text, int seed)
    {
        var cuts = new SortedSet<int> { text.Length };
        for (var i = 0; i < text.Length; i++)
        {
            if (i == 0 || text[i - 1] == '\n')
            {
                cuts.Add(i);
            }
        }

        var random = new Random(seed);
        for (var i = 0; i < RandomCutsPerFile && text.Length > 0; i++)
        {
            cuts.Add(random.Next(text.Length));
        }

        return cuts;
    }

    private static bool IsProgram(string project) =>
        project != GeneratorTestWorkflows
        && Directory.GetFiles(RepositoryFiles.PathOf("samples", project), "*.csproj")
            .Any(csproj => File.ReadAllText(csproj).Contains("<OutputType>Exe</OutputType>", StringComparison.Ordinal));

    private static IReadOnlyList<string> Files(string project) => project == GeneratorTestWorkflows
        ? Directory.GetFiles(RepositoryFiles.PathOf("tests", "Durable.Generators.Tests", "Workflows"), "*.cs")
            .Where(f => !f.EndsWith("Tests.cs", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList()
        : SampleProjects.SourceFiles(RepositoryFiles.PathOf("samples", project));

    private static string Describe(string file, int cut, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(file)} cut at {cut}: {what}");
}
