using System.CommandLine;
using Durable.Cli.Commands;
using Spectre.Console;

// Plain text when the output goes to a file or a pipe: no colour codes, no spinner.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(Console.Out),
    });
    AnsiConsole.Profile.Width = 200;
}

var endpoint = new EndpointOptions();
var root = new RootCommand("durable: run the local durable-execution engine and work with durable executions (locally or on AWS).");
endpoint.AddTo(root);
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(RunCommand.Create());
foreach (var command in ExecutionCommands.Create(endpoint))
{
    root.Subcommands.Add(command);
}

root.Subcommands.Add(CallbackCommands.Create(endpoint));
return await root.Parse(args).InvokeAsync();
