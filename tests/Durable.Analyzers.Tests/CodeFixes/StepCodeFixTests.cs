using Durable.CodeFixes;
using Durable.Generators;

namespace Durable.Analyzers.Tests.CodeFixes;

public class StepCodeFixTests
{
    private static CodeFixTestOptions WithGenerator => new() { AllowFixAll = false, Generators = [new WorkflowGenerator()] };

    [Fact]
    public async Task Direct_step_calls_become_generated_wrapper_calls()
    {
        await Verify.CodeFixAsync<DirectStepCallAnalyzer, CallGeneratedWrapperCodeFix>("""
            using Durable;

            [DurableWorkflow]
            public partial class Orders
            {
                public async Task<int> RunAsync(string order, IDurableContext context)
                {
                    var validated = {|DUR4004:Validate(order)|};
                    var charged = await {|DUR4004:ChargeAsync(validated, CancellationToken.None)|};
                    var length = {|DUR4004:Validate(order)|}.ToString().Length;
                    {|DUR4004:Notify(order)|};
                    var pending = {|DUR4004:ReserveAsync(order)|};
                    return charged + length + await pending;
                }

                [DurableStep]
                private static int Validate(string order) => order.Length;

                [DurableStep]
                private Task<int> ChargeAsync(int amount, CancellationToken cancellationToken) => Task.FromResult(amount);

                [DurableStep]
                private static void Notify(string order) { }

                [DurableStep]
                private static Task<int> ReserveAsync(string order) => Task.FromResult(1);
            }
            """, """
            using Durable;

            [DurableWorkflow]
            public partial class Orders
            {
                public async Task<int> RunAsync(string order, IDurableContext context)
                {
                    var validated = await Steps.ValidateAsync(order);
                    var charged = await Steps.ChargeAsync(validated, cancellationToken: CancellationToken.None);
                    var length = (await Steps.ValidateAsync(order)).ToString().Length;
                    await Steps.NotifyAsync(order);
                    var pending = Steps.ReserveAsync(order);
                    return charged + length + await pending;
                }

                [DurableStep]
                private static int Validate(string order) => order.Length;

                [DurableStep]
                private Task<int> ChargeAsync(int amount, CancellationToken cancellationToken) => Task.FromResult(amount);

                [DurableStep]
                private static void Notify(string order) { }

                [DurableStep]
                private static Task<int> ReserveAsync(string order) => Task.FromResult(1);
            }
            """, WithGenerator);
    }

    [Fact]
    public async Task The_step_context_argument_is_dropped()
    {
        await Verify.CodeFixAsync<DirectStepCallAnalyzer, CallGeneratedWrapperCodeFix>("""
            using Durable;

            [DurableWorkflow]
            public partial class Orders
            {
                public async Task<string> RunAsync(string order, IDurableContext context) =>
                    await context.RunInChildContextAsync(async child => {|DUR4004:Label(null!, order)|});

                [DurableStep]
                private static string Label(IStepContext step, string order) => order;
            }
            """, """
            using Durable;

            [DurableWorkflow]
            public partial class Orders
            {
                public async Task<string> RunAsync(string order, IDurableContext context) =>
                    await context.RunInChildContextAsync(async child => await Steps.LabelAsync(order));

                [DurableStep]
                private static string Label(IStepContext step, string order) => order;
            }
            """, WithGenerator);
    }

    [Fact]
    public async Task No_wrapper_fix_without_generated_wrappers_or_when_static_code_cannot_reach_instance_wrappers()
    {
        // One instance step makes Steps an instance property, out of reach of a static run method.
        await Verify.NoFixAsync<DirectStepCallAnalyzer, CallGeneratedWrapperCodeFix>("""
            using Durable;

            [DurableWorkflow]
            public partial class Orders
            {
                public static async Task<int> RunAsync(string order, IDurableContext context) => {|DUR4004:Validate(order)|};

                [DurableStep]
                private static int Validate(string order) => order.Length;

                [DurableStep]
                private int Charge(int amount) => amount;
            }
            """, WithGenerator);

        await Verify.NoFixAsync<DirectStepCallAnalyzer, CallGeneratedWrapperCodeFix>("""
            using Durable;

            [DurableWorkflow]
            public partial class Orders
            {
                public async Task<int> RunAsync(string order, IDurableContext context) => {|DUR4004:Validate(order)|};

                [DurableStep]
                private static int Validate(string order) => order.Length;
            }
            """, new CodeFixTestOptions { AllowFixAll = false });
    }

    [Fact]
    public async Task A_statement_with_io_is_extracted_to_a_step_method_with_its_inputs_as_parameters()
    {
        await Verify.CodeFixAsync<NondeterministicApiAnalyzer, ExtractToStepMethodCodeFix>("""
            using Durable;

            [DurableWorkflow]
            public partial class Orders(HttpClient http)
            {
                public async Task<int> RunAsync(string order, IDurableContext context)
                {
                    var url = "https://example.com/" + order;
                    var page = await {|DUR1005:http.GetStringAsync(url)|};
                    {|DUR1006:File.WriteAllText(order + ".txt", page)|};
                    return page.Length;
                }
            }
            """, """
            using Durable;

            [DurableWorkflow]
            public partial class Orders(HttpClient http)
            {
                public async Task<int> RunAsync(string order, IDurableContext context)
                {
                    var url = "https://example.com/" + order;
                    var page = await Steps.GetStringAsync(url);
                    await Steps.WriteAllTextAsync(order, page);
                    return page.Length;
                }

                [DurableStep]
                private static void WriteAllText(string order, string page)
                {
                    File.WriteAllText(order + ".txt", page);
                }

                [DurableStep]
                private async Task<string> GetString(string url)
                {
                    var page = await http.GetStringAsync(url);
                    return page;
                }
            }
            """, WithGenerator);
    }

    [Fact]
    public async Task No_extraction_where_the_statement_cannot_become_a_step()
    {
        // Outside a workflow class; writing a variable of the run method; a non-payload input; a lambda in between.
        await Verify.NoFixAsync<NondeterministicApiAnalyzer, ExtractToStepMethodCodeFix>("""
            using Durable;

            public static class Plain
            {
                public static async Task<string> RunAsync(IDurableContext context) => await {|DUR1006:File.ReadAllTextAsync("x")|};
            }

            [DurableWorkflow]
            public partial class Orders
            {
                public async Task<int> RunAsync(string order, IDurableContext context)
                {
                    var total = 0;
                    total = {|DUR1006:File.ReadAllText(order)|}.Length;
                    var client = new HttpClient();
                    var page = await {|DUR1005:client.GetStringAsync(order)|};
                    var lengths = new[] { order }.Select(o => {|DUR1006:File.ReadAllText(o)|}.Length).ToList();
                    return total + page.Length + lengths.Count;
                }
            }
            """, WithGenerator);
    }
}
