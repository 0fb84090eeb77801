using System.CommandLine;
using Durable.Cli.Commands;

var endpoint = new EndpointOptions();
var root = new RootCommand("durable: run the local durable-execution engine and work with durable executions (locally or on AWS).");
endpoint.AddTo(root);
root.Subcommands.Add(ServeCommand.Create());
foreach (var command in ExecutionCommands.Create(endpoint))
{
    root.Subcommands.Add(command);
}

root.Subcommands.Add(CallbackCommands.Create(endpoint));
return await root.Parse(args).InvokeAsync();
