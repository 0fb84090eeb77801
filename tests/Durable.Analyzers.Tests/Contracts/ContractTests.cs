namespace Durable.Analyzers.Tests.Contracts;

public class ContractTests
{
    [Fact]
    public async Task Invalid_step_signatures_are_reported_with_the_reason()
    {
        await Verify.AnalyzerAsync<StepSignatureAnalyzer>("""
            using Durable;

            [DurableWorkflow]
            public partial class Flow
            {
                public Task RunAsync(string input, IDurableContext context) => Task.CompletedTask;

                [DurableStep] private int {|DUR4001:ByRef|}(ref int value) => value;
                [DurableStep] private int {|DUR4001:Outs|}(out int value) { value = 1; return 1; }
                [DurableStep] private int {|DUR4001:Spans|}(ReadOnlySpan<char> value) => value.Length;
                [DurableStep] private int {|DUR4001:Nested|}(IDurableContext context) => 1;
                [DurableStep] private int {|DUR4001:TwoContexts|}(IStepContext a, IStepContext b) => 1;
                [DurableStep] private int {|DUR4001:TokenFirst|}(CancellationToken token, int value) => value;
                [DurableStep] private T {|DUR4001:Generic|}<T>(T value) => value;
                [DurableStep] private async IAsyncEnumerable<int> {|DUR4001:Stream|}() { await Task.Yield(); yield return 1; }
                [DurableStep] private Task<int> Valid(string order, IStepContext step, CancellationToken token) => Task.FromResult(1);
                [DurableStep] private ValueTask ValidValueTask(int order) => ValueTask.CompletedTask;
                [DurableStep] private void ValidVoid() { }
                [DurableStep("named")] private static string ValidStatic(IStepContext step, string order) => order;
            }

            public class NotAWorkflow
            {
                [DurableStep] public int {|DUR4001:Orphan|}() => 1;
            }
            """);
    }

    [Fact]
    public async Task The_signature_message_names_the_problem()
    {
        var result = await Verify.RunAsync("""
            using Durable;
            [DurableWorkflow]
            public partial class Flow
            {
                public Task RunAsync(string input, IDurableContext context) => Task.CompletedTask;
                [DurableStep] private int Nested(IDurableContext context) => 1;
            }
            """, [new StepSignatureAnalyzer()]);

        Assert.Equal(
            "[DurableStep] method 'Nested' is not supported: parameter 'context' is a durable context; a step cannot start durable operations (use RunInChildContextAsync to group them)",
            Assert.Single(result.Diagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Unsupported_workflow_shapes_are_reported()
    {
        await Verify.AnalyzerAsync<WorkflowShapeAnalyzer>("""
            using Durable;

            [DurableWorkflow]
            public class {|DUR4005:NotPartial|}
            {
                public Task RunAsync(string input, IDurableContext context) => Task.CompletedTask;
            }

            public class Outer
            {
                [DurableWorkflow]
                public partial class {|DUR4005:Inner|}
                {
                    public Task RunAsync(string input, IDurableContext context) => Task.CompletedTask;
                }
            }

            [DurableWorkflow]
            public partial class {|DUR4005:Generic|}<T>
            {
                public Task RunAsync(T input, IDurableContext context) => Task.CompletedTask;
            }

            [DurableWorkflow]
            public partial class {|DUR4005:NoRun|}
            {
                public Task StartAsync(string input, IDurableContext context) => Task.CompletedTask;
            }

            [DurableWorkflow]
            public partial class {|DUR4005:WrongRun|}
            {
                public Task<int> RunAsync(IDurableContext context) => Task.FromResult(1);
            }

            [DurableWorkflow]
            public abstract partial class {|DUR4005:Abstract|}
            {
                public Task RunAsync(string input, IDurableContext context) => Task.CompletedTask;
            }

            [DurableWorkflow("orders", FunctionTimeoutSeconds = 300)]
            public partial class Valid
            {
                public async Task<string> RunAsync(string input, IDurableContext context) => await Task.FromResult(input);
            }

            public static partial class Container
            {
                [DurableWorkflow]
                public static partial class ValidStatic
                {
                    public static Task RunAsync(int input, IDurableContext context) => Task.CompletedTask;
                }
            }
            """);
    }

    [Fact]
    public async Task Direct_calls_of_step_methods_from_workflow_code_are_reported()
    {
        await Verify.AnalyzerAsync<DirectStepCallAnalyzer>("""
            using Durable;

            [DurableWorkflow]
            public partial class Flow
            {
                public async Task<int> RunAsync(string input, IDurableContext context)
                {
                    var validated = {|DUR4004:Validate(input)|};
                    var charged = await {|DUR4004:ChargeAsync(validated)|};
                    var viaGroup = await context.StepAsync(_ => Validate(input));
                    var inChild = await context.RunInChildContextAsync(async child => {|DUR4004:Validate(input)|});
                    return validated + charged + viaGroup + inChild;
                }

                [DurableStep] private static int Validate(string input) => input.Length;

                [DurableStep] private Task<int> ChargeAsync(int amount) => Task.FromResult(amount);

                // Calling a step from plain code (a test, a helper) is fine.
                public static int Check(string input) => Validate(input);
            }
            """);
    }

    [Fact]
    public async Task The_direct_call_message_names_the_generated_wrapper()
    {
        var result = await Verify.RunAsync("""
            using Durable;
            [DurableWorkflow]
            public partial class Flow
            {
                public async Task<int> RunAsync(string input, IDurableContext context) => await ChargeAsync(1);
                [DurableStep] private Task<int> ChargeAsync(int amount) => Task.FromResult(amount);
            }
            """, [new DirectStepCallAnalyzer()]);

        Assert.Equal(
            "[DurableStep] method 'ChargeAsync' is called directly, so it is not checkpointed and runs again on every replay. Call the generated wrapper Steps.ChargeAsync instead.",
            Assert.Single(result.Diagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
