namespace Durable.Analyzers.Tests.Determinism;

public class UnorderedIterationTests
{
    [Fact]
    public async Task Hash_ordered_and_file_system_collections_driving_durable_operations_are_reported()
    {
        await Verify.AnalyzerAsync<UnorderedIterationAnalyzer>("""
            using Durable;
            using System.Collections.Concurrent;

            public static class Flow
            {
                public static async Task RunAsync(HashSet<string> customers, ConcurrentDictionary<string, int> stock, IDurableContext context)
                {
                    foreach (var customer in {|DUR1011:customers|})
                    {
                        await context.StepAsync(_ => customer.Length, "charge-" + customer);
                    }

                    foreach (var sku in {|DUR1011:stock.Keys|})
                    {
                        await context.WaitAsync(TimeSpan.FromSeconds(1), sku);
                    }

                    foreach (var file in {|DUR1011:Directory.EnumerateFiles("/in")|})
                    {
                        await Process(context, file);
                    }

                    await context.MapAsync({|DUR1011:customers.ToList()|}, (child, customer, i) => child.StepAsync(_ => customer));
                }

                private static Task Process(IDurableContext context, string file) => context.StepAsync(_ => file);
            }
            """);
    }

    [Fact]
    public async Task Sorted_ordered_and_non_durable_loops_are_not_reported()
    {
        await Verify.AnalyzerAsync<UnorderedIterationAnalyzer>("""
            using Durable;

            public static class Flow
            {
                public static async Task<int> RunAsync(HashSet<string> customers, Dictionary<string, int> prices, IDurableContext context)
                {
                    foreach (var customer in customers.OrderBy(c => c, StringComparer.Ordinal))
                    {
                        await context.StepAsync(_ => customer.Length);
                    }

                    foreach (var (sku, price) in prices)
                    {
                        await context.StepAsync(_ => price, sku);
                    }

                    var total = 0;
                    foreach (var customer in customers)
                    {
                        total += customer.Length;
                    }

                    await context.MapAsync(customers.Order().ToList(), (child, c, i) => child.StepAsync(_ => c));
                    return total;
                }
            }
            """);
    }
}
