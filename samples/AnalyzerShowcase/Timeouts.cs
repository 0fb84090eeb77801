using Durable;

namespace AnalyzerShowcase;

/// <summary>
/// Timeouts (DUR5001, DUR5002, DUR5007) for a function timeout of 5 minutes and an execution timeout of one day.
/// DUR5008 comes from the .editorconfig next to this file.
/// </summary>
[DurableWorkflow(FunctionTimeoutSeconds = 300, ExecutionTimeoutSeconds = 86400)]
public partial class TimeoutMistakes
{
    public async Task RunAsync(Order order, IDurableContext context)
    {
        await context.StepAsync(_ => Thread.Sleep(TimeSpan.FromMinutes(6)));                    // DUR5001
        await context.WaitAsync(TimeSpan.FromMilliseconds(200));                                // DUR5002
        await context.WaitAsync(TimeSpan.FromDays(2));                                          // DUR5002
        await Steps.ExportAsync(order);
        await Steps.ImportAsync(order);                                                         // DUR5007
    }

    [DurableStep(TimeoutSeconds = 200)]
    private static Task Export(Order order) => Task.CompletedTask;

    [DurableStep(TimeoutSeconds = 200)]
    private static Task Import(Order order) => Task.CompletedTask;
}
