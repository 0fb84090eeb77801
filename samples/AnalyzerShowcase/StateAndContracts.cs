using Durable;

namespace AnalyzerShowcase;

/// <summary>Lost state (DUR3001) and the generator's contract (DUR4001, DUR4004, DUR4005).</summary>
[DurableWorkflow]
public partial class ContractMistakes
{
    public async Task<int> RunAsync(Order order, IDurableContext context)
    {
        var attempts = 0;
        await context.StepAsync(_ => { attempts++; return 1; });                                // DUR3001
        var length = Validate(order);                                                           // DUR4004
        return attempts + length;
    }

    [DurableStep]
    private static int Validate(Order order) => order.Sku.Length;

    [DurableStep]
    private static int Adjust(ref int amount) => amount;                                       // DUR4001
}

/// <summary>Not partial: the generator cannot add its members.</summary>
[DurableWorkflow]
public class NotPartialWorkflow                                                                 // DUR4005
{
    public Task RunAsync(Order order, IDurableContext context) => Task.CompletedTask;
}
