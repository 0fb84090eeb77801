namespace Durable.Analyzers.Tests.Structure;

public class NestedOperationTests
{
    [Fact]
    public async Task Durable_operations_in_step_lambdas_submitters_and_condition_checks_are_reported()
    {
        await Verify.AnalyzerAsync<NestedOperationAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static async Task RunAsync(IDurableContext context)
                {
                    await context.StepAsync(async _ => await context.{|DUR2001:WaitAsync|}(TimeSpan.FromSeconds(1)));
                    await context.WaitForCallbackAsync<string>(async (id, _) => await context.{|DUR2001:StepAsync|}(s => id));
                    await context.WaitForConditionAsync<int>(
                        async (state, _) => await context.{|DUR2001:InvokeAsync<int, int>|}("other", state),
                        new WaitForConditionConfig<int> { InitialState = 0 });
                    await context.RunInChildContextAsync(async child =>
                    {
                        await child.StepAsync(async _ => await child.{|DUR2001:WaitAsync|}(TimeSpan.FromSeconds(1)));
                    });
                }
            }
            """);
    }

    [Fact]
    public async Task Method_group_local_function_and_delegate_variable_steps_and_DurableStep_methods_are_step_bodies()
    {
        // AWS's DE002 misses all of these (analyzers.md §2.5, item 5).
        await Verify.AnalyzerAsync<NestedOperationAnalyzer>("""
            using Durable;

            [DurableWorkflow]
            public partial class Flow
            {
                private readonly IDurableContext? _stored = null;

                public async Task RunAsync(string input, IDurableContext context)
                {
                    await context.StepAsync(StepBody);
                    await context.StepAsync(Local);
                    Func<IStepContext, Task> variable = async _ => await DurableContextScope.Current.{|DUR2001:WaitAsync|}(TimeSpan.FromSeconds(1));
                    await context.StepAsync(variable);
                    await context.StepAsync(_ => {|DUR2001:DurableContextScope.Current|}.DurableExecutionArn);
                    await context.StepAsync(_ => {|DUR2001:Helper|}(context));
                    await context.StepAsync(_ => {|DUR2001:Indirect|}());

                    async Task Local(IStepContext step) => await context.{|DUR2001:WaitAsync|}(TimeSpan.FromSeconds(1));
                }

                private async Task StepBody(IStepContext step) => await _stored!.{|DUR2001:WaitAsync|}(TimeSpan.FromSeconds(1));

                [DurableStep]
                private async Task Charge() => await DurableContextScope.Current.{|DUR2001:WaitAsync|}(TimeSpan.FromSeconds(1));

                private static Task Helper(IDurableContext context) => context.WaitAsync(TimeSpan.FromSeconds(1));

                private static Task Indirect() => DurableContextScope.Current.WaitAsync(TimeSpan.FromSeconds(1));
            }
            """);
    }

    [Fact]
    public async Task Generated_wrappers_called_inside_steps_are_reported()
    {
        await Verify.AnalyzerAsync<NestedOperationAnalyzer>("""
            using Durable;

            [DurableWorkflow]
            public partial class Flow
            {
                public async Task RunAsync(string input, IDurableContext context)
                {
                    await Steps.ValidateAsync(input);
                    await context.StepAsync(async _ => await Steps.{|DUR2001:ValidateAsync|}(input));
                    await context.RunInChildContextAsync(async child => await Steps.ValidateAsync(input));
                }

                [DurableStep]
                private static int Validate(string order) => order.Length;

                [DurableStep]
                private async Task<int> Nested(string order) => await Steps.{|DUR2001:ValidateAsync|}(order);
            }
            """,
            new() { Generators = [new Durable.Generators.WorkflowGenerator()] });
    }

    [Fact]
    public async Task Child_contexts_own_operations_workflow_code_and_reading_the_context_in_steps_are_not_reported()
    {
        await Verify.AnalyzerAsync<NestedOperationAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static async Task<string> RunAsync(IDurableContext context)
                {
                    await context.WaitAsync(TimeSpan.FromSeconds(1));
                    await context.RunInChildContextAsync(async child => await child.StepAsync(_ => 1));
                    await context.ParallelAsync<int>([async branch => await branch.StepAsync(_ => 2)]);
                    return await context.StepAsync(_ => context.DurableExecutionArn + context.IsReplaying);
                }
            }
            """);
    }
}
