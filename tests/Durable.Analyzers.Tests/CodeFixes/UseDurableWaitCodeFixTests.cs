using Durable.CodeFixes;

namespace Durable.Analyzers.Tests.CodeFixes;

public class UseDurableWaitCodeFixTests
{
    private static readonly CodeFixTestOptions NoFixAll = new() { AllowFixAll = false };

    [Fact]
    public async Task Delays_and_sleeps_become_durable_waits_keeping_the_callers_token()
    {
        await Verify.CodeFixAsync<NondeterministicApiAnalyzer, UseDurableWaitCodeFix>("""
            using Durable;

            public static class Flow
            {
                public static async Task RunAsync(int pause, IDurableContext context, CancellationToken token)
                {
                    await {|DUR1004:Task.Delay(TimeSpan.FromMinutes(5))|};
                    await {|DUR1004:Task.Delay(30_000, token)|};
                    await {|DUR1004:Task.Delay(pause)|};
                    {|DUR1004:Thread.Sleep(1500)|};
                    {|DUR1004:Thread.Sleep(TimeSpan.FromHours(1))|};
                    var pending = {|DUR1004:Task.Delay(TimeSpan.FromSeconds(10))|};
                    await pending;
                }
            }
            """, """
            using Durable;

            public static class Flow
            {
                public static async Task RunAsync(int pause, IDurableContext context, CancellationToken token)
                {
                    await context.WaitAsync(TimeSpan.FromMinutes(5));
                    await context.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken: token);
                    await context.WaitAsync(TimeSpan.FromMilliseconds(pause));
                    await context.WaitAsync(TimeSpan.FromMilliseconds(1500));
                    await context.WaitAsync(TimeSpan.FromHours(1));
                    var pending = context.WaitAsync(TimeSpan.FromSeconds(10));
                    await pending;
                }
            }
            """, NoFixAll);
    }

    [Fact]
    public async Task Inside_a_child_callback_the_wait_uses_the_child_context()
    {
        await Verify.CodeFixAsync<NondeterministicApiAnalyzer, UseDurableWaitCodeFix>("""
            using Durable;

            public static class Flow
            {
                public static Task RunAsync(IDurableContext context) =>
                    context.RunInChildContextAsync(async child => await {|DUR1004:Task.Delay(TimeSpan.FromMinutes(1))|});
            }
            """, """
            using Durable;

            public static class Flow
            {
                public static Task RunAsync(IDurableContext context) =>
                    context.RunInChildContextAsync(async child => await child.WaitAsync(TimeSpan.FromMinutes(1)));
            }
            """, NoFixAll);
    }

    [Fact]
    public async Task Sub_second_infinite_non_statement_and_non_async_delays_get_no_fix()
    {
        await Verify.NoFixAsync<NondeterministicApiAnalyzer, UseDurableWaitCodeFix>("""
            using Durable;

            public static class Flow
            {
                public static async Task RunAsync(IDurableContext context, CancellationToken token)
                {
                    await {|DUR1004:Task.Delay(500)|};
                    await {|DUR1004:Task.Delay(TimeSpan.FromMilliseconds(200))|};
                    await {|DUR1004:Task.Delay(Timeout.Infinite, token)|};
                    await {|DUR1004:Task.Delay(Timeout.InfiniteTimeSpan)|};
                    await {|DUR1004:Task.Delay(TimeSpan.FromSeconds(5), TimeProvider.System)|};
                    using var cts = {|DUR1004:new CancellationTokenSource(TimeSpan.FromMinutes(1))|};
                    Blocking(context);
                }

                private static void Blocking(IDurableContext context) => {|DUR1004:Thread.Sleep(5000)|};
            }
            """);
    }
}
