using Durable.Testing.Roslyn.Tests.Samples;

namespace Durable.Testing.Roslyn.Tests;

public sealed class GeneratorVerifierTests : IDisposable
{
    private const string Input = HelloGenerator.AttributeSource + """

        namespace Demo
        {
            [Samples.GenerateHello]
            public partial class OrderWorkflow
            {
                public void Run() { }
                public void Approve() { }
            }
        }

        [Samples.GenerateHello]
        public partial class GlobalThing { }
        """;

    private readonly string _temp = Path.Combine(Path.GetTempPath(), "durable-snapshots-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_temp))
        {
            Directory.Delete(_temp, recursive: true);
        }
    }

    [Fact]
    public void Generated_sources_match_the_committed_snapshots()
    {
        var run = GeneratorVerifier.VerifySnapshots(Input, new HelloGenerator(), SnapshotDirectory.For());

        Assert.Equal(["Demo.OrderWorkflow.g.cs", "GlobalThing.g.cs"], run.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        Assert.Contains("Hello from OrderWorkflow: Approve, Run", run.GetSource("Demo.OrderWorkflow"), StringComparison.Ordinal);
        run.AssertCompilesWithoutWarnings();
        run.AssertNoGeneratorDiagnostics();
    }

    [Fact]
    public void Snapshot_directory_is_next_to_the_calling_test_file()
    {
        var directory = SnapshotDirectory.For("Some_test");

        Assert.Equal(Path.Combine("Durable.Testing.Roslyn.Tests", "Snapshots", "Some_test"), Path.GetRelativePath(Path.Combine(directory, "..", "..", ".."), directory));
    }

    [Fact]
    public void Accepting_writes_snapshots_and_deletes_stale_ones_then_checking_passes()
    {
        Directory.CreateDirectory(_temp);
        File.WriteAllText(Path.Combine(_temp, "Stale.g.cs"), "// old");
        File.WriteAllText(Path.Combine(_temp, "GlobalThing.g.cs"), "// outdated");
        var run = GeneratorVerifier.Run(new HelloGenerator(), [Input]);

        GeneratorVerifier.VerifySnapshots(run, _temp, accept: true);

        Assert.Equal(["Demo.OrderWorkflow.g.cs", "GlobalThing.g.cs"], Directory.GetFiles(_temp).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(run.GetSource("GlobalThing.g.cs"), File.ReadAllText(Path.Combine(_temp, "GlobalThing.g.cs")));
        GeneratorVerifier.VerifySnapshots(run, _temp, accept: false);
    }

    [Fact]
    public void Missing_changed_and_stale_snapshots_fail_when_not_accepting()
    {
        var run = GeneratorVerifier.Run(new HelloGenerator(), [Input]);
        GeneratorVerifier.VerifySnapshots(run, _temp, accept: true);
        File.Delete(Path.Combine(_temp, "GlobalThing.g.cs"));
        File.WriteAllText(Path.Combine(_temp, "Demo.OrderWorkflow.g.cs"), run.GetSource("Demo.OrderWorkflow.g.cs").Replace("Hello from", "Hi from", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(_temp, "Removed.g.cs"), "// stale");

        var ex = Assert.Throws<RoslynTestException>(() => GeneratorVerifier.VerifySnapshots(run, _temp, accept: false));

        Assert.Contains("does not match 3 snapshot(s)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Missing snapshot GlobalThing.g.cs", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Snapshot Demo.OrderWorkflow.g.cs differs", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Hi from OrderWorkflow", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Stale snapshot Removed.g.cs", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DURABLE_ACCEPT_SNAPSHOTS=1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_comparison_ignores_line_ending_differences()
    {
        var run = GeneratorVerifier.Run(new HelloGenerator(), [Input]);
        GeneratorVerifier.VerifySnapshots(run, _temp, accept: true);
        foreach (var file in Directory.GetFiles(_temp))
        {
            File.WriteAllText(file, File.ReadAllText(file).Replace("\n", "\r\n", StringComparison.Ordinal));
        }

        GeneratorVerifier.VerifySnapshots(run, _temp, accept: false);
    }

    [Fact]
    public void Build_properties_reach_the_generator()
    {
        var run = GeneratorVerifier.Run(new HelloGenerator(), [Input], analyzerConfig: TestAnalyzerConfig.Empty.WithBuildProperty("HelloGreeting", "Howdy"));

        Assert.Contains("Howdy from GlobalThing", run.GetSource("GlobalThing.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Warnings_in_generated_code_fail_the_warnings_as_errors_check()
    {
        var run = GeneratorVerifier.Run(new WarningGenerator(), ["public class C { }"]);

        run.AssertCompiles();
        var ex = Assert.Throws<RoslynTestException>(() => run.AssertCompilesWithoutWarnings(generatedCodeOnly: true));
        Assert.Contains("CS8625", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Warn.g.cs", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Warnings_in_the_input_count_unless_only_generated_code_is_checked()
    {
        var run = GeneratorVerifier.Run(new HelloGenerator(), [Input + "\nclass lowercase { }"]);

        Assert.Throws<RoslynTestException>(() => run.AssertCompilesWithoutWarnings());
        run.AssertCompilesWithoutWarnings(generatedCodeOnly: true);
    }

    [Fact]
    public void Missing_hint_name_lists_what_was_generated()
    {
        var run = GeneratorVerifier.Run(new HelloGenerator(), [Input]);

        var ex = Assert.Throws<RoslynTestException>(() => run.GetSource("Nope.g.cs"));
        Assert.Contains("Demo.OrderWorkflow.g.cs", ex.Message, StringComparison.Ordinal);
    }
}
