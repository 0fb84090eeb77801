namespace Durable.Analyzers.Tests.Structure;

public class ForeignThreadTests
{
    [Fact]
    public async Task Durable_work_started_from_thread_pool_delegates_is_reported_at_the_operation()
    {
        // analyzers.md §2.5 item 3: AWS does not flag Task.Run(() => context.StepAsync(...)).
        await Verify.AnalyzerAsync<ForeignThreadAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static async Task RunAsync(IReadOnlyList<int> items, IDurableContext context)
                {
                    await Task.Run(() => context.{|DUR2003:StepAsync|}(_ => 1));
                    await Task.Factory.StartNew(async () => await context.{|DUR2003:WaitAsync|}(TimeSpan.FromSeconds(1)));
                    await Parallel.ForEachAsync(items, async (item, token) => await context.{|DUR2003:StepAsync|}(_ => item));
                    await Task.CompletedTask.ContinueWith(_ => {|DUR2003:Helper|}(context));
                    var thread = new Thread(() => context.{|DUR2003:WaitAsync|}(TimeSpan.FromSeconds(1)).GetAwaiter().GetResult());
                    await Task.Run({|DUR2003:Indirect|});
                }

                private static Task Helper(IDurableContext context) => context.WaitAsync(TimeSpan.FromSeconds(1));

                private static Task Indirect() => DurableContextScope.Current.WaitAsync(TimeSpan.FromSeconds(1));
            }
            """);
    }

    [Fact]
    public async Task Threading_primitives_without_durable_work_are_reported_at_the_call()
    {
        await Verify.AnalyzerAsync<ForeignThreadAnalyzer>("""
            using Durable;

            public static class Flow
            {
                private static readonly SemaphoreSlim Gate = new(1);

                public static async Task<int> RunAsync(int[] items, IDurableContext context)
                {
                    var sum = await {|DUR2004:Task.Run(() => items.Sum())|};
                    {|DUR2004:Parallel.For(0, items.Length, i => items[i]++)|};
                    await {|DUR2004:Gate.WaitAsync()|};
                    {|DUR2004:ThreadPool.QueueUserWorkItem(_ => { })|};
                    await context.StepAsync(async _ => await Task.Run(() => items.Sum()));
                    return sum;
                }

                private static Task<int> Plain(int[] items) => Task.Run(() => items.Sum());
            }
            """);
    }
}
