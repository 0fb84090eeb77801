namespace Durable.Generators.Tests.Generation;

/// <summary>
/// Shapes the contract rules out produce no code at all (the analyzers explain them): never broken code, never a
/// generator diagnostic, never an exception.
/// </summary>
public class InvalidInputTests
{
    private const string Template = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Durable;

        namespace Test;

        public sealed class NotARetryStrategy { }

        public sealed class NoDefaultConstructor(int attempts) : IRetryStrategy
        {
            public int Attempts { get; } = attempts;

            public RetryDecision ShouldRetry(Exception exception, int attemptNumber) => RetryDecision.DoNotRetry();
        }

        public interface IService { }

        ATTRIBUTE
        public partial class Workflow
        {
            RUN

            STEPS
        }
        """;

    private const string ValidAttribute = "[DurableWorkflow]";
    private const string ValidRun = "public Task<int> RunAsync(string input, IDurableContext context) => Task.FromResult(input.Length);";
    private const string ValidSteps = "[DurableStep] private static int Count(string text, IStepContext step, CancellationToken token) => text.Length;";

    public static TheoryData<string, string, string, string> InvalidShapes => new()
    {
        { "overloads with the same wrapper", ValidAttribute, ValidRun, "[DurableStep] private static int Count(int x) => 1;\n[DurableStep] private static int Count(int y, CancellationToken c) => 2;" },
        { "no run method", ValidAttribute, string.Empty, ValidSteps },
        { "two run methods", ValidAttribute, ValidRun + "\npublic Task<int> RunAsync(int input, IDurableContext context) => Task.FromResult(input);", ValidSteps },
        { "run method without a context", ValidAttribute, "public Task<int> RunAsync(string input) => Task.FromResult(1);", ValidSteps },
        { "run method returning a value", ValidAttribute, "public int RunAsync(string input, IDurableContext context) => 1;", ValidSteps },
        { "generic step", ValidAttribute, ValidRun, "[DurableStep] private static T Echo<T>(T value) => value;" },
        { "ref parameter", ValidAttribute, ValidRun, "[DurableStep] private static int Bump(ref int value) => ++value;" },
        { "out parameter", ValidAttribute, ValidRun, "[DurableStep] private static void Make(out int value) => value = 1;" },
        { "context parameter", ValidAttribute, ValidRun, "[DurableStep] private static int Nested(IDurableContext context) => 1;" },
        { "token not last", ValidAttribute, ValidRun, "[DurableStep] private static int Early(CancellationToken token, int value) => value;" },
        { "two step contexts", ValidAttribute, ValidRun, "[DurableStep] private static int Twice(IStepContext a, IStepContext b) => 1;" },
        { "async void", ValidAttribute, ValidRun, "[DurableStep] private static async void Fire() => await Task.Yield();" },
        { "span parameter", ValidAttribute, ValidRun, "[DurableStep] private static int Length(ReadOnlySpan<char> text) => text.Length;" },
        { "colliding wrappers", ValidAttribute, ValidRun, "[DurableStep] private static int Check(string s) => 1;\n[DurableStep] private static Task<int> CheckAsync(string s) => Task.FromResult(1);" },
        { "invalid workflow name", "[DurableWorkflow(\"no spaces allowed\")]", ValidRun, ValidSteps },
        { "function timeout too long", "[DurableWorkflow(FunctionTimeoutSeconds = 901)]", ValidRun, ValidSteps },
        { "function timeout zero", "[DurableWorkflow(FunctionTimeoutSeconds = 0)]", ValidRun, ValidSteps },
        { "negative execution timeout", "[DurableWorkflow(ExecutionTimeoutSeconds = -1)]", ValidRun, ValidSteps },
        { "json context of another type", "[DurableWorkflow(JsonContext = typeof(string))]", ValidRun, ValidSteps },
        { "retry strategy of another type", ValidAttribute, ValidRun, "[DurableStep(RetryStrategy = typeof(NotARetryStrategy))] private static int Go() => 1;" },
        { "retry strategy without a default constructor", ValidAttribute, ValidRun, "[DurableStep(RetryStrategy = typeof(NoDefaultConstructor))] private static int Go() => 1;" },
        { "negative step timeout", ValidAttribute, ValidRun, "[DurableStep(TimeoutSeconds = -5)] private static int Go() => 1;" },
        { "ambiguous constructors", ValidAttribute, ValidRun, "public Workflow(IService a) { }\npublic Workflow(string b) { }" },
        { "unresolved payload type", ValidAttribute, "public Task<Missing> RunAsync(string input, IDurableContext context) => null!;", ValidSteps },
    };

    [Fact]
    public void The_template_is_valid_when_nothing_is_broken()
    {
        var run = GeneratorHarness.Run(Source(ValidAttribute, ValidRun, ValidSteps));

        Assert.Single(run.GeneratedSources);
        run.AssertCompilesWithoutWarnings();
    }

    [Theory]
    [MemberData(nameof(InvalidShapes))]
    public void Invalid_shapes_generate_nothing(string shape, string attribute, string run, string steps)
    {
        var result = GeneratorHarness.Run(Source(attribute, run, steps));

        Assert.True(result.GeneratedSources.IsEmpty, $"{shape}: generated {string.Join(", ", result.GeneratedSources.Select(s => s.HintName))}");
        Assert.Empty(result.GeneratorDiagnostics);
    }

    [Theory]
    [InlineData("public class Workflow")]
    [InlineData("public partial class Workflow<T>")]
    [InlineData("public abstract partial class Workflow")]
    public void Unsupported_class_declarations_generate_nothing(string declaration)
    {
        var result = GeneratorHarness.Run(Source(ValidAttribute, ValidRun, ValidSteps).Replace("public partial class Workflow", declaration, StringComparison.Ordinal));

        Assert.True(result.GeneratedSources.IsEmpty);
    }

    [Fact]
    public void A_workflow_nested_in_a_non_partial_type_generates_nothing()
    {
        var result = GeneratorHarness.Run(Source(ValidAttribute, ValidRun, ValidSteps)
            .Replace("ATTRIBUTE", string.Empty, StringComparison.Ordinal)
            .Replace("public partial class Workflow", "public class Outer { [DurableWorkflow] public partial class Workflow", StringComparison.Ordinal) + "}");

        Assert.True(result.GeneratedSources.IsEmpty);
    }

    private static string Source(string attribute, string run, string steps) =>
        Template.Replace("ATTRIBUTE", attribute, StringComparison.Ordinal)
            .Replace("RUN", run, StringComparison.Ordinal)
            .Replace("STEPS", steps, StringComparison.Ordinal);
}
