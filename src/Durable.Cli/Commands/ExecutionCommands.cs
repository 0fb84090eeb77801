using System.CommandLine;
using System.Text.Json;
using Durable.Cli.Rendering;
using Durable.Protocol;
using Spectre.Console;

namespace Durable.Cli.Commands;

/// <summary>
/// The commands about executions: start (<c>invoke</c>), <c>follow</c>, <c>list</c>, <c>show</c>, <c>history</c> and
/// <c>stop</c>. Each talks to the durable-execution API, so they work against the local engine and against AWS alike.
/// </summary>
internal static class ExecutionCommands
{
    public static IEnumerable<Command> Create(EndpointOptions endpoint)
    {
        yield return Invoke(endpoint);
        yield return Follow(endpoint);
        yield return List(endpoint);
        yield return Show(endpoint);
        yield return History(endpoint);
        yield return Stop(endpoint);
    }

    private static Command Invoke(EndpointOptions endpoint)
    {
        var function = new Argument<string>("function") { Description = "The durable function's name or ARN." };
        var payload = new Option<string>("--payload", "-p") { Description = "The input, as JSON.", DefaultValueFactory = _ => "{}" };
        var name = new Option<string?>("--name", "-n") { Description = "The execution name (unique per function); generated when omitted." };
        var qualifier = new Option<string?>("--qualifier") { Description = "A version or alias." };
        var noFollow = new Option<bool>("--no-follow") { Description = "Print the ARN and return at once instead of following the execution." };
        var command = new Command("invoke", "Start a durable execution (asynchronous Invoke) and follow it until it ends.") { function, payload, name, qualifier, noFollow };
        command.SetClientAction(endpoint, async (parse, client, cancellationToken) =>
        {
            var response = await client.InvokeAsync(
                new InvocationRequest
                {
                    FunctionName = parse.GetValue(function)!,
                    InvocationType = InvocationType.Event,
                    DurableExecutionName = parse.GetValue(name),
                    Qualifier = parse.GetValue(qualifier),
                    Payload = System.Text.Encoding.UTF8.GetBytes(parse.GetValue(payload)!),
                },
                cancellationToken);
            var arn = response.DurableExecutionArn ?? throw new InvalidOperationException("The service started no durable execution (no X-Amz-Durable-Execution-Arn).");
            Console.WriteLine(arn);
            return parse.GetValue(noFollow) ? 0 : await ExecutionFollower.FollowAsync(client, arn, cancellationToken);
        });
        return command;
    }

    private static Command Follow(EndpointOptions endpoint)
    {
        var arn = new Argument<string>("arn") { Description = "The durable execution ARN." };
        var command = new Command("follow", "Show an execution's events as they happen until it ends.") { arn };
        command.SetClientAction(endpoint, (parse, client, cancellationToken) => ExecutionFollower.FollowAsync(client, parse.GetValue(arn)!, cancellationToken));
        return command;
    }

    private static Command List(EndpointOptions endpoint)
    {
        var function = new Argument<string>("function") { Description = "The function's name or ARN." };
        var statuses = new Option<string[]>("--status", "-s") { Description = "Only these statuses (RUNNING, SUCCEEDED, FAILED, TIMED_OUT, STOPPED).", AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print the API response as JSON." };
        var command = new Command("list", "List a function's durable executions, newest first.") { function, statuses, json };
        command.SetClientAction(endpoint, async (parse, client, cancellationToken) =>
        {
            var filter = new List<ExecutionStatus>();
            foreach (var status in parse.GetValue(statuses) ?? [])
            {
                filter.Add(WireNames.TryParse(status.ToUpperInvariant(), out ExecutionStatus parsed)
                    ? parsed
                    : throw new ArgumentException($"'{status}' is not an execution status."));
            }

            var executions = new List<ExecutionSummary>();
            string? marker = null;
            do
            {
                var page = await client.ListDurableExecutionsByFunctionAsync(
                    new ListDurableExecutionsByFunctionRequest { FunctionName = parse.GetValue(function)!, Statuses = filter.Count > 0 ? filter : null, ReverseOrder = true, Marker = marker },
                    cancellationToken);
                executions.AddRange(page.DurableExecutions);
                marker = page.NextMarker;
            }
            while (marker is not null);

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new ListDurableExecutionsByFunctionResponse { DurableExecutions = executions }, ProtocolJson.ApiTypeInfo<ListDurableExecutionsByFunctionResponse>()));
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumn("Name").AddColumn("Status").AddColumn("Started (UTC)").AddColumn("Ended (UTC)").AddColumn("ARN");
            foreach (var execution in executions)
            {
                table.AddRow(
                    Markup.Escape(execution.DurableExecutionName),
                    StatusMarkup(execution.Status),
                    execution.StartTimestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                    execution.EndTimestamp?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                    Markup.Escape(execution.DurableExecutionArn));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{executions.Count} execution(s).");
            return 0;
        });
        return command;
    }

    private static Command Show(EndpointOptions endpoint)
    {
        var arn = new Argument<string>("arn") { Description = "The durable execution ARN." };
        var json = new Option<bool>("--json") { Description = "Print the API response as JSON." };
        var command = new Command("show", "Show an execution's status, input, result or error.") { arn, json };
        command.SetClientAction(endpoint, async (parse, client, cancellationToken) =>
        {
            var execution = await client.GetDurableExecutionAsync(new GetDurableExecutionRequest { DurableExecutionArn = parse.GetValue(arn)! }, cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(execution, ProtocolJson.ApiTypeInfo<GetDurableExecutionResponse>()));
                return 0;
            }

            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Name", Markup.Escape(execution.DurableExecutionName));
            grid.AddRow("Status", StatusMarkup(execution.Status));
            grid.AddRow("Function", Markup.Escape(execution.FunctionArn));
            grid.AddRow("Started", execution.StartTimestamp.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            grid.AddRow("Ended", execution.EndTimestamp?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "-");
            grid.AddRow("Input", Markup.Escape(execution.InputPayload ?? "-"));
            if (execution.Result is not null)
            {
                grid.AddRow("Result", Markup.Escape(execution.Result));
            }

            if (execution.Error is { } error)
            {
                grid.AddRow("Error", Markup.Escape($"{error.ErrorType}: {error.ErrorMessage}"));
            }

            grid.AddRow("ARN", Markup.Escape(execution.DurableExecutionArn));
            AnsiConsole.Write(grid);
            return 0;
        });
        return command;
    }

    private static Command History(EndpointOptions endpoint)
    {
        var arn = new Argument<string>("arn") { Description = "The durable execution ARN." };
        var timeline = new Option<bool>("--timeline", "-t") { Description = "Show a timeline (offsets from the start, nested by context) instead of a table." };
        var noData = new Option<bool>("--no-data") { Description = "Leave out inputs, results and errors." };
        var json = new Option<bool>("--json") { Description = "Print the API response as JSON." };
        var command = new Command("history", "Show an execution's history event by event.") { arn, timeline, noData, json };
        command.SetClientAction(endpoint, async (parse, client, cancellationToken) =>
        {
            var events = await CommandRunner.ReadHistoryAsync(client, parse.GetValue(arn)!, !parse.GetValue(noData), cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new GetDurableExecutionHistoryResponse { Events = events }, ProtocolJson.ApiTypeInfo<GetDurableExecutionHistoryResponse>()));
            }
            else if (parse.GetValue(timeline))
            {
                foreach (var line in HistoryView.Timeline(events))
                {
                    Console.WriteLine(line);
                }
            }
            else
            {
                AnsiConsole.Write(HistoryView.Table(events));
            }

            return 0;
        });
        return command;
    }

    private static Command Stop(EndpointOptions endpoint)
    {
        var arn = new Argument<string>("arn") { Description = "The durable execution ARN." };
        var errorType = new Option<string?>("--error-type") { Description = "The reason's error type." };
        var errorMessage = new Option<string?>("--error-message") { Description = "The reason's message." };
        var command = new Command("stop", "Stop a running execution.") { arn, errorType, errorMessage };
        command.SetClientAction(endpoint, async (parse, client, cancellationToken) =>
        {
            var error = CallbackCommands.Error(parse.GetValue(errorType), parse.GetValue(errorMessage), null);
            var stopped = await client.StopDurableExecutionAsync(new StopDurableExecutionRequest { DurableExecutionArn = parse.GetValue(arn)!, Error = error }, cancellationToken);
            AnsiConsole.MarkupLine($"Stopped at {stopped.StopTimestamp:u}.");
            return 0;
        });
        return command;
    }

    public static string StatusMarkup(ExecutionStatus status) => status switch
    {
        ExecutionStatus.Running => "[blue]RUNNING[/]",
        ExecutionStatus.Succeeded => "[green]SUCCEEDED[/]",
        _ => $"[red]{WireNames.Of(status)}[/]",
    };
}
