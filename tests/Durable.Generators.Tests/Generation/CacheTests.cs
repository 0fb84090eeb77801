using Durable.Testing.Roslyn;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Durable.Generators.Tests.Generation;

/// <summary>
/// Every tracked step caches: a rerun on a clone is Cached/Unchanged, edits that do not change what is generated leave
/// every output Unchanged, edits that do produce Modified outputs, and no step output holds a Roslyn object.
/// </summary>
public class CacheTests
{
    private const string Payloads = """
        namespace Shop.Orders;

        public sealed record Extra(string Value);
        """;

    private static readonly IReadOnlyList<string> s_trackingNames = IncrementalGeneratorCacheChecker.TrackingNamesFrom(typeof(TrackingNames));

    [Fact]
    public void A_new_unrelated_file_regenerates_nothing() => Verify(
        unrelated: c => TestCompilation.AddSource(c, "namespace Elsewhere; public sealed class Unrelated { public int Value => 42; }"),
        relevant: c => Edit(c, 0, "private static void Audit(", "private static void Record("));

    [Fact]
    public void An_edit_inside_a_method_body_regenerates_nothing() => Verify(
        unrelated: c => Edit(c, 0, "throw new InvalidOperationException(\"rejected\")", "throw new InvalidOperationException(\"declined\")"),
        relevant: c => Edit(c, 0, "TimeoutSeconds = 30", "TimeoutSeconds = 45"));

    [Fact]
    public void A_change_to_a_payload_type_in_another_file_regenerates_its_metadata()
    {
        // OrderLine (source 0) refers to Extra (source 1): Extra's shape is part of the workflow's metadata.
        var compilation = Edit(GeneratorHarness.Compile(RepresentativeWorkflows.Order, Payloads), 0, "decimal UnitPrice);", "decimal UnitPrice, Extra? Extra = null);");
        Verify(
            compilation,
            unrelated: c => Edit(c, 1, "public sealed record Extra(string Value);", "public sealed record Extra(string Value) { public override string ToString() => Value; }"),
            relevant: c => Edit(c, 1, "public sealed record Extra(string Value);", "public sealed record Extra(string Value, int Rank);"));
    }

    [Fact]
    public void Turning_on_the_bootstrap_is_noticed()
    {
        var compilation = GeneratorHarness.Compile(RepresentativeWorkflows.Order);
        var baseline = GeneratorVerifier.Run(compilation, [new WorkflowGenerator()]);
        var driver = baseline.Driver.WithUpdatedAnalyzerConfigOptions(new GlobalOptionsProvider("build_property.DurableLambdaBootstrap", "true"));

        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[TrackingNames.BootstrapEnabled].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(result.TrackedSteps[TrackingNames.ValidWorkflow].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    private static void Verify(Func<Compilation, Compilation> unrelated, Func<Compilation, Compilation> relevant) =>
        Verify(GeneratorHarness.Compile(RepresentativeWorkflows.Order, Payloads), unrelated, relevant);

    private static void Verify(Compilation compilation, Func<Compilation, Compilation> unrelated, Func<Compilation, Compilation> relevant) =>
        IncrementalGeneratorCacheChecker.Verify(
            new WorkflowGenerator(),
            compilation,
            new IncrementalCacheCheckOptions { TrackingNames = s_trackingNames, UnrelatedEdit = unrelated, RelevantEdit = relevant });

    private static Compilation Edit(Compilation compilation, int source, string before, string after) =>
        TestCompilation.EditSource(compilation, TestCompilation.SourcePath(source), text =>
            text.Contains(before, StringComparison.Ordinal) ? text.Replace(before, after, StringComparison.Ordinal) : throw new InvalidOperationException($"'{before}' is not in source {source}."));

    /// <summary>Analyzer config with one global option, as an MSBuild property becomes one.</summary>
    private sealed class GlobalOptionsProvider(string key, string value) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(key, value);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(string.Empty, string.Empty);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(string.Empty, string.Empty);

        private sealed class Options(string key, string value) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string name, [NotNullWhen(true)] out string? result)
            {
                result = name == key ? value : null;
                return result is not null;
            }
        }
    }
}
