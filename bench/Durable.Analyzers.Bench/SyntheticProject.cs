using System.Globalization;
using System.Text;

namespace Durable.Analyzers.Bench;

/// <summary>
/// Writes a synthetic project of roughly a given number of lines: modules of a <c>[DurableWorkflow]</c> class (steps,
/// child contexts, maps, waits, callbacks, LINQ, helpers), its payload records and a service interface, and about as
/// much plain code (parsers, formatting, validation) as a real service carries next to its workflows. One module in
/// ten has a few analyzer findings, so the reporting paths run too. Deterministic: the same arguments give the same text.
/// </summary>
internal static class SyntheticProject
{
    public static IReadOnlyList<(string Path, string Text)> Create(int targetLines)
    {
        var files = new List<(string, string)> { ("Shared.cs", Shared) };
        var lines = CountLines(Shared);
        for (var module = 0; lines < targetLines; module++)
        {
            var workflow = Workflow(module);
            var plain = PlainCode(module);
            files.Add(($"Module{module:000}/Workflow{module:000}.cs", workflow));
            files.Add(($"Module{module:000}/Support{module:000}.cs", plain));
            lines += CountLines(workflow) + CountLines(plain);
        }

        return files;
    }

    /// <summary>A plain helper some workflows call: reaching the clock through it is DUR1009's finding.</summary>
    private const string Shared = """
        namespace Synthetic;

        public static class Formatting
        {
            public static long Stamp() => DateTime.UtcNow.Ticks;
        }

        """;

    public static int CountLines(string text) => text.Count(c => c == '\n');

    private static string Workflow(int m)
    {
        var withFindings = m % 10 == 0;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $$"""
            using Durable;
            using Microsoft.Extensions.Logging;

            namespace Synthetic.Module{{m}};

            public sealed record Order{{m}}(string Id, string Sku, int Quantity, decimal Price, string[] Tags);

            public sealed record Line{{m}}(string Tag, int Weight);

            public sealed record Result{{m}}(string Id, decimal Total, int Items, string Label);

            public interface IInventory{{m}}
            {
                Task<int> ReserveAsync(string sku, int quantity, CancellationToken cancellationToken);

                Task ReleaseAsync(string sku, int quantity, CancellationToken cancellationToken);
            }

            [DurableWorkflow("workflow-{{m}}", FunctionTimeoutSeconds = 600)]
            public partial class Workflow{{m}}(IInventory{{m}} inventory)
            {
                public async Task<Result{{m}}> RunAsync(Order{{m}} order, IDurableContext context)
                {
                    context.Logger.LogInformation("Starting {Id}", order.Id);
                    var valid = await Steps.ValidateAsync(order);
                    if (!valid)
                    {
                        return new Result{{m}}(order.Id, 0m, 0, "invalid");
                    }

                    var total = await Steps.PriceAsync(order);
                    var lines = order.Tags
                        .Where(t => !string.IsNullOrWhiteSpace(t))
                        .Select((t, i) => new Line{{m}}(t.Trim().ToUpperInvariant(), i + 1))
                        .OrderBy(l => l.Tag, StringComparer.Ordinal)
                        .ToList();
                    var reserved = await context.RunInChildContextAsync(async child =>
                    {
                        await child.WaitAsync(TimeSpan.FromSeconds(30), "settle");
                        return await Steps.ReserveAsync(order);
                    }, "reserve");
                    var weights = await context.MapAsync(lines, async (item, line, index) =>
                        await item.StepAsync(_ => Formatting{{m}}.Weigh(line.Tag, line.Weight), "weigh"), "weights");
                    var callback = await context.CreateCallbackAsync<string>("approval", new CallbackConfig { Timeout = TimeSpan.FromDays(2) });
                    await Steps.NotifyAsync(order.Id, callback.CallbackId);
                    var approval = await callback.GetResultAsync();
                    for (var round = 0; round < 3; round++)
                    {
                        var done = await context.StepAsync(_ => round * reserved, $"round-{round}");
                        if (done > 10)
                        {
                            break;
                        }
                    }

                    var branches = await context.ParallelAsync<int>(
                    [
                        async b => await b.StepAsync(_ => lines.Count, "count"),
                        async b => await b.StepAsync(_ => weights.SuccessCount, "succeeded"),
                    ], "summary");
                    var label = Formatting{{m}}.Label(order.Id, total, approval);

            """);
        if (withFindings)
        {
            text.Append("""
                        var stamp = DateTime.UtcNow;
                        await Task.Delay(TimeSpan.FromSeconds(2));
                        var extra = Formatting.Stamp();
                        label += stamp.Ticks + extra;

                """);
        }

        text.Append(CultureInfo.InvariantCulture, $$"""
                    context.Logger.LogInformation("Done {Id} {Label}", order.Id, label);
                    return new Result{{m}}(order.Id, total, branches.GetResults().Sum() + reserved, label);
                }

                [DurableStep]
                private static bool Validate(Order{{m}} order)
                {
                    if (string.IsNullOrWhiteSpace(order.Id) || order.Quantity <= 0)
                    {
                        return false;
                    }

                    foreach (var tag in order.Tags)
                    {
                        if (tag.Length > 64)
                        {
                            return false;
                        }
                    }

                    return order.Price >= 0;
                }

                [DurableStep(TimeoutSeconds = 30)]
                private static decimal Price(Order{{m}} order)
                {
                    var total = order.Price * order.Quantity;
                    var discount = order.Quantity switch
                    {
                        > 100 => 0.1m,
                        > 10 => 0.05m,
                        _ => 0m,
                    };
                    return decimal.Round(total * (1 - discount), 2);
                }

                [DurableStep]
                private async Task<int> ReserveAsync(Order{{m}} order, CancellationToken cancellationToken)
                    => await inventory.ReserveAsync(order.Sku, order.Quantity, cancellationToken);

                [DurableStep]
                private static Task NotifyAsync(string orderId, string callbackId) => Task.CompletedTask;
            }

            """);
        return text.ToString();
    }

    private static string PlainCode(int m) => string.Create(CultureInfo.InvariantCulture, $$"""
        using System.Globalization;
        using System.Text;

        namespace Synthetic.Module{{m}};

        /// <summary>Plain code next to the workflow: parsing, formatting, validation.</summary>
        public static class Formatting{{m}}
        {
            public static int Weigh(string tag, int weight)
            {
                var score = 0;
                foreach (var c in tag)
                {
                    score = unchecked((score * 31) + c);
                }

                return Math.Abs(score % 97) + weight;
            }

            public static string Label(string id, decimal total, string approval)
            {
                var builder = new StringBuilder();
                builder.Append(id).Append(':');
                builder.Append(total.ToString("0.00", CultureInfo.InvariantCulture));
                if (!string.IsNullOrEmpty(approval))
                {
                    builder.Append(" approved by ").Append(approval);
                }

                return builder.ToString();
            }

            public static IReadOnlyList<string> Split(string text, char separator)
            {
                var parts = new List<string>();
                var start = 0;
                for (var i = 0; i <= text.Length; i++)
                {
                    if (i == text.Length || text[i] == separator)
                    {
                        if (i > start)
                        {
                            parts.Add(text[start..i].Trim());
                        }

                        start = i + 1;
                    }
                }

                return parts;
            }

            public static bool TryParseQuantity(string text, out int quantity)
            {
                quantity = 0;
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                {
                    return false;
                }

                if (value is < 1 or > 10_000)
                {
                    return false;
                }

                quantity = value;
                return true;
            }

            public static decimal Tax(decimal amount, string region) => region switch
            {
                "EU" => amount * 0.2m,
                "US" => amount * 0.07m,
                "UK" => amount * 0.2m,
                _ => 0m,
            };
        }

        /// <summary>A small model with behaviour, as services have.</summary>
        public sealed class Basket{{m}}
        {
            private readonly Dictionary<string, int> _items = new(StringComparer.Ordinal);

            public int Count => _items.Count;

            public void Add(string sku, int quantity)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(sku);
                _items[sku] = _items.TryGetValue(sku, out var existing) ? existing + quantity : quantity;
            }

            public bool Remove(string sku, int quantity)
            {
                if (!_items.TryGetValue(sku, out var existing) || existing < quantity)
                {
                    return false;
                }

                if (existing == quantity)
                {
                    _items.Remove(sku);
                }
                else
                {
                    _items[sku] = existing - quantity;
                }

                return true;
            }

            public decimal Total(Func<string, decimal> price) => _items.Sum(item => price(item.Key) * item.Value);

            public IEnumerable<string> Skus() => _items.Keys.Order(StringComparer.Ordinal);
        }

        """);
}
