using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using Durable.Local.Server.DurableApi;
using Spectre.Console;

namespace Durable.Cli.Commands;

/// <summary>
/// <c>durable serve</c>: the local engine on the real clock, with a SQLite store (by default
/// <c>.durable/engine.db</c>) it recovers from at start, its HTTP front on loopback, and the functions given with
/// <c>--function</c> running as processes. Prints one line per invocation while it runs; Ctrl+C or SIGTERM stops it.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var database = DatabaseOption();
        var inMemory = InMemoryOption();
        var port = new Option<int>("--port") { Description = "The TCP port (0 picks a free one).", DefaultValueFactory = _ => EndpointOptions.DefaultPort };
        var bind = new Option<string>("--bind") { Description = "The address to listen on. Anything but loopback exposes an API that does not check signatures.", DefaultValueFactory = _ => "127.0.0.1" };
        var functions = new Option<string[]>("--function", "-f")
        {
            Description = "A function to host: NAME=PROGRAM (handler NAME) or NAME:HANDLER=PROGRAM, where PROGRAM is a built .dll, an executable or a project. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var noBuild = NoBuildOption();
        var command = new Command("serve", "Run the local durable-execution engine with its HTTP API.") { database, inMemory, port, bind, functions, noBuild };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                if (!IPAddress.TryParse(parse.GetValue(bind), out var address))
                {
                    throw new ArgumentException("--bind must be an IP address.");
                }

                var file = parse.GetValue(inMemory) ? null : parse.GetValue(database)!;
                await using var host = await LocalEngineHost.StartAsync(file, new DurableApiServerOptions { BindAddress = address, Port = parse.GetValue(port) }, cancellationToken);
                foreach (var spec in parse.GetValue(functions) ?? [])
                {
                    var (name, handler, program) = ParseFunction(spec);
                    var executable = await FunctionProject.ResolveAsync(program, !parse.GetValue(noBuild), "Debug", cancellationToken);
                    host.RegisterProcessFunction(name, executable, handler, line => Console.WriteLine("  | " + line.Line));
                    AnsiConsole.MarkupLine(Markup.Escape($"Function {name}: {executable} (handler {handler})"));
                }

                host.Engine.InvocationCompleted += (_, e) => AnsiConsole.MarkupLine(Markup.Escape(
                    $"{DateTime.UtcNow:HH:mm:ss} {ExecutionName(e.DurableExecutionArn)} invocation {e.InvocationNumber}: " +
                    (e.Status is { } status ? Protocol.WireNames.Of(status) : $"failed ({e.Error?.ErrorType})") +
                    $", {e.Events.Count} event(s)"));
                var recovered = host.Recover();

                Directory.CreateDirectory(Path.GetDirectoryName(EndpointOptions.EndpointFile)!);
                await File.WriteAllTextAsync(EndpointOptions.EndpointFile, host.Server.BaseAddress.ToString(), cancellationToken);
                AnsiConsole.MarkupLine($"Durable local engine listening on [bold]{Markup.Escape(host.Server.BaseAddress.ToString())}[/]");
                AnsiConsole.MarkupLine(Markup.Escape(host.StorePath is null
                    ? "Store: memory only."
                    : $"Store: {host.StorePath} ({recovered} execution(s) recovered)."));
                AnsiConsole.MarkupLine(Markup.Escape($"AWS tools: AWS_ENDPOINT_URL_LAMBDA={host.Server.BaseAddress} (any credentials; signatures are not checked). Ctrl+C stops."));
                await WaitForStopAsync(cancellationToken);
                AnsiConsole.MarkupLine("Stopping.");
                File.Delete(EndpointOptions.EndpointFile);
                return 0;
            }
            catch (ArgumentException ex)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
                return CommandRunner.ServiceError;
            }
        });
        return command;
    }

    public static Option<string> DatabaseOption() =>
        new("--db") { Description = "The SQLite store file.", DefaultValueFactory = _ => ".durable/engine.db" };

    public static Option<bool> InMemoryOption() =>
        new("--in-memory") { Description = "Keep executions in memory only (lost when the engine stops)." };

    public static Option<bool> NoBuildOption() =>
        new("--no-build") { Description = "Use the project's existing build output instead of building it first." };

    public static string ExecutionName(string arn)
    {
        var parts = arn.Split('/');
        return parts.Length >= 3 ? parts[^2] : arn;
    }

    /// <summary>Waits for Ctrl+C or SIGTERM (a service manager, <c>kill</c>), either of which stops the engine cleanly.</summary>
    private static async Task WaitForStopAsync(CancellationToken cancellationToken)
    {
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
            // Stopping is the point.
        }
    }

    private static (string Name, string Handler, string Program) ParseFunction(string spec)
    {
        var equals = spec.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == spec.Length - 1)
        {
            throw new ArgumentException($"--function '{spec}' must be NAME=PROGRAM or NAME:HANDLER=PROGRAM.");
        }

        var key = spec[..equals];
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (key, key, spec[(equals + 1)..]) : (key[..colon], key[(colon + 1)..], spec[(equals + 1)..]);
    }
}
