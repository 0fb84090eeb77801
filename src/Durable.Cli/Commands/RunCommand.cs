using System.CommandLine;
using Durable.Local.Server.DurableApi;
using Spectre.Console;

namespace Durable.Cli.Commands;

/// <summary>
/// <c>durable run</c>: builds a project (or takes a built program), starts a local engine with its HTTP front and the
/// program as a process-hosted function, starts an execution of one workflow and follows it to the end, showing the
/// function's log lines and each history event as they happen.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var program = new Argument<string>("program") { Description = "A project (.csproj or its folder), or a built .dll or executable." };
        var workflow = new Option<string>("--workflow", "-w") { Description = "The workflow to run (the handler name, as _HANDLER).", Required = true };
        var payload = new Option<string>("--payload", "-p") { Description = "The input, as JSON.", DefaultValueFactory = _ => "{}" };
        var name = new Option<string?>("--name", "-n") { Description = "The execution name; generated when omitted." };
        var database = ServeCommand.DatabaseOption();
        var inMemory = ServeCommand.InMemoryOption();
        var noBuild = ServeCommand.NoBuildOption();
        var configuration = new Option<string>("--configuration", "-c") { Description = "The build configuration.", DefaultValueFactory = _ => "Debug" };
        var command = new Command("run", "Run a workflow of a built project on a local engine and follow it.") { program, workflow, payload, name, database, inMemory, noBuild, configuration };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var executable = await FunctionProject.ResolveAsync(parse.GetValue(program)!, !parse.GetValue(noBuild), parse.GetValue(configuration)!, cancellationToken);
                var file = parse.GetValue(inMemory) ? null : parse.GetValue(database)!;
                await using var host = await LocalEngineHost.StartAsync(file, new DurableApiServerOptions(), cancellationToken);
                var function = parse.GetValue(workflow)!;
                host.RegisterProcessFunction(function, executable, function, line => Console.WriteLine("  | " + line.Line));
                host.Recover();
                var arn = host.Engine.StartExecution(function, parse.GetValue(payload), parse.GetValue(name));
                Console.WriteLine(arn);
                AnsiConsole.MarkupLine(Markup.Escape($"Engine at {host.Server.BaseAddress}; store {host.StorePath ?? "in memory"}; program {executable}."));
                using var client = EndpointOptions.CreateLocalClient(host.Server.BaseAddress);
                return await ExecutionFollower.FollowAsync(client, arn, cancellationToken);
            }
            catch (Exception ex) when (ex is ArgumentException or Client.DurableServiceException)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
                return CommandRunner.ServiceError;
            }
        });
        return command;
    }
}
