using BenchmarkDotNet.Attributes;
using Durable;
using Durable.Hosting;
using Durable.Local;
using Durable.Local.Sqlite;

namespace Durable.Benchmarks;

/// <summary>
/// The cost of a new step through the local engine: a fresh execution runs 1,000 new steps in one invocation, each
/// a START and a SUCCEED checkpoint that the engine validates, applies, records in history and answers with a
/// delta. Reported per step (engine creation and the single invocation amortized over the 1,000). <c>Store</c>:
/// <c>memory</c> is the engine alone; <c>sqlite</c> writes every change through a SQLite store (WAL,
/// synchronous=NORMAL) in a temporary file before each answer.
/// </summary>
[MemoryDiagnoser]
public class NewStepBenchmarks
{
    private const int StepsPerExecution = 1_000;
    private DurableFunctionHandler _handler = null!;

    /// <summary>Where the engine keeps executions.</summary>
    [Params("memory", "sqlite")]
    public string Store { get; set; } = "memory";

    [GlobalSetup]
    public void Setup() =>
        _handler = DurableFunction.Create<string, int>(async (_, ctx) =>
        {
            var sum = 0;
            for (var i = 0; i < StepsPerExecution; i++)
            {
                sum += await ctx.StepAsync(_ => i, "step");
            }

            return sum;
        });

    [Benchmark(Description = "new step through the local engine", OperationsPerInvoke = StepsPerExecution)]
    public async Task<string?> NewStep()
    {
        var file = Store == "sqlite" ? Path.Combine(Path.GetTempPath(), $"durable-bench-{Guid.NewGuid():N}.db") : null;
        try
        {
            using var store = file is null ? null : new SqliteDurableStore(file);
            using var engine = new LocalDurableEngine(new LocalEngineOptions { RandomSeed = 1, Store = store });
            engine.RegisterDurableFunction("bench", _handler);
            var arn = engine.StartExecution("bench", "\"go\"");
            var result = await engine.WaitForExecutionAsync(arn);
            return result.Result ?? throw new InvalidOperationException(result.Error?.ErrorMessage);
        }
        finally
        {
            if (file is not null)
            {
                foreach (var path in new[] { file, file + "-wal", file + "-shm" })
                {
                    File.Delete(path);
                }
            }
        }
    }
}
