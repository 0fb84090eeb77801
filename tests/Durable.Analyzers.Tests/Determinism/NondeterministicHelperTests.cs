namespace Durable.Analyzers.Tests.Determinism;

public class NondeterministicHelperTests
{
    [Fact]
    public async Task Helpers_are_reported_once_at_the_workflow_call_site_with_the_call_path()
    {
        var result = await Verify.RunAsync("""
            using Durable;

            public static class Flow
            {
                public static async Task<string> RunAsync(IDurableContext context)
                {
                    var stamp = Stamp();
                    await context.WaitAsync(TimeSpan.FromSeconds(1));
                    return stamp;
                }

                private static string Stamp() => Format(Clock.Read());

                private static string Format(DateTime value) => value.ToString("O");
            }

            public static class Clock
            {
                public static DateTime Read() => Inner();

                private static DateTime Inner() => DateTime.UtcNow;
            }
            """, [new NondeterministicHelperAnalyzer(), new NondeterministicApiAnalyzer()]);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticIds.NondeterministicHelper, diagnostic.Id);
        Assert.Equal(
            "'Stamp' is called from workflow code and reads the clock (through Stamp → Read → Inner → DateTime.UtcNow), which runs again on every replay. Call it inside a step, or make it a [DurableStep].",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Property_getters_constructors_method_groups_and_cross_file_helpers_are_followed()
    {
        await Verify.AnalyzerAsync<NondeterministicHelperAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static async Task<int> RunAsync(IDurableContext context)
                {
                    var now = {|DUR1009:Ids.Now|};
                    var order = {|DUR1009:new Order()|};
                    var ids = Enumerable.Range(0, 2).Select({|DUR1009:Ids.Make|}).ToList();
                    var text = {|DUR1009:Storage.Load("orders")|};
                    await context.WaitAsync(TimeSpan.FromSeconds(1));
                    return now.Second + order.Id.GetHashCode() + ids.Count + text.Length;
                }
            }

            public sealed class Order
            {
                public Order() { Id = Guid.NewGuid(); }
                public Guid Id { get; }
            }

            public static class Ids
            {
                public static DateTime Now => DateTime.Now;
                public static Guid Make(int index) => Guid.NewGuid();
            }
            """,
            new()
            {
                AdditionalSources = ["""
                    public static class Storage
                    {
                        public static string Load(string name) => System.IO.File.ReadAllText(name);
                    }
                    """],
            });
    }

    [Fact]
    public async Task Deterministic_helpers_steps_workflow_helpers_and_calls_from_steps_are_not_reported()
    {
        await Verify.AnalyzerAsync<NondeterministicHelperAnalyzer>("""
            using Durable;

            [DurableWorkflow]
            public partial class Flow
            {
                public async Task<int> RunAsync(int input, IDurableContext context)
                {
                    var doubled = Double(input);
                    var inStep = await context.StepAsync(_ => Clock.Read().Second);
                    var viaWorkflowHelper = await HelperAsync(context);
                    return doubled + inStep + viaWorkflowHelper + Recursive(3);
                }

                private static int Double(int value) => value * 2;

                // A workflow helper (it receives the context) is workflow code itself: its own uses are reported in place.
                private static async Task<int> HelperAsync(IDurableContext context)
                {
                    await context.WaitAsync(TimeSpan.FromSeconds(1));
                    return 1;
                }

                private static int Recursive(int n) => n <= 0 ? 0 : Recursive(n - 1) + Mutual(n);

                private static int Mutual(int n) => n > 100 ? Recursive(n - 1) : n;

                // A helper that only builds a step lambda does nothing nondeterministic itself.
                private static Func<IStepContext, DateTime> MakeStep() => _ => DateTime.UtcNow;
            }

            public static class Clock
            {
                public static DateTime Read() => DateTime.UtcNow;
            }
            """);
    }

    [Fact]
    public async Task The_search_is_bounded_in_depth()
    {
        // A chain longer than the depth limit is not followed to its end; a shorter one is.
        var chain = string.Join("\n", Enumerable.Range(0, 12).Select(i => $"    public static int F{i}() => F{i + 1}();"));
        var result = await Verify.RunAsync($$"""
            using Durable;

            public static class Chain
            {
            {{chain}}
                public static int F12() => DateTime.UtcNow.Second;
            }

            public static class Flow
            {
                public static async Task<int> RunAsync(IDurableContext context)
                {
                    await context.WaitAsync(TimeSpan.FromSeconds(1));
                    return Chain.F0() + Chain.F8();
                }
            }
            """, [new NondeterministicHelperAnalyzer()]);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Contains("F8 → F9 → F10 → F11 → F12 → DateTime.UtcNow", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
