using BenchmarkDotNet.Attributes;
using Durable;
using Durable.Hosting;
using Durable.Local;

namespace Durable.Benchmarks;

/// <summary>
/// Fan-out through the local engine: a fresh execution maps over 1,000 items (or runs 100 parallel branches), each
/// in its own child context running one step, and completes in one invocation. Reported per item: the item's
/// context START/SUCCEED, its step START/SUCCEED, scheduling on its fiber, and its share of the summary.
/// </summary>
[MemoryDiagnoser]
public class BatchBenchmarks
{
    private const int MapItems = 1_000;
    private const int Branches = 100;
    private DurableFunctionHandler _map = null!;
    private DurableFunctionHandler _parallel = null!;

    [GlobalSetup]
    public void Setup()
    {
        var items = Enumerable.Range(0, MapItems).ToList();
        _map = DurableFunction.Create<string, int>(async (_, ctx) =>
            (await ctx.MapAsync(items, async (item, value, _) => await item.StepAsync(_ => value * 2))).SuccessCount);
        var branches = Enumerable.Range(0, Branches)
            .Select(i => (Func<IDurableContext, Task<int>>)(async branch => await branch.StepAsync(_ => i)))
            .ToList();
        _parallel = DurableFunction.Create<string, int>(async (_, ctx) => (await ctx.ParallelAsync(branches)).SuccessCount);
    }

    [Benchmark(Description = "map over 1,000 items, per item", OperationsPerInvoke = MapItems)]
    public Task<string?> Map() => RunAsync(_map);

    [Benchmark(Description = "parallel of 100 branches, per branch", OperationsPerInvoke = Branches)]
    public Task<string?> Parallel() => RunAsync(_parallel);

    private static async Task<string?> RunAsync(DurableFunctionHandler handler)
    {
        using var engine = new LocalDurableEngine(new LocalEngineOptions { RandomSeed = 1 });
        engine.RegisterDurableFunction("bench", handler);
        var result = await engine.WaitForExecutionAsync(engine.StartExecution("bench", "\"go\""));
        return result.Result ?? throw new InvalidOperationException(result.Error?.ErrorMessage);
    }
}
