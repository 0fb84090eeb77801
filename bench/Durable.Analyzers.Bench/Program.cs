using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Durable;
using Durable.Analyzers;
using Durable.Analyzers.Bench;
using Durable.Testing.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Emit;

// Analyzer cost against compile cost, on one thread each (the machine is shared; every side gets the same treatment):
//   compile   = a fresh compilation's GetDiagnostics (binds every body) + Emit, with the generators' output included;
//   driver    = Roslyn's analyzer driver on a fresh compilation with one no-op operation analyzer: the binding, compilation
//               events and IOperation trees that every SDK build already pays for its default .NET analyzers;
//   pack      = the same driver with the whole Durable pack instead;
//   added     = pack - driver: what the pack adds to a build, against the compile. Target: at most 10%.
// Each analyzer's own execution time comes from Roslyn's telemetry. The workflow generator is timed on its own too.
var lines = Argument("--lines", 50_000);
var iterations = Argument("--iterations", 5);
var write = Option("--write");

var files = SyntheticProject.Create(lines);
var totalLines = files.Sum(f => SyntheticProject.CountLines(f.Text));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Synthetic project: {files.Count} files, {totalLines:N0} lines, {files.Count / 2} workflows"));
if (write is not null)
{
    Write(write, files);
    return;
}

var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parseOptions, "/synthetic/" + f.Path, Encoding.UTF8))
    .Append(CSharpSyntaxTree.ParseText(CSharpSource.ImplicitUsings, parseOptions, "/synthetic/ImplicitUsings.cs", Encoding.UTF8))
    .ToList();
var references = ReferenceAssemblies.Net10
    .Append(ReferenceAssemblies.FromAssembly(typeof(IDurableContext).Assembly))
    .Append(ReferenceAssemblies.FromAssembly(typeof(Microsoft.Extensions.Logging.ILogger).Assembly))
    .ToList();
var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false);

// The generators run once, as in a build; their output is part of what the compiler and the analyzers see.
var source = CSharpCompilation.Create("Synthetic", trees, references, options);
var generatorTimes = new List<double>();
Compilation generated = source;
for (var i = 0; i <= iterations; i++)
{
    // A fresh compilation and driver each time: what a clean build pays (the first run, with JIT, is not counted).
    var fresh = CSharpCompilation.Create("Synthetic", trees, references, options);
    var generatorWatch = Stopwatch.StartNew();
    CSharpGeneratorDriver.Create(new Durable.Generators.WorkflowGenerator()).RunGeneratorsAndUpdateCompilation(fresh, out generated, out _);
    if (i > 0)
    {
        generatorTimes.Add(generatorWatch.Elapsed.TotalMilliseconds);
    }
}

var allTrees = generated.SyntaxTrees.ToList();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"With generated code: {allTrees.Count} trees, {generated.SyntaxTrees.Except(source.SyntaxTrees).Sum(t => t.Length):N0} generated characters against {source.SyntaxTrees.Sum(t => t.Length):N0} written"));

var analyzers = typeof(DiagnosticDescriptors).Assembly.GetTypes()
    .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
    .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
    .ToImmutableArray();

var compileTimes = new List<double>();
var driverTimes = new List<double>();
var analyzerTimes = new List<double>();
var analyzerCpu = new Dictionary<string, List<double>>(StringComparer.Ordinal);
var findings = 0;
for (var i = 0; i <= iterations; i++)
{
    // Compile: a fresh compilation each time, so nothing bound earlier is reused.
    var compilation = CSharpCompilation.Create("Synthetic", allTrees, references, options);
    var watch = Stopwatch.StartNew();
    var errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
    using (var peStream = new MemoryStream())
    {
        var emit = compilation.Emit(peStream);
        if (!emit.Success || errors > 0)
        {
            Console.WriteLine("The synthetic project does not compile:");
            foreach (var error in emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10))
            {
                Console.WriteLine("  " + error);
            }

            return;
        }
    }

    var compile = watch.Elapsed.TotalMilliseconds;

    // The driver alone: a no-op operation analyzer on a fresh compilation.
    var baseline = CSharpCompilation.Create("Synthetic", allTrees, references, options).WithAnalyzers(
        [new NoOpOperationAnalyzer()], new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
    watch.Restart();
    _ = await baseline.GetAnalyzerDiagnosticsAsync();
    var driver = watch.Elapsed.TotalMilliseconds;

    // The pack on a fresh compilation, through the same driver.
    var withAnalyzers = CSharpCompilation.Create("Synthetic", allTrees, references, options).WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
        new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
    watch.Restart();
    var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
    var analyze = watch.Elapsed.TotalMilliseconds;
    if (diagnostics.Any(d => d.Id == "AD0001"))
    {
        Console.WriteLine("An analyzer threw: " + diagnostics.First(d => d.Id == "AD0001"));
        return;
    }

    findings = diagnostics.Length;
    if (i == 0)
    {
        continue; // warm-up: JIT and reference metadata
    }

    compileTimes.Add(compile);
    driverTimes.Add(driver);
    analyzerTimes.Add(analyze);
    foreach (var analyzer in analyzers)
    {
        var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
        var name = analyzer.GetType().Name;
        if (!analyzerCpu.TryGetValue(name, out var list))
        {
            analyzerCpu[name] = list = [];
        }

        list.Add(telemetry.ExecutionTime.TotalMilliseconds);
    }
}

var compileMedian = Median(compileTimes);
var driverMedian = Median(driverTimes);
var analyzerMedian = Median(analyzerTimes);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Findings per run: {findings} (one module in ten has deliberate mistakes)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Compile (bind + emit), median of {iterations}:   {compileMedian,8:0} ms   {Runs(compileTimes)}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Analyzer driver alone, median of {iterations}:   {driverMedian,8:0} ms   {Runs(driverTimes)}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Driver with the pack, median of {iterations}:    {analyzerMedian,8:0} ms   {Runs(analyzerTimes)}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Added by the pack: {analyzerMedian - driverMedian:0} ms = {100 * (analyzerMedian - driverMedian) / compileMedian:0.0}% of the compile (target: at most 10%); analyzers' own time {analyzerCpu.Values.Sum(Median):0} ms = {100 * analyzerCpu.Values.Sum(Median) / compileMedian:0.0}%"));
var generatorMedian = Median(generatorTimes);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Workflow generator, median of {iterations}: {generatorMedian,8:0} ms   ({100 * generatorMedian / compileMedian:0.0}% of the compile)"));
Console.WriteLine("Per analyzer (median execution time):");
foreach (var (name, times) in analyzerCpu.OrderByDescending(p => Median(p.Value)))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-36} {Median(times),8:0.0} ms"));
}

static string Runs(List<double> values) => "[" + string.Join(", ", values.Select(t => t.ToString("0", CultureInfo.InvariantCulture))) + "]";

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

int Argument(string name, int fallback) =>
    Option(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

// Writes the synthetic project with a csproj that uses the pack as a package user would, for a cross-check with
// "dotnet build -p:ReportAnalyzer=true -v:d" (the build log then lists each analyzer's time).
static void Write(string directory, IReadOnlyList<(string Path, string Text)> files)
{
    var repository = AppContext.BaseDirectory;
    while (!File.Exists(Path.Combine(repository, "Durable.sln")))
    {
        repository = Path.GetDirectoryName(repository) ?? throw new InvalidOperationException("Run from the repository.");
    }

    Directory.CreateDirectory(directory);
    foreach (var (path, text) in files)
    {
        var full = Path.Combine(directory, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    var src = Path.Combine(repository, "src");
    File.WriteAllText(Path.Combine(directory, "Synthetic.csproj"), $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
            <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
            <NoWarn>$(NoWarn);DUR1001;DUR1004;DUR1009</NoWarn>
          </PropertyGroup>
          <ItemGroup>
            <ProjectReference Include="{src}/Durable.Runtime/Durable.Runtime.csproj" />
            <ProjectReference Include="{src}/Durable.Generators/Durable.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
          </ItemGroup>
          <!-- dotnet build -p:WithDurableAnalyzers=false builds the same project without the pack, for the comparison. -->
          <ItemGroup Condition="'$(WithDurableAnalyzers)' != 'false'">
            <ProjectReference Include="{src}/Durable.Analyzers/Durable.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
          </ItemGroup>
        </Project>
        """);
    Console.WriteLine("Written to " + directory);
}

/// <summary>Registers for every invocation and does nothing: makes the driver build what any operation analyzer needs.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NoOpOperationAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor s_never = new("NOOP0001", "Never reported", "Never reported", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [s_never];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None); // as the pack: generated code is not analyzed
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(static _ => { }, OperationKind.Invocation);
    }
}
