using System.CommandLine;
using System.Text;
using Durable.Protocol;
using Spectre.Console;

namespace Durable.Cli.Commands;

/// <summary><c>durable callback succeed|fail|heartbeat</c>: answer a workflow's callback as the outside system would.</summary>
internal static class CallbackCommands
{
    public static Command Create(EndpointOptions endpoint)
    {
        var command = new Command("callback", "Complete or keep alive a callback an execution waits on.");
        command.Subcommands.Add(Succeed(endpoint));
        command.Subcommands.Add(Fail(endpoint));
        command.Subcommands.Add(Heartbeat(endpoint));
        return command;
    }

    public static ErrorObject? Error(string? type, string? message, string? data) =>
        type is null && message is null && data is null ? null : new ErrorObject { ErrorType = type, ErrorMessage = message, ErrorData = data };

    private static Argument<string> CallbackId() => new("callback-id") { Description = "The callback ID (from the CallbackStarted event)." };

    private static Command Succeed(EndpointOptions endpoint)
    {
        var id = CallbackId();
        var result = new Option<string?>("--result", "-r") { Description = "The result the workflow receives (JSON in practice)." };
        var command = new Command("succeed", "Complete a callback successfully.") { id, result };
        command.SetClientAction(endpoint, async (parse, client, cancellationToken) =>
        {
            await client.SendDurableExecutionCallbackSuccessAsync(
                new SendDurableExecutionCallbackSuccessRequest { CallbackId = parse.GetValue(id)!, Result = Encoding.UTF8.GetBytes(parse.GetValue(result) ?? string.Empty) },
                cancellationToken);
            AnsiConsole.MarkupLine("Callback completed.");
            return 0;
        });
        return command;
    }

    private static Command Fail(EndpointOptions endpoint)
    {
        var id = CallbackId();
        var type = new Option<string?>("--error-type") { Description = "The error type the workflow sees." };
        var message = new Option<string?>("--error-message") { Description = "The error message." };
        var data = new Option<string?>("--error-data") { Description = "Machine-readable error data." };
        var command = new Command("fail", "Fail a callback.") { id, type, message, data };
        command.SetClientAction(endpoint, async (parse, client, cancellationToken) =>
        {
            await client.SendDurableExecutionCallbackFailureAsync(
                new SendDurableExecutionCallbackFailureRequest { CallbackId = parse.GetValue(id)!, Error = Error(parse.GetValue(type), parse.GetValue(message), parse.GetValue(data)) },
                cancellationToken);
            AnsiConsole.MarkupLine("Callback failed.");
            return 0;
        });
        return command;
    }

    private static Command Heartbeat(EndpointOptions endpoint)
    {
        var id = CallbackId();
        var command = new Command("heartbeat", "Keep a callback with a heartbeat timeout alive.") { id };
        command.SetClientAction(endpoint, async (parse, client, cancellationToken) =>
        {
            await client.SendDurableExecutionCallbackHeartbeatAsync(new SendDurableExecutionCallbackHeartbeatRequest { CallbackId = parse.GetValue(id)! }, cancellationToken);
            AnsiConsole.MarkupLine("Heartbeat sent.");
            return 0;
        });
        return command;
    }
}
