using Durable.Local;
using Durable.Local.Functions;
using Durable.Local.Server.DurableApi;
using Durable.Local.Server.Processes;
using Durable.Local.Sqlite;

namespace Durable.Cli.Commands;

/// <summary>
/// The local engine as the tool runs it: real clock, a SQLite store (or memory), the HTTP front, and functions
/// that run as processes behind the Lambda Runtime API and checkpoint to that front. Functions are registered
/// before the store is recovered, so their pending executions resume.
/// </summary>
internal sealed class LocalEngineHost : IAsyncDisposable
{
    private readonly SqliteDurableStore? _store;
    private readonly List<ProcessFunctionInvoker> _invokers = [];

    private LocalEngineHost(SqliteDurableStore? store, LocalDurableEngine engine, DurableApiServer server)
    {
        _store = store;
        Engine = engine;
        Server = server;
    }

    public LocalDurableEngine Engine { get; }

    public DurableApiServer Server { get; }

    public string? StorePath => _store?.Path;

    public static async Task<LocalEngineHost> StartAsync(string? databasePath, DurableApiServerOptions serverOptions, CancellationToken cancellationToken)
    {
        SqliteDurableStore? store;
        try
        {
            store = databasePath is null ? null : new SqliteDurableStore(databasePath);
        }
        catch (InvalidOperationException ex)
        {
            throw new ArgumentException(ex.Message + " (Is a `durable serve` using it? Talk to it with `durable invoke`, or pass --db or --in-memory.)", ex);
        }

        var engine = new LocalDurableEngine(new LocalEngineOptions { Clock = EngineClock.Real, Store = store });
        try
        {
            var server = await DurableApiServer.StartAsync(engine, serverOptions, cancellationToken);
            return new LocalEngineHost(store, engine, server);
        }
        catch
        {
            engine.Dispose();
            store?.Dispose();
            throw;
        }
    }

    /// <summary>Registers a function whose invocations run <paramref name="executable"/> with handler <paramref name="handler"/>.</summary>
    public void RegisterProcessFunction(string name, string executable, string handler, Action<CapturedLogLine>? onLogLine)
    {
        var invoker = new ProcessFunctionInvoker(
            new ProcessFunctionOptions { ExecutablePath = executable, Handler = handler, OnLogLine = onLogLine, WorkingDirectory = Path.GetDirectoryName(executable) },
            Server.BaseAddress);
        _invokers.Add(invoker);
        Engine.RegisterFunction(name, invoker, new LocalFunctionOptions());
    }

    /// <summary>Loads the store (after registering functions); 0 without a store.</summary>
    public int Recover() => _store is null ? 0 : Engine.Recover();

    public async ValueTask DisposeAsync()
    {
        Engine.Dispose();
        foreach (var invoker in _invokers)
        {
            await invoker.DisposeAsync();
        }

        await Server.DisposeAsync();
        _store?.Dispose();
    }
}
