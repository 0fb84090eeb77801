using Durable;

namespace AnalyzerShowcase;

/// <summary>
/// Durable operations in the wrong place or used the wrong way (DUR2001–DUR2012): operation IDs are positional and
/// checkpoints are per operation, so the structure of durable calls must be the same on every replay.
/// </summary>
[DurableWorkflow]
public partial class StructureMistakes(IInventory inventory)
{
    private IDurableContext? _context;

    public async Task RunAsync(Order order, IDurableContext context)
    {
        await context.StepAsync(async _ => await context.WaitAsync(TimeSpan.FromSeconds(5)));   // DUR2001
        await context.RunInChildContextAsync(async child => await context.StepAsync(_ => 1));   // DUR2002
        await Task.Run(() => context.StepAsync(_ => 2));                                        // DUR2003
        var count = await Task.Run(() => order.Tags.Length);                                    // DUR2004
        await Task.WhenAll(context.StepAsync(_ => 3), context.StepAsync(_ => 4));               // DUR2005
        await Task.WhenAny(Steps.QuoteAsync(order), Steps.QuoteAsync(order));                  // DUR2006
        var reserved = await inventory.ReserveAsync(order.Sku);                                 // DUR2007
        _ = context.WaitAsync(TimeSpan.FromSeconds(1));                                         // DUR2008
        order.Tags.ToList().ForEach(async tag => await Steps.TagAsync(tag));                    // DUR2009
        var quote = Steps.QuoteAsync(order).Result;                                             // DUR2010
        _context = context;                                                                     // DUR2011
        await context.RunInChildContextAsync(child => Task.FromResult(order.Amount));           // DUR2012
        await context.StepAsync(_ => count + reserved + quote);
    }

    [DurableStep]
    private static decimal Quote(Order order) => order.Amount;

    [DurableStep]
    private static void Tag(string tag)
    {
    }
}
