using System.Collections.Concurrent;
using Durable.Local;
using Durable.Local.Functions;
using Durable.Local.Server.DurableApi;
using Durable.Local.Server.Processes;

namespace Durable.Processes.Tests.Support;

/// <summary>
/// A local engine (virtual clock, so retry back-offs cost no real time) with its REST front, and functions from the
/// test function executable running as processes behind the Runtime API. Journal and marker files live in a
/// per-test folder that is deleted afterwards.
/// </summary>
internal sealed class ProcessEngine : IAsyncDisposable
{
    private readonly List<ProcessFunctionInvoker> _invokers = [];
    private DurableApiServer? _front;

    private ProcessEngine(int seed)
    {
        Engine = new LocalDurableEngine(new LocalEngineOptions { RandomSeed = seed });
        Folder = Directory.CreateTempSubdirectory("durable-process-test-").FullName;
    }

    public LocalDurableEngine Engine { get; }

    public string Folder { get; }

    public string JournalPath => Path.Combine(Folder, "journal.txt");

    public ConcurrentQueue<CapturedLogLine> Lines { get; } = new();

    public static string FunctionExecutable => Path.Combine(AppContext.BaseDirectory, "function-process", "Durable.FunctionProcess.dll");

    public static async Task<ProcessEngine> StartAsync(int seed = 1)
    {
        var engine = new ProcessEngine(seed);
        engine._front = await DurableApiServer.StartAsync(engine.Engine);
        return engine;
    }

    public ProcessFunctionInvoker Register(string handler, LocalFunctionOptions options, string? name = null)
    {
        var invoker = new ProcessFunctionInvoker(
            new ProcessFunctionOptions
            {
                ExecutablePath = FunctionExecutable,
                Handler = handler,
                Environment = new Dictionary<string, string>
                {
                    ["DURABLE_TEST_JOURNAL"] = JournalPath,
                    ["DURABLE_TEST_MARKER"] = Path.Combine(Folder, "marker"),
                },
                OnLogLine = Lines.Enqueue,
            },
            _front!.BaseAddress);
        _invokers.Add(invoker);
        Engine.RegisterFunction(name ?? handler, invoker, options);
        return invoker;
    }

    public IReadOnlyList<string> Journal() => File.Exists(JournalPath) ? File.ReadAllLines(JournalPath) : [];

    public async ValueTask DisposeAsync()
    {
        foreach (var invoker in _invokers)
        {
            await invoker.DisposeAsync();
        }

        if (_front is not null)
        {
            await _front.DisposeAsync();
        }

        Engine.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
