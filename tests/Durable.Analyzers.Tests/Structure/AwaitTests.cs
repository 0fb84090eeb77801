namespace Durable.Analyzers.Tests.Structure;

public class AwaitTests
{
    private const string Repository = """
        public interface IOrderRepository
        {
            Task<string> LoadAsync(string id);
            Task SaveAsync(string id);
        }
        """;

    [Fact]
    public async Task Awaiting_unknown_non_durable_work_in_workflow_code_is_reported()
    {
        await Verify.AnalyzerAsync<NonDurableAwaitAnalyzer>("""
            using Durable;

            public sealed class Flow(IOrderRepository orders)
            {
                public async Task<string> RunAsync(string id, IDurableContext context)
                {
                    var order = {|DUR2007:await orders.LoadAsync(id)|};
                    var pending = orders.SaveAsync(id);
                    {|DUR2007:await pending|};
                    {|DUR2007:await orders.SaveAsync(id).ConfigureAwait(false)|};
                    return order;
                }
            }
            """,
            new() { AdditionalSources = [Repository] });
    }

    [Fact]
    public async Task Durable_awaits_task_helpers_source_helpers_steps_and_catalogued_apis_are_not_reported_here()
    {
        await Verify.AnalyzerAsync<NonDurableAwaitAnalyzer>("""
            using Durable;

            public sealed class Flow(IOrderRepository orders)
            {
                public async Task<string> RunAsync(string id, IDurableContext context)
                {
                    var order = await context.StepAsync(_ => orders.LoadAsync(id));
                    var callback = await context.CreateCallbackAsync<string>();
                    var answer = await callback.GetResultAsync();
                    await Task.Yield();
                    var value = await Task.FromResult(1);
                    var viaHelper = await WorkflowHelper(context);
                    var local = await ComputeAsync(2);
                    var started = context.StepAsync(_ => 3);
                    var three = await started;
                    await Task.WhenAll(started);
                    await File.ReadAllTextAsync("x");
                    await Task.Delay(1);
                    return order + answer + value + viaHelper + local + three;
                }

                private static async Task<int> WorkflowHelper(IDurableContext context) => await context.StepAsync(_ => 1);

                private static async Task<int> ComputeAsync(int x)
                {
                    await Task.Yield();
                    return x * 2;
                }
            }
            """,
            new() { AdditionalSources = [Repository] });
    }

    [Fact]
    public async Task Dropped_durable_tasks_are_reported()
    {
        await Verify.AnalyzerAsync<UnawaitedOperationAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static async Task RunAsync(IDurableContext context)
                {
                    #pragma warning disable CS4014
                    {|DUR2008:context.StepAsync(_ => 1)|};
                    #pragma warning restore CS4014
                    _ = {|DUR2008:context.WaitAsync(TimeSpan.FromSeconds(1))|};
                    var never = {|DUR2008:context.StepAsync(_ => 2)|};
                    var kept = context.StepAsync(_ => 3);
                    await kept;
                    var combined = context.StepAsync(_ => 4);
                    await Task.WhenAll(combined);
                    await context.StepAsync(_ => 5);
                }
            }
            """);
    }

    [Fact]
    public async Task Dropped_generated_wrapper_calls_are_reported()
    {
        await Verify.AnalyzerAsync<UnawaitedOperationAnalyzer>("""
            using Durable;

            [DurableWorkflow]
            public partial class Flow
            {
                public async Task RunAsync(string input, IDurableContext context)
                {
                    _ = {|DUR2008:Steps.ChargeAsync(input)|};
                    await Steps.ChargeAsync(input);
                    await Steps.On(context).ChargeAsync(input);
                }

                [DurableStep]
                private static int Charge(string order) => order.Length;
            }
            """,
            new() { Generators = [new Durable.Generators.WorkflowGenerator()] });
    }

    [Fact]
    public async Task Async_void_with_durable_work_is_reported()
    {
        await Verify.AnalyzerAsync<AsyncVoidAnalyzer>("""
            using Durable;

            [DurableWorkflow]
            public partial class Flow
            {
                public async Task RunAsync(List<int> items, IDurableContext context)
                {
                    items.ForEach({|DUR2009:async item =>|} await context.StepAsync(_ => item));
                    Fire(context);
                    await context.WaitAsync(TimeSpan.FromSeconds(1));

                    async void {|DUR2009:LocalFire|}() => await context.WaitAsync(TimeSpan.FromSeconds(1));
                    LocalFire();
                }

                private async void {|DUR2009:Fire|}(IDurableContext context) => await context.WaitAsync(TimeSpan.FromSeconds(1));

                [DurableStep]
                private async void {|DUR2009:Notify|}() => await Task.Yield();

                // An ordinary event handler: nothing durable, not reported.
                private async void OnTick(object? sender, EventArgs e) => await Task.Delay(1);
            }
            """);
    }

    [Fact]
    public async Task Blocking_on_durable_tasks_is_reported()
    {
        await Verify.AnalyzerAsync<BlockingWaitAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static Task RunAsync(IDurableContext context)
                {
                    var a = {|DUR2010:context.StepAsync(_ => 1).Result|};
                    var pending = context.StepAsync(_ => 2);
                    {|DUR2010:pending.Wait()|};
                    var b = {|DUR2010:context.StepAsync(_ => 3).GetAwaiter().GetResult()|};
                    {|DUR2010:Task.WaitAll(context.WaitAsync(TimeSpan.FromSeconds(1)))|};
                    var plain = Task.FromResult(4).Result;
                    return Task.CompletedTask;
                }
            }
            """);
    }
}
