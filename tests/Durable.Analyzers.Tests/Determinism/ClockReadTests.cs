namespace Durable.Analyzers.Tests.Determinism;

public class ClockReadTests
{
    [Fact]
    public async Task Clock_reads_in_a_run_method_are_reported()
    {
        await Verify.AnalyzerAsync<NondeterministicApiAnalyzer>("""
            using Durable;
            using System.Diagnostics;

            [DurableWorkflow]
            public partial class Orders
            {
                public async Task<string> RunAsync(string input, IDurableContext context)
                {
                    var now = {|DUR1001:DateTime.UtcNow|};
                    var local = {|DUR1001:DateTime.Now|};
                    var today = {|DUR1001:DateTime.Today|};
                    var offset = {|DUR1001:DateTimeOffset.UtcNow|};
                    var ticks = {|DUR1001:Environment.TickCount64|};
                    var watch = {|DUR1001:Stopwatch.StartNew()|};
                    var system = {|DUR1001:TimeProvider.System.GetUtcNow()|};
                    await context.WaitAsync(TimeSpan.FromSeconds(5));
                    return $"{now}{local}{today}{offset}{ticks}{watch}{system}";
                }
            }
            """);
    }

    [Fact]
    public async Task Clock_reads_in_workflow_lambdas_child_callbacks_and_linq_inside_workflow_code_are_reported()
    {
        await Verify.AnalyzerAsync<NondeterministicApiAnalyzer>("""
            using Durable;
            using Durable.Hosting;

            public static class Functions
            {
                public static DurableFunctionHandler Handler() => DurableFunction.Create<int[], int>(async (items, context) =>
                {
                    var stamps = items.Select(i => {|DUR1001:DateTime.UtcNow|}.Ticks + i).ToList();
                    var child = await context.RunInChildContextAsync(async child =>
                    {
                        await child.WaitAsync(TimeSpan.FromSeconds(1));
                        return {|DUR1001:DateTime.UtcNow|}.Second;
                    });
                    var pooled = await Task.Run(() => {|DUR1001:DateTime.UtcNow|}.Second);
                    return stamps.Count + child + pooled;
                });
            }
            """,
            new() { DefaultDiagnosticId = DiagnosticIds.ClockRead });
    }

    [Fact]
    public async Task Clock_reads_inside_steps_however_they_are_passed_are_not_reported()
    {
        // Step lambdas, LINQ inside a step, a [DurableStep] method, a method-group step, a local-function step, a
        // delegate-variable step, a wait-for-callback submitter and a condition check: all step code (analyzers.md §2.5).
        await Verify.AnalyzerAsync<NondeterministicApiAnalyzer>("""
            using Durable;

            [DurableWorkflow]
            public partial class Orders
            {
                public async Task<long> RunAsync(int[] items, IDurableContext context)
                {
                    var a = await context.StepAsync(_ => DateTime.UtcNow);
                    var b = await context.StepAsync(_ => items.Select(i => DateTime.UtcNow.Ticks + i).Sum());
                    var c = await context.StepAsync(Stamp);
                    var d = await context.StepAsync(LocalStamp);
                    Func<IStepContext, DateTime> stampStep = _ => DateTime.Now;
                    var e = await context.StepAsync(stampStep);
                    await context.WaitForCallbackAsync<string>((id, _) => Task.FromResult(DateTime.UtcNow.ToString() + id));
                    var f = await context.WaitForConditionAsync<long>(
                        (state, _) => Task.FromResult(state + DateTime.UtcNow.Ticks),
                        new WaitForConditionConfig<long> { InitialState = 0 });
                    return a.Ticks + b + c.Ticks + d.Ticks + e.Ticks + f + Clock.Read().Ticks;

                    DateTime LocalStamp(IStepContext step) => DateTime.UtcNow;
                }

                [DurableStep]
                private static DateTime Now() => DateTime.UtcNow;

                private static DateTime Stamp(IStepContext step) => DateTime.UtcNow;
            }

            public static class Clock
            {
                public static DateTime Read() => DateTime.UtcNow;
            }
            """,
            new() { DefaultDiagnosticId = DiagnosticIds.ClockRead });
    }

    [Fact]
    public async Task A_delegate_built_in_workflow_code_but_only_invoked_inside_a_step_is_not_reported()
    {
        // AWS's DE001 reports this (analyzers.md §2.5, false positives).
        await Verify.AnalyzerAsync<NondeterministicApiAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static async Task<DateTime> RunAsync(IDurableContext context)
                {
                    Func<DateTime> read = () => DateTime.Now;
                    int Offset() => DateTime.UtcNow.Second;
                    return await context.StepAsync(_ => read().AddSeconds(Offset()));
                }
            }
            """,
            new() { DefaultDiagnosticId = DiagnosticIds.ClockRead });
    }

    [Fact]
    public async Task A_delegate_that_is_also_invoked_in_workflow_code_is_reported()
    {
        await Verify.AnalyzerAsync<NondeterministicApiAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static async Task<DateTime> RunAsync(IDurableContext context)
                {
                    Func<DateTime> read = () => {|DUR1001:DateTime.Now|};
                    var first = read();
                    return await context.StepAsync(_ => read()) > first ? first : first;
                }
            }
            """,
            new() { DefaultDiagnosticId = DiagnosticIds.ClockRead });
    }

    [Fact]
    public async Task Plain_code_nameof_and_unrelated_step_methods_are_not_reported()
    {
        await Verify.AnalyzerAsync<NondeterministicApiAnalyzer>("""
            using Durable;

            public class Scheduler
            {
                public DateTime Next() => DateTime.UtcNow.AddMinutes(1);

                public Task<DateTime> StepAsync(Func<DateTime> work) => Task.FromResult(work());

                public async Task<string> RunAsync(IDurableContext context)
                {
                    await context.WaitAsync(TimeSpan.FromSeconds(1));
                    return nameof(DateTime.UtcNow);
                }

                public Task<DateTime> Unrelated() => StepAsync(() => DateTime.UtcNow);
            }
            """,
            new() { DefaultDiagnosticId = DiagnosticIds.ClockRead });
    }

    [Fact]
    public async Task The_message_names_the_member_and_the_fix()
    {
        var result = await Verify.RunAsync("""
            using Durable;
            public static class Flow
            {
                public static Task<DateTime> RunAsync(IDurableContext context) => Task.FromResult(DateTime.UtcNow);
            }
            """, [new NondeterministicApiAnalyzer()]);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(
            "'DateTime.UtcNow' reads the clock in workflow code, which returns another time on every replay. Read it inside a step so the value is checkpointed.",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Nothing_is_reported_when_Durable_Runtime_is_not_referenced()
    {
        var result = await Durable.Testing.Roslyn.AnalyzerVerifier.RunAsync("""
            namespace Durable { public interface IDurableContextLookalike { } }
            public static class Flow
            {
                public static System.DateTime Now(Durable.IDurableContextLookalike context) => System.DateTime.UtcNow;
            }
            """, [new NondeterministicApiAnalyzer()]);
        Assert.Empty(result.Diagnostics);
    }
}
