namespace Durable.Analyzers.Tests.State;

public class CapturedVariableWriteTests
{
    [Fact]
    public async Task Every_kind_of_write_to_a_captured_variable_inside_a_step_is_reported()
    {
        // analyzers.md §2.5 item 4: AWS's DE003 misses deconstruction, out and ref arguments.
        await Verify.AnalyzerAsync<CapturedVariableWriteAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static async Task<int> RunAsync(string input, IDurableContext context)
                {
                    var total = 0;
                    string? note = null;
                    int a = 0, b = 0;
                    await context.StepAsync(_ =>
                    {
                        {|DUR3001:total|} = 1;
                        {|DUR3001:total|} += 2;
                        {|DUR3001:note|} ??= "x";
                        {|DUR3001:total|}++;
                        --{|DUR3001:total|};
                        ({|DUR3001:a|}, {|DUR3001:b|}) = (3, 4);
                        int.TryParse(input, out {|DUR3001:total|});
                        Interlocked.Increment(ref {|DUR3001:total|});
                        {|DUR3001:input|} = "changed";
                    });
                    return total + a + b + (note?.Length ?? 0) + input.Length;
                }
            }
            """);
    }

    [Fact]
    public async Task Writes_in_child_branch_map_submitter_condition_and_local_function_steps_are_reported()
    {
        await Verify.AnalyzerAsync<CapturedVariableWriteAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static async Task<int> RunAsync(IReadOnlyList<int> items, IDurableContext context)
                {
                    var seen = 0;
                    await context.RunInChildContextAsync(async child => { {|DUR3001:seen|}++; await child.WaitAsync(TimeSpan.FromSeconds(1)); });
                    await context.ParallelAsync<int>([async branch => { {|DUR3001:seen|} = 2; return await branch.StepAsync(_ => 1); }]);
                    await context.MapAsync(items, async (child, item, index) => { {|DUR3001:seen|} += item; return await child.StepAsync(_ => item); });
                    await context.WaitForCallbackAsync<string>((id, _) => { {|DUR3001:seen|} = id.Length; return Task.CompletedTask; });
                    await context.WaitForConditionAsync<int>((state, _) => { {|DUR3001:seen|} = state; return Task.FromResult(state + 1); }, new WaitForConditionConfig<int> { InitialState = 0 });
                    await context.StepAsync(Count);
                    return seen;

                    int Count(IStepContext step) => {|DUR3001:seen|} = 5;
                }
            }
            """);
    }

    [Fact]
    public async Task A_write_in_a_step_nested_in_a_child_context_is_reported_once()
    {
        // AWS's DE003 and the JS rule report this twice (analyzers.md §2.5).
        var result = await Verify.RunAsync("""
            using Durable;

            public static class Flow
            {
                public static async Task<int> RunAsync(IDurableContext context)
                {
                    var total = 0;
                    await context.RunInChildContextAsync(async child =>
                    {
                        await child.StepAsync(_ => total = 1);
                    });
                    return total;
                }
            }
            """, [new CapturedVariableWriteAnalyzer()]);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Contains("written inside a step", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_own_locals_shadowing_branch_locals_and_workflow_writes_are_not_reported()
    {
        await Verify.AnalyzerAsync<CapturedVariableWriteAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static async Task<int> RunAsync(int input, IDurableContext context)
                {
                    var total = input;
                    total = await context.StepAsync(_ => total + 1);
                    await context.StepAsync(_ =>
                    {
                        var inner = total;
                        inner++;
                        int.TryParse("1", out var parsed);
                        var (x, y) = (1, 2);
                        Func<int, int> increment = v => v + 1;
                        increment = v => v + 2;
                        return inner + parsed + x + y + increment(1);
                    });
                    await context.ParallelAsync<int>([async branch => { var local = 0; local++; return await branch.StepAsync(_ => local); }]);
                    await context.RunInChildContextAsync(async child =>
                    {
                        var childTotal = 0;
                        childTotal += await child.StepAsync(_ => 1);
                        return childTotal;
                    });
                    return total;
                }
            }
            """);
    }
}
