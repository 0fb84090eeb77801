namespace Durable.Analyzers.Tests.Structure;

public class TaskCombinatorTests
{
    [Fact]
    public async Task WhenAll_and_WhenAny_over_durable_tasks_are_reported()
    {
        await Verify.AnalyzerAsync<TaskCombinatorAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static async Task RunAsync(int[] items, IDurableContext context)
                {
                    await Task.{|DUR2005:WhenAll|}(context.StepAsync(_ => 1), context.StepAsync(_ => 2));
                    var first = context.StepAsync(_ => 3);
                    var second = context.WaitAsync(TimeSpan.FromSeconds(1));
                    await Task.{|DUR2005:WhenAll|}(first, second);
                    await Task.{|DUR2005:WhenAll|}(items.Select(i => context.StepAsync(_ => i)).ToList());
                    var winner = await Task.{|DUR2006:WhenAny|}(context.StepAsync(_ => 4), context.WaitAsync(TimeSpan.FromMinutes(1)));
                }
            }
            """);
    }

    [Fact]
    public async Task Combinators_over_plain_tasks_and_ParallelAsync_are_not_reported()
    {
        await Verify.AnalyzerAsync<TaskCombinatorAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static async Task RunAsync(IDurableContext context)
                {
                    await Task.WhenAll(Task.CompletedTask, Task.FromResult(1));
                    await context.ParallelAsync<int>([async b => await b.StepAsync(_ => 1), async b => await b.StepAsync(_ => 2)]);
                    await context.StepAsync(async _ => await Task.WhenAny(Task.Delay(1), Task.Delay(2)));
                }
            }
            """);
    }
}
