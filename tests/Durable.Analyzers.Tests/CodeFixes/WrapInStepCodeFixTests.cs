using Durable.CodeFixes;

namespace Durable.Analyzers.Tests.CodeFixes;

public class WrapInStepCodeFixTests
{
    private static readonly CodeFixTestOptions NoFixAll = new() { AllowFixAll = false };

    [Fact]
    public async Task Values_tasks_and_void_calls_are_wrapped_in_the_functions_own_context()
    {
        await Verify.CodeFixAsync<NondeterministicApiAnalyzer, WrapInStepCodeFix>("""
            using Durable;

            public sealed class Flow(HttpClient http)
            {
                public async Task<string> RunAsync(string path, IDurableContext context)
                {
                    var now = {|DUR1001:DateTime.UtcNow|};
                    var ticks = {|DUR1001:DateTime.Now|}.Ticks;
                    var page = await {|DUR1005:http.GetStringAsync("https://example.com")|};
                    {|DUR1006:File.Delete(path)|};
                    var label = $"order-{{|DUR1003:Guid.NewGuid()|}}";
                    var child = await context.RunInChildContextAsync(async child => {|DUR1002:Random.Shared|}.Next());
                    return $"{now}{ticks}{page}{label}{child}";
                }
            }
            """, """
            using Durable;

            public sealed class Flow(HttpClient http)
            {
                public async Task<string> RunAsync(string path, IDurableContext context)
                {
                    var now = await context.StepAsync(_ => DateTime.UtcNow);
                    var ticks = (await context.StepAsync(_ => DateTime.Now)).Ticks;
                    var page = await context.StepAsync(_ => http.GetStringAsync("https://example.com"));
                    await context.StepAsync(_ => File.Delete(path));
                    var label = $"order-{await context.StepAsync(_ => Guid.NewGuid())}";
                    var child = await context.RunInChildContextAsync(async child => {|DUR1002:Random.Shared|}.Next());
                    return $"{now}{ticks}{page}{label}{child}";
                }
            }
            """, NoFixAll);
    }

    [Fact]
    public async Task Inside_a_child_callback_the_callbacks_own_context_is_used()
    {
        await Verify.CodeFixAsync<NondeterministicApiAnalyzer, WrapInStepCodeFix>("""
            using Durable;

            public static class Flow
            {
                public static Task<long> RunAsync(IDurableContext context) =>
                    context.RunInChildContextAsync(async child =>
                    {
                        await child.WaitAsync(TimeSpan.FromSeconds(1));
                        return {|DUR1001:DateTime.UtcNow|}.Ticks;
                    });
            }
            """, """
            using Durable;

            public static class Flow
            {
                public static Task<long> RunAsync(IDurableContext context) =>
                    context.RunInChildContextAsync(async child =>
                    {
                        await child.WaitAsync(TimeSpan.FromSeconds(1));
                        return (await child.StepAsync(_ => DateTime.UtcNow)).Ticks;
                    });
            }
            """, NoFixAll);
    }

    [Fact]
    public async Task A_parameter_named_underscore_is_not_hidden()
    {
        await Verify.CodeFixAsync<NondeterministicApiAnalyzer, WrapInStepCodeFix>("""
            using Durable;

            public static class Flow
            {
                public static async Task<Guid> RunAsync(string _, IDurableContext context) => {|DUR1003:Guid.NewGuid()|};
            }
            """, """
            using Durable;

            public static class Flow
            {
                public static async Task<Guid> RunAsync(string _, IDurableContext context) => await context.StepAsync(__ => Guid.NewGuid());
            }
            """, NoFixAll);
    }

    [Fact]
    public async Task No_wrap_is_offered_where_it_would_not_compile_or_not_round_trip()
    {
        // A handle is no payload; a non-async function cannot await; a LINQ lambda is not the context's function;
        // out arguments and method groups cannot move into a step lambda.
        await Verify.NoFixAsync<NondeterministicApiAnalyzer, WrapInStepCodeFix>("""
            using Durable;
            using System.Diagnostics;

            public static class Flow
            {
                public static async Task<long> RunAsync(int[] items, IDurableContext context)
                {
                    var random = {|DUR1002:new Random()|};
                    var watch = {|DUR1001:Stopwatch.StartNew()|};
                    var stamps = items.Select(i => {|DUR1001:DateTime.UtcNow|}.Ticks).ToList();
                    Func<Guid> make = {|DUR1003:Guid.NewGuid|};
                    await context.WaitAsync(TimeSpan.FromSeconds(1));
                    return random.Next() + (watch.IsRunning ? 1 : 0) + stamps.Count + Sync(context);
                }

                private static long Sync(IDurableContext context) => {|DUR1001:DateTime.UtcNow|}.Ticks;
            }
            """);
    }

    [Fact]
    public void The_fix_offers_no_Fix_All()
    {
        CodeFixVerifier.AssertNoFixAllProvider(new WrapInStepCodeFix());
    }
}
