using Durable.CodeFixes;

namespace Durable.Analyzers.Tests.CodeFixes;

public class StructureCodeFixTests
{
    [Fact]
    public async Task Add_partial_to_the_class_and_its_enclosing_types_with_Fix_All()
    {
        await Verify.CodeFixAsync<WorkflowShapeAnalyzer, AddPartialCodeFix>("""
            using Durable;

            [DurableWorkflow]
            public sealed class {|DUR4005:Orders|}
            {
                public Task RunAsync(string input, IDurableContext context) => Task.CompletedTask;
            }

            public static class Outer
            {
                [DurableWorkflow]
                class {|DUR4005:Inner|}
                {
                    public Task RunAsync(string input, IDurableContext context) => Task.CompletedTask;
                }
            }
            """, """
            using Durable;

            [DurableWorkflow]
            public sealed partial class Orders
            {
                public Task RunAsync(string input, IDurableContext context) => Task.CompletedTask;
            }

            public static partial class Outer
            {
                [DurableWorkflow]
                partial class Inner
                {
                    public Task RunAsync(string input, IDurableContext context) => Task.CompletedTask;
                }
            }
            """);
    }

    [Fact]
    public async Task Shapes_that_partial_does_not_fix_get_no_fix()
    {
        await Verify.NoFixAsync<WorkflowShapeAnalyzer, AddPartialCodeFix>("""
            using Durable;

            [DurableWorkflow]
            public partial class {|DUR4005:NoRun|}
            {
            }
            """);
    }

    [Fact]
    public async Task Add_await_to_dropped_durable_tasks_with_Fix_All()
    {
        await Verify.CodeFixAsync<UnawaitedOperationAnalyzer, AddAwaitCodeFix>("""
            using Durable;

            public static class Flow
            {
                public static async Task RunAsync(IDurableContext context)
                {
            #pragma warning disable CS4014
                    {|DUR2008:context.StepAsync(_ => 1)|};
            #pragma warning restore CS4014
                    _ = {|DUR2008:context.WaitAsync(TimeSpan.FromSeconds(1))|};
                    var unused = {|DUR2008:context.StepAsync(_ => 2, "second")|};
                }
            }
            """, """
            using Durable;

            public static class Flow
            {
                public static async Task RunAsync(IDurableContext context)
                {
            #pragma warning disable CS4014
                    await context.StepAsync(_ => 1);
            #pragma warning restore CS4014
                    await context.WaitAsync(TimeSpan.FromSeconds(1));
                    await context.StepAsync(_ => 2, "second");
                }
            }
            """);
    }

    [Fact]
    public async Task No_await_is_added_in_a_function_that_is_not_async()
    {
        await Verify.NoFixAsync<UnawaitedOperationAnalyzer, AddAwaitCodeFix>("""
            using Durable;

            public static class Flow
            {
                public static void Run(IDurableContext context)
                {
                    _ = {|DUR2008:context.StepAsync(_ => 1)|};
                }
            }
            """);
    }

    [Fact]
    public async Task Async_void_methods_and_local_functions_return_Task_with_Fix_All()
    {
        await Verify.CodeFixAsync<AsyncVoidAnalyzer, AsyncVoidToTaskCodeFix>("""
            using Durable;

            public sealed class Flow
            {
                public async Task RunAsync(IDurableContext context)
                {
                    Fire(context);
                    await context.WaitAsync(TimeSpan.FromSeconds(1));
                    async void {|DUR2009:Local|}() => await context.WaitAsync(TimeSpan.FromSeconds(1));
                }

                private async void {|DUR2009:Fire|}(IDurableContext context) => await context.WaitAsync(TimeSpan.FromSeconds(1));
            }
            """, """
            using Durable;

            public sealed class Flow
            {
                public async Task RunAsync(IDurableContext context)
                {
                    Fire(context);
                    await context.WaitAsync(TimeSpan.FromSeconds(1));
                    async Task Local() => await context.WaitAsync(TimeSpan.FromSeconds(1));
                }

                private async Task Fire(IDurableContext context) => await context.WaitAsync(TimeSpan.FromSeconds(1));
            }
            """);
    }

    [Fact]
    public async Task Task_Run_around_a_single_operation_is_unwrapped_without_Fix_All()
    {
        await Verify.CodeFixAsync<ForeignThreadAnalyzer, UnwrapTaskRunCodeFix>("""
            using Durable;

            public static class Flow
            {
                public static async Task<int> RunAsync(IDurableContext context)
                {
                    var one = await Task.Run(() => context.{|DUR2003:StepAsync|}(_ => 1));
                    await Task.Run(async () => await context.{|DUR2003:WaitAsync|}(TimeSpan.FromSeconds(1)));
                    return one;
                }
            }
            """, """
            using Durable;

            public static class Flow
            {
                public static async Task<int> RunAsync(IDurableContext context)
                {
                    var one = await context.StepAsync(_ => 1);
                    await context.WaitAsync(TimeSpan.FromSeconds(1));
                    return one;
                }
            }
            """,
            new() { AllowFixAll = false });
    }

    [Fact]
    public async Task Task_Run_with_more_work_gets_no_unwrap()
    {
        await Verify.NoFixAsync<ForeignThreadAnalyzer, UnwrapTaskRunCodeFix>("""
            using Durable;

            public static class Flow
            {
                public static async Task RunAsync(IDurableContext context, CancellationToken token)
                {
                    await Task.Run(async () => { await context.{|DUR2003:WaitAsync|}(TimeSpan.FromSeconds(1)); });
                    await Task.Run(() => context.{|DUR2003:StepAsync|}(_ => 1), token);
                    await Task.Factory.StartNew(() => context.{|DUR2003:StepAsync|}(_ => 2));
                }
            }
            """);
    }

    [Fact]
    public async Task The_parent_context_is_rebound_to_the_callbacks_own_without_Fix_All()
    {
        await Verify.CodeFixAsync<ParentContextAnalyzer, UseCallbackContextCodeFix>("""
            using Durable;

            public static class Flow
            {
                public static async Task RunAsync(IReadOnlyList<int> items, IDurableContext context)
                {
                    await context.RunInChildContextAsync(async child => await {|DUR2002:context|}.WaitAsync(TimeSpan.FromSeconds(1)));
                    await context.MapAsync(items, async (_, item, index) => await {|DUR2002:context|}.StepAsync(s => item));
                }
            }
            """, """
            using Durable;

            public static class Flow
            {
                public static async Task RunAsync(IReadOnlyList<int> items, IDurableContext context)
                {
                    await context.RunInChildContextAsync(async child => await child.WaitAsync(TimeSpan.FromSeconds(1)));
                    await context.MapAsync(items, async (childContext, item, index) => await childContext.StepAsync(s => item));
                }
            }
            """,
            new() { AllowFixAll = false });
    }
}
