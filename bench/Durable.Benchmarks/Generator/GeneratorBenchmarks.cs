using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Durable.Generators;
using Durable.Testing.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.Logging;

namespace Durable.Benchmarks.Generator;

/// <summary>
/// The workflow generator on a synthetic application of 200 workflows with 10 steps each (201 files):
/// <list type="bullet">
/// <item><see cref="Compile"/>: the compiler's own work for that project (binding and emitting the user code plus the
/// generated code), the denominator of the generator's share;</item>
/// <item><see cref="GeneratorFullRun"/>: a cold generator run over the whole project (what a clean build pays);</item>
/// <item><see cref="GeneratorAfterUnrelatedEdit"/>: an incremental run after a new unrelated file, which must
/// regenerate nothing (checked in the setup: every output Cached or Unchanged).</item>
/// </list>
/// Each benchmark starts from a fresh clone of the compilation, so no bound state is reused across iterations.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(2)]
[IterationCount(8)]
public class GeneratorBenchmarks
{
    private const int Workflows = 200;
    private const int StepsPerWorkflow = 10;

    private CSharpCompilation _userCode = null!;
    private CSharpCompilation _withGeneratedCode = null!;
    private GeneratorDriver _warmDriver = null!;
    private Compilation _afterUnrelatedEdit = null!;

    [GlobalSetup]
    public void Setup()
    {
        ImmutableArray<MetadataReference> references =
        [
            ReferenceAssemblies.FromAssembly(typeof(IDurableContext).Assembly),
            ReferenceAssemblies.FromAssembly(typeof(ILogger).Assembly),
        ];
        _userCode = TestCompilation.Create(SyntheticProject.Sources(Workflows, StepsPerWorkflow), references, assemblyName: "Synthetic");
        _warmDriver = NewDriver(trackSteps: false).RunGeneratorsAndUpdateCompilation(_userCode, out var output, out var diagnostics);
        _withGeneratedCode = (CSharpCompilation)output;
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (!diagnostics.IsEmpty || errors.Count > 0)
        {
            throw new InvalidOperationException("The synthetic project does not compile:\n" + string.Join("\n", diagnostics.Concat(errors).Take(20)));
        }

        var generated = _warmDriver.GetRunResult().GeneratedTrees.Length;
        if (generated != Workflows)
        {
            throw new InvalidOperationException($"Expected one file per workflow ({Workflows}), got {generated}.");
        }

        _afterUnrelatedEdit = TestCompilation.AddSource(_userCode, "namespace Synthetic.Elsewhere; public sealed class Unrelated { public int Answer => 42; }");
        // Step tracking (needed to read the reasons) costs time, so only this check uses a tracking driver.
        var reasons = NewDriver(trackSteps: true).RunGenerators(_userCode).RunGenerators(_afterUnrelatedEdit).GetRunResult().Results.Single().TrackedOutputSteps
            .SelectMany(kv => kv.Value).SelectMany(step => step.Outputs).Select(o => o.Reason).ToList();
        var regenerated = reasons.Count(r => r is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Console.WriteLine($"// Unrelated edit: {reasons.Count} outputs, {regenerated} regenerated.");
        if (regenerated != 0)
        {
            throw new InvalidOperationException($"An unrelated edit regenerated {regenerated} of {reasons.Count} outputs.");
        }
    }

    [Benchmark(Baseline = true)]
    public int Compile()
    {
        using var stream = new MemoryStream();
        var result = _withGeneratedCode.Clone().Emit(stream);
        return result.Success ? (int)stream.Length : throw new InvalidOperationException("Emit failed.");
    }

    [Benchmark]
    public int GeneratorFullRun() =>
        NewDriver(trackSteps: false).RunGenerators(_userCode.Clone()).GetRunResult().GeneratedTrees.Length;

    [Benchmark]
    public int GeneratorAfterUnrelatedEdit() =>
        _warmDriver.RunGenerators(_afterUnrelatedEdit.Clone()).GetRunResult().GeneratedTrees.Length;

    private static GeneratorDriver NewDriver(bool trackSteps) =>
        CSharpGeneratorDriver.Create(
            [new WorkflowGenerator().AsSourceGenerator()],
            parseOptions: TestCompilation.DefaultParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));
}
