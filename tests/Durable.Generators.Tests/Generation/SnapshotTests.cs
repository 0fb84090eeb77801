using Durable.Testing.Roslyn;

namespace Durable.Generators.Tests.Generation;

/// <summary>
/// The generated files for representative workflows, compared with the reviewed snapshots under <c>Snapshots/</c>
/// (accept changes with <c>DURABLE_ACCEPT_SNAPSHOTS=1</c>). Each must compile without warnings together with its source
/// and System.Text.Json's generated code.
/// </summary>
public class SnapshotTests
{
    [Fact]
    public void Instance_workflow_with_services_configured_steps_and_a_callback() => Verify(RepresentativeWorkflows.Order);

    [Fact]
    public void Static_workflow_without_result_with_a_user_context_and_colliding_names() => Verify(RepresentativeWorkflows.StaticWithContext);

    [Fact]
    public void Workflow_nested_in_partial_types() => Verify(RepresentativeWorkflows.Nested);

    [Fact]
    public void Custom_runtime_entry_point_when_the_project_asks_for_it()
    {
        var bootstrap = TestAnalyzerConfig.Empty.WithBuildProperty("DurableLambdaBootstrap", "true");
        var application = GeneratorHarness.Compile(RepresentativeWorkflows.Order)
            .WithOptions(TestCompilation.DefaultCompilationOptions.WithOutputKind(Microsoft.CodeAnalysis.OutputKind.ConsoleApplication));

        GeneratorVerifier.VerifySnapshots(GeneratorHarness.Run(application, bootstrap), SnapshotDirectory.For());
        var run = GeneratorHarness.RunWithSystemTextJson(application, bootstrap);
        run.AssertCompilesWithoutWarnings();
        Assert.Equal("Durable.Generated.DurableLambdaBootstrap", run.OutputCompilation.GetEntryPoint(CancellationToken.None)?.ContainingType.ToDisplayString());
    }

    [Fact]
    public void No_entry_point_without_the_property()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(RepresentativeWorkflows.Order), TestAnalyzerConfig.Empty.WithBuildProperty("DurableLambdaBootstrap", "false"));

        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName == "DurableLambdaBootstrap.g.cs");
    }

    private static void Verify(string source, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        GeneratorVerifier.VerifySnapshots(GeneratorHarness.Run(source), SnapshotDirectory.For(test));
        GeneratorHarness.RunWithSystemTextJson(GeneratorHarness.Compile(source)).AssertCompilesWithoutWarnings();
    }
}
