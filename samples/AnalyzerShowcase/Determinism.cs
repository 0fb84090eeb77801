using Durable;
using Microsoft.Extensions.Logging;

namespace AnalyzerShowcase;

/// <summary>
/// Nondeterminism in workflow code (DUR1001–DUR1012). The workflow body replays from the top on every invocation,
/// so each of these gives another value (or repeats a side effect) on replay. Each belongs in a step.
/// </summary>
[DurableWorkflow]
public partial class DeterminismMistakes(HttpClient http, ILogger<DeterminismMistakes> logger)
{
    public async Task<string> RunAsync(Order order, IDurableContext context)
    {
        var createdAt = DateTime.UtcNow;                                                    // DUR1001
        var discount = Random.Shared.Next(5);                                               // DUR1002
        var reference = Guid.NewGuid();                                                     // DUR1003
        await Task.Delay(TimeSpan.FromMinutes(5));                                          // DUR1004
        var price = await http.GetStringAsync($"https://prices.example.com/{order.Sku}");  // DUR1005
        var template = File.ReadAllText("invoice.html");                                    // DUR1006
        var table = Environment.GetEnvironmentVariable("ORDERS_TABLE");                     // DUR1007
        var trace = Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID");                 // DUR1008
        var label = Labels.Stamp(order);                                                    // DUR1009
        var shard = order.Sku.GetHashCode() % 8;                                            // DUR1010
        var tags = new HashSet<string>(order.Tags);
        foreach (var tag in tags)                                                           // DUR1011
        {
            await context.StepAsync(_ => tag.Length, "tag-" + tag);
        }

        logger.LogInformation("Priced {Sku} at {Price}", order.Sku, price);                 // DUR1012
        return $"{createdAt}{discount}{reference}{template}{table}{trace}{label}{shard}";
    }
}
