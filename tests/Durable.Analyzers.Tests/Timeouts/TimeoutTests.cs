using Durable.Testing.Roslyn;

namespace Durable.Analyzers.Tests.Timeouts;

public class TimeoutTests
{
    [Fact]
    public async Task Steps_whose_constant_delays_or_timeouts_reach_the_function_timeout_are_reported()
    {
        await Verify.AnalyzerAsync<StepTimeoutAnalyzer>("""
            using Durable;

            [DurableWorkflow(FunctionTimeoutSeconds = 300)]
            public partial class Flow
            {
                private static readonly TimeSpan Long = TimeSpan.FromMinutes(6);

                public async Task RunAsync(string input, IDurableContext context)
                {
                    await context.StepAsync(_ => {|DUR5001:Thread.Sleep(TimeSpan.FromMinutes(5))|});
                    await context.StepAsync(async _ =>
                    {
                        await Task.Delay(TimeSpan.FromMinutes(2));
                        await {|DUR5001:Task.Delay(180_000)|};
                    });
                    await context.StepAsync(_ => 1, config: new StepConfig { Timeout = {|DUR5001:Long|} });
                    await context.StepAsync(_ => 2, config: new StepConfig { Timeout = TimeSpan.FromMinutes(4) });
                    await context.StepAsync(async _ =>
                    {
                        if (input.Length > 3)
                        {
                            await Task.Delay(TimeSpan.FromMinutes(10));
                        }
                    });
                }

                [DurableStep({|DUR5001:TimeoutSeconds = 300|})]
                private static Task Export() => Task.CompletedTask;

                [DurableStep(TimeoutSeconds = 299)]
                private static async Task Import()
                {
                    await {|DUR5001:Task.Delay(TimeSpan.FromSeconds(400))|};
                }
            }
            """);
    }

    [Fact]
    public async Task The_function_timeout_comes_from_editorconfig_then_msbuild_then_the_default()
    {
        const string Source = """
            using Durable;

            public static class Flow
            {
                public static Task RunAsync(IDurableContext context) =>
                    context.StepAsync(_ => [|Thread.Sleep(TimeSpan.FromMinutes(10))|]);
            }
            """;
        var quiet = Source.Replace("[|", string.Empty, StringComparison.Ordinal).Replace("|]", string.Empty, StringComparison.Ordinal);

        // Default 900 s: a 10-minute sleep fits.
        await Verify.AnalyzerAsync<StepTimeoutAnalyzer>(quiet);

        // MSBuild property.
        await Verify.AnalyzerAsync<StepTimeoutAnalyzer>(Source, new()
        {
            AnalyzerConfig = TestAnalyzerConfig.Empty.WithBuildProperty("DurableFunctionTimeoutSeconds", "600"),
        });

        // .editorconfig wins over MSBuild.
        await Verify.AnalyzerAsync<StepTimeoutAnalyzer>(quiet, new()
        {
            AnalyzerConfig = TestAnalyzerConfig.Empty
                .WithBuildProperty("DurableFunctionTimeoutSeconds", "600")
                .WithSourceFileOption("durable.function_timeout_seconds", "900"),
        });
    }

    [Fact]
    public async Task The_workflow_attribute_wins_over_the_options()
    {
        await Verify.AnalyzerAsync<StepTimeoutAnalyzer>("""
            using Durable;

            [DurableWorkflow(FunctionTimeoutSeconds = 900)]
            public partial class Flow
            {
                public Task RunAsync(string input, IDurableContext context) =>
                    context.StepAsync(_ => Thread.Sleep(TimeSpan.FromMinutes(10)));
            }
            """,
            new() { AnalyzerConfig = TestAnalyzerConfig.Empty.WithSourceFileOption("durable.function_timeout_seconds", "60") });
    }

    [Fact]
    public async Task Waits_and_callback_timeouts_outside_the_bounds_are_reported()
    {
        await Verify.AnalyzerAsync<WaitBoundsAnalyzer>("""
            using Durable;

            [DurableWorkflow(ExecutionTimeoutSeconds = 86400)]
            public partial class Flow
            {
                private static readonly TimeSpan Week = TimeSpan.FromDays(7);

                public async Task RunAsync(string input, IDurableContext context)
                {
                    await context.WaitAsync({|DUR5002:TimeSpan.FromMilliseconds(500)|});
                    await context.WaitAsync({|DUR5002:TimeSpan.Zero|});
                    await context.WaitAsync({|DUR5002:TimeSpan.FromDays(1)|});
                    await context.WaitAsync(TimeSpan.FromHours(23));
                    await context.WaitAsync(TimeSpan.FromSeconds(1));
                    await context.WaitForCallbackAsync<string>((id, _) => Task.CompletedTask, config: new WaitForCallbackConfig
                    {
                        Timeout = {|DUR5002:Week|},
                        HeartbeatTimeout = {|DUR5002:TimeSpan.FromMilliseconds(10)|},
                    });
                    await context.CreateCallbackAsync<string>(config: new CallbackConfig { Timeout = TimeSpan.Zero, HeartbeatTimeout = TimeSpan.FromMinutes(5) });
                    var variable = TimeSpan.FromSeconds(input.Length);
                    await context.WaitAsync(variable);
                }
            }
            """);
    }

    [Fact]
    public async Task The_execution_timeout_defaults_to_366_days()
    {
        await Verify.AnalyzerAsync<WaitBoundsAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static async Task RunAsync(IDurableContext context)
                {
                    await context.WaitAsync(TimeSpan.FromDays(365));
                    await context.WaitAsync({|DUR5002:TimeSpan.FromDays(366)|});
                }
            }
            """);
    }

    [Fact]
    public async Task Consecutive_steps_without_a_suspension_that_exceed_the_function_timeout_are_reported()
    {
        await Verify.AnalyzerAsync<InvocationBudgetAnalyzer>("""
            using Durable;

            [DurableWorkflow(FunctionTimeoutSeconds = 600)]
            public partial class Flow
            {
                public async Task RunAsync(string input, IDurableContext context)
                {
                    await context.StepAsync(_ => Thread.Sleep(TimeSpan.FromMinutes(4)), "export");
                    await Steps.ImportAsync();
                    await context.{|DUR5007:StepAsync|}(_ => 1, "index", new StepConfig { Timeout = TimeSpan.FromMinutes(3) });

                    // A durable wait suspends: the next invocation starts a fresh budget.
                    await context.WaitAsync(TimeSpan.FromMinutes(1));
                    await context.StepAsync(_ => Thread.Sleep(TimeSpan.FromMinutes(4)), "again");
                    await Steps.ImportAsync();
                }

                [DurableStep(TimeoutSeconds = 240)]
                private static Task Import() => Task.CompletedTask;
            }
            """,
            new() { Generators = [new Durable.Generators.WorkflowGenerator()] });
    }

    [Fact]
    public async Task The_budget_message_lists_the_steps()
    {
        var result = await Verify.RunAsync("""
            using Durable;

            public static class Flow
            {
                public static async Task RunAsync(IDurableContext context)
                {
                    await context.StepAsync(_ => Thread.Sleep(TimeSpan.FromMinutes(8)), "export");
                    await context.StepAsync(_ => Thread.Sleep(TimeSpan.FromMinutes(8)), "import");
                }
            }
            """, [new InvocationBudgetAnalyzer()]);

        Assert.Equal(
            "Steps 'export' and 'import' run back to back for up to 16 min with no suspension between them, more than the function timeout of 15 min; Lambda stops the invocation inside the last one, which then runs again. Add a durable wait between them or shorten the steps.",
            Assert.Single(result.Diagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Concurrent_conditional_and_suspended_steps_do_not_add_up()
    {
        await Verify.AnalyzerAsync<InvocationBudgetAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static async Task RunAsync(bool flag, IDurableContext context)
                {
                    await Task.WhenAll(
                        context.StepAsync(_ => Thread.Sleep(TimeSpan.FromMinutes(10))),
                        context.StepAsync(_ => Thread.Sleep(TimeSpan.FromMinutes(10))));
                    if (flag)
                    {
                        await context.StepAsync(_ => Thread.Sleep(TimeSpan.FromMinutes(10)));
                    }

                    await context.StepAsync(_ => Thread.Sleep(TimeSpan.FromMinutes(10)));
                    var callback = await context.CreateCallbackAsync<string>();
                    await callback.GetResultAsync();
                    await context.StepAsync(_ => Thread.Sleep(TimeSpan.FromMinutes(10)));
                    await context.InvokeAsync<int, int>("other", 1);
                    await context.StepAsync(_ => Thread.Sleep(TimeSpan.FromMinutes(10)));
                    await context.RunInChildContextAsync(child => child.WaitAsync(TimeSpan.FromSeconds(1)));
                    await context.StepAsync(_ => Thread.Sleep(TimeSpan.FromMinutes(10)));
                }
            }
            """);
    }

    [Fact]
    public async Task Invalid_timeout_options_are_reported_and_ignored()
    {
        var result = await Verify.RunAsync("""
            using Durable;
            public static class Flow
            {
                public static Task RunAsync(IDurableContext context) => context.StepAsync(_ => Thread.Sleep(TimeSpan.FromMinutes(10)));
            }
            """,
            [new InvalidOptionAnalyzer(), new StepTimeoutAnalyzer()],
            new()
            {
                AnalyzerConfig = TestAnalyzerConfig.Empty
                    .WithBuildProperty("DurableExecutionTimeoutSeconds", "a year")
                    .WithSourceFileOption("durable.function_timeout_seconds", "1200"),
            });

        var messages = result.Diagnostics.Select(d => d.Id + ": " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(m => m, StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            "DUR5008: Option 'build_property.DurableExecutionTimeoutSeconds' has the invalid value 'a year' and is ignored; expected a whole number of seconds from 1 to 31622400",
            "DUR5008: Option 'durable.function_timeout_seconds' has the invalid value '1200' and is ignored; expected a whole number of seconds from 1 to 900",
        ], messages);
    }
}
