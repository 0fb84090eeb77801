using Durable.Testing.Roslyn.Tests.Samples;
using Microsoft.CodeAnalysis;

namespace Durable.Testing.Roslyn.Tests;

public class IncrementalCacheCheckerTests
{
    private const string Workflow = """
        namespace Demo
        {
            [Samples.GenerateHello]
            public partial class OrderWorkflow
            {
                public int Run() => 1;
            }
        }
        """;

    private static readonly string WorkflowPath = TestCompilation.SourcePath(1);

    private static Compilation Input() => TestCompilation.Create(HelloGenerator.AttributeSource, Workflow);

    private static Compilation AddUnrelatedFile(Compilation c) => TestCompilation.AddSource(c, "namespace Other { public class Unrelated { public int X() => 42; } }");

    private static Compilation ChangeMethodBody(Compilation c) => TestCompilation.EditSource(c, WorkflowPath, t => t.Replace("=> 1;", "=> 2;", StringComparison.Ordinal));

    private static Compilation AddMethod(Compilation c) => TestCompilation.EditSource(c, WorkflowPath, t => t.Replace("public int Run() => 1;", "public int Run() => 1;\n        public void Cancel() { }", StringComparison.Ordinal));

    [Fact]
    public void Well_built_generator_passes_every_check()
    {
        IncrementalGeneratorCacheChecker.Verify(new HelloGenerator(), Input(), new IncrementalCacheCheckOptions
        {
            TrackingNames = IncrementalGeneratorCacheChecker.TrackingNamesFrom(typeof(HelloTrackingNames)),
            UnrelatedEdit = AddUnrelatedFile,
            RelevantEdit = AddMethod,
        });
    }

    [Fact]
    public void Editing_a_method_body_in_the_same_file_is_an_unrelated_edit_for_a_well_built_generator()
    {
        IncrementalGeneratorCacheChecker.Verify(new HelloGenerator(), Input(), [HelloTrackingNames.Specs, HelloTrackingNames.SpecsWithGreeting], unrelatedEdit: ChangeMethodBody);
    }

    [Fact]
    public void Tracking_names_are_read_from_a_constants_class()
    {
        Assert.Equal(["Specs", "Greeting", "SpecsWithGreeting"], IncrementalGeneratorCacheChecker.TrackingNamesFrom(typeof(HelloTrackingNames)));
    }

    [Fact]
    public void Non_equatable_spec_is_caught_on_a_cloned_compilation()
    {
        var ex = Assert.Throws<RoslynTestException>(() => IncrementalGeneratorCacheChecker.Verify(new NonEquatableSpecGenerator(), Input(), ["Specs"]));

        Assert.Contains("After rerun on a clone of the compilation, step 'Specs' has outputs [Modified]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Output reasons per run", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Roslyn_objects_in_step_outputs_are_caught_with_step_and_path()
    {
        var ex = Assert.Throws<RoslynTestException>(() => IncrementalGeneratorCacheChecker.Verify(new LeakyGenerator(), Input(), ["Specs"]));

        Assert.DoesNotContain("has outputs", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(2 problem(s))", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Step 'Specs' output reaches a Location", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at Specs[0].Outputs[0].Details.Where.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Step 'Specs' output reaches a syntax tree", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at Specs[0].Outputs[0].Details.Tree.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Symbols_in_step_outputs_are_caught_inside_collections()
    {
        var ex = Assert.Throws<RoslynTestException>(() => IncrementalGeneratorCacheChecker.Verify(new LeakyGenerator(includeSymbols: true), Input(), ["Specs"]));

        Assert.Contains("Step 'Specs' output reaches a symbol (ISymbol)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at Specs[0].Outputs[0].Details.Members.array[0]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allowed_roslyn_types_are_not_reported()
    {
        var run = GeneratorVerifier.Run(new LeakyGenerator(), [HelloGenerator.AttributeSource, Workflow]);
        var spec = Assert.IsType<LeakySpec>(run.RunResult.Results[0].TrackedSteps["Specs"][0].Outputs[0].Value);
        Type[] allowed = [spec.Details.Where.GetType(), spec.Details.Tree.GetType()];

        IncrementalGeneratorCacheChecker.AssertNoRoslynObjects(run.RunResult, ["Specs"], allowed);
        Assert.Throws<RoslynTestException>(() => IncrementalGeneratorCacheChecker.AssertNoRoslynObjects(run.RunResult, ["Specs"]));
    }

    [Fact]
    public void Output_that_depends_on_the_whole_compilation_fails_the_unrelated_edit_check()
    {
        var ex = Assert.Throws<RoslynTestException>(() => IncrementalGeneratorCacheChecker.Verify(
            new TreeCountGenerator(), Input(), ["TreeCount"], unrelatedEdit: AddUnrelatedFile));

        Assert.Contains("After the unrelated edit, step 'TreeCount' has outputs [Modified]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("After the unrelated edit, step 'SourceOutput' has outputs [Modified]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relevant_edit_that_changes_nothing_fails()
    {
        var ex = Assert.Throws<RoslynTestException>(() => IncrementalGeneratorCacheChecker.Verify(
            new HelloGenerator(), Input(), [HelloTrackingNames.Specs], relevantEdit: ChangeMethodBody));

        Assert.Contains("After the relevant edit, no tracked step or output is New, Modified or Removed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_tracking_name_and_vacuous_input_fail()
    {
        var ex = Assert.Throws<RoslynTestException>(() => IncrementalGeneratorCacheChecker.Verify(
            new HelloGenerator(), TestCompilation.Create("public class Nothing { }"), ["Spec"]));

        Assert.Contains("The first run generated no source", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Tracking name(s) not found in the first run: Spec.", ex.Message, StringComparison.Ordinal);
    }
}
