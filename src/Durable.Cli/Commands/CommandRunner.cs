using System.CommandLine;
using Durable.Client;
using Durable.Client.Http;
using Spectre.Console;

namespace Durable.Cli.Commands;

/// <summary>
/// Runs a client command and turns failures into one readable line and an exit code: 1 for an error the service
/// returned, 2 when the endpoint cannot be reached.
/// </summary>
internal static class CommandRunner
{
    public const int ServiceError = 1;
    public const int Unreachable = 2;

    public static void SetClientAction(this Command command, EndpointOptions endpoint, Func<ParseResult, LambdaDurableClient, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            Client.Http.LambdaDurableClient client;
            try
            {
                client = endpoint.CreateClient(parse);
            }
            catch (ArgumentException ex)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
                return ServiceError;
            }

            using var owned = client;
            try
            {
                return await action(parse, client, cancellationToken);
            }
            catch (DurableServiceException ex)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(ex.ErrorCode)} (HTTP {ex.StatusCode}): {Markup.Escape(ex.Message)}");
                return ServiceError;
            }
            catch (ArgumentException ex)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
                return ServiceError;
            }
            catch (HttpRequestException ex)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] cannot reach {Markup.Escape(client.Endpoint.ToString())}: {Markup.Escape(ex.Message)}. Is `durable serve` running?");
                return Unreachable;
            }
        });

    /// <summary>Reads every page of an execution's history.</summary>
    public static async Task<List<Protocol.Event>> ReadHistoryAsync(LambdaDurableClient client, string arn, bool includeData, CancellationToken cancellationToken)
    {
        var events = new List<Protocol.Event>();
        string? marker = null;
        do
        {
            var page = await client.GetDurableExecutionHistoryAsync(
                new Protocol.GetDurableExecutionHistoryRequest { DurableExecutionArn = arn, IncludeExecutionData = includeData, MaxItems = 1000, Marker = marker },
                cancellationToken);
            events.AddRange(page.Events);
            marker = page.NextMarker;
        }
        while (marker is not null);
        return events;
    }
}
