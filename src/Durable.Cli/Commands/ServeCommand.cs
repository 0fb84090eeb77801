using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using Durable.Local;
using Durable.Local.Server.DurableApi;
using Durable.Local.Sqlite;
using Spectre.Console;

namespace Durable.Cli.Commands;

/// <summary>
/// <c>durable serve</c>: the local engine on the real clock, with a SQLite store (by default
/// <c>.durable/engine.db</c>) it recovers from at start, and its HTTP front on loopback. Prints one line per
/// invocation while it runs; Ctrl+C stops it.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var database = new Option<string>("--db") { Description = "The SQLite store file.", DefaultValueFactory = _ => ".durable/engine.db" };
        var inMemory = new Option<bool>("--in-memory") { Description = "Keep executions in memory only (lost when the engine stops)." };
        var port = new Option<int>("--port") { Description = "The TCP port (0 picks a free one).", DefaultValueFactory = _ => EndpointOptions.DefaultPort };
        var bind = new Option<string>("--bind") { Description = "The address to listen on. Anything but loopback exposes an API that does not check signatures.", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command("serve", "Run the local durable-execution engine with its HTTP API.") { database, inMemory, port, bind };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!IPAddress.TryParse(parse.GetValue(bind), out var address))
            {
                AnsiConsole.MarkupLine("[red]error:[/] --bind must be an IP address.");
                return CommandRunner.ServiceError;
            }

            var file = parse.GetValue(inMemory) ? null : parse.GetValue(database)!;
            using var store = file is null ? null : new SqliteDurableStore(file);
            using var engine = new LocalDurableEngine(new LocalEngineOptions { Clock = EngineClock.Real, Store = store });
            engine.InvocationCompleted += (_, e) => AnsiConsole.MarkupLine(Markup.Escape(
                $"{DateTime.UtcNow:HH:mm:ss} {Name(e.DurableExecutionArn)} invocation {e.InvocationNumber}: " +
                (e.Status is { } status ? Protocol.WireNames.Of(status) : $"failed ({e.Error?.ErrorType})") +
                $", {e.Events.Count} event(s)"));
            var recovered = store is null ? 0 : engine.Recover();

            await using var server = await DurableApiServer.StartAsync(engine, new DurableApiServerOptions { BindAddress = address, Port = parse.GetValue(port) }, cancellationToken);
            Directory.CreateDirectory(Path.GetDirectoryName(EndpointOptions.EndpointFile)!);
            await File.WriteAllTextAsync(EndpointOptions.EndpointFile, server.BaseAddress.ToString(), cancellationToken);
            AnsiConsole.MarkupLine($"Durable local engine listening on [bold]{Markup.Escape(server.BaseAddress.ToString())}[/]");
            AnsiConsole.MarkupLine(Markup.Escape(store is null
                ? "Store: memory only."
                : $"Store: {store.Path} ({recovered} execution(s) recovered)."));
            AnsiConsole.MarkupLine(Markup.Escape($"AWS tools: AWS_ENDPOINT_URL_LAMBDA={server.BaseAddress} (any credentials; signatures are not checked). Ctrl+C stops."));
            // Ctrl+C and SIGTERM (a service manager, `kill`) both stop the engine cleanly.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }

            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                AnsiConsole.MarkupLine("Stopping.");
            }
            finally
            {
                File.Delete(EndpointOptions.EndpointFile);
            }

            return 0;
        });
        return command;
    }

    private static string Name(string arn)
    {
        var parts = arn.Split('/');
        return parts.Length >= 3 ? parts[^2] : arn;
    }
}
