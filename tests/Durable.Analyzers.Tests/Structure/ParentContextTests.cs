namespace Durable.Analyzers.Tests.Structure;

public class ParentContextTests
{
    [Fact]
    public async Task The_parent_context_used_in_child_branch_and_map_callbacks_is_reported()
    {
        await Verify.AnalyzerAsync<ParentContextAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static async Task RunAsync(IReadOnlyList<string> items, IDurableContext context)
                {
                    var outer = context;
                    await context.RunInChildContextAsync(async child =>
                    {
                        await {|DUR2002:context|}.WaitAsync(TimeSpan.FromSeconds(1));
                        await Helper({|DUR2002:outer|});
                        await child.RunInChildContextAsync(async grandChild => await {|DUR2002:child|}.StepAsync(_ => 1));
                    });
                    await context.ParallelAsync<int>([
                        async branch => await {|DUR2002:context|}.StepAsync(_ => 1),
                        async branch => await branch.StepAsync(_ => 2),
                    ]);
                    await context.ParallelAsync([new DurableBranch<int>("named", async _ => await {|DUR2002:context|}.StepAsync(_ => 3))]);
                    await context.MapAsync(items, async (item, value, index) => await {|DUR2002:context|}.StepAsync(_ => value));
                }

                private static Task Helper(IDurableContext context) => context.WaitAsync(TimeSpan.FromSeconds(1));
            }
            """);
    }

    [Fact]
    public async Task The_callbacks_own_context_reading_parent_properties_and_the_ambient_scope_are_not_reported()
    {
        await Verify.AnalyzerAsync<ParentContextAnalyzer>("""
            using Durable;
            using Microsoft.Extensions.Logging;

            public static class Flow
            {
                public static async Task RunAsync(IDurableContext context)
                {
                    await context.RunInChildContextAsync(async child =>
                    {
                        context.Logger.LogInformation("in {Arn}", context.DurableExecutionArn);
                        await child.WaitAsync(TimeSpan.FromSeconds(1));
                        await DurableContextScope.Current.StepAsync(_ => 1);
                        var local = child;
                        await local.StepAsync(_ => 2);
                    });
                    await context.StepAsync(_ => 3);
                }
            }
            """);
    }
}
