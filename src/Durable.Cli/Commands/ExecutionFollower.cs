using Durable.Cli.Rendering;
using Durable.Client.Http;
using Durable.Protocol;
using Spectre.Console;

namespace Durable.Cli.Commands;

/// <summary>
/// Follows an execution until it ends: prints each new history event as a timeline line and, on a terminal, keeps a
/// status line saying what the execution waits on (a timer, a callback and its ID, a retry, another function).
/// </summary>
internal static class ExecutionFollower
{
    public const int Failed = 3;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static async Task<int> FollowAsync(LambdaDurableClient client, string arn, CancellationToken cancellationToken)
    {
        var printed = 0;
        GetDurableExecutionResponse execution;
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            execution = await AnsiConsole.Status().Spinner(Spinner.Known.Dots).StartAsync("Following…", async status =>
            {
                while (true)
                {
                    var (current, events) = await PollAsync(client, arn, cancellationToken);
                    printed = Print(events, printed);
                    if (current.Status != ExecutionStatus.Running)
                    {
                        return current;
                    }

                    status.Status(Markup.Escape($"{WireNames.Of(current.Status)} · {events.Count} events · {WaitingOn(events)}"));
                    await Task.Delay(PollInterval, cancellationToken);
                }
            });
        }
        else
        {
            while (true)
            {
                var (current, events) = await PollAsync(client, arn, cancellationToken);
                printed = Print(events, printed);
                if (current.Status != ExecutionStatus.Running)
                {
                    execution = current;
                    break;
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        }

        AnsiConsole.MarkupLine(execution.Status == ExecutionStatus.Succeeded
            ? $"[green]SUCCEEDED[/] {Markup.Escape(execution.Result ?? string.Empty)}"
            : $"{ExecutionCommands.StatusMarkup(execution.Status)} {Markup.Escape($"{execution.Error?.ErrorType}: {execution.Error?.ErrorMessage}")}");
        return execution.Status == ExecutionStatus.Succeeded ? 0 : Failed;
    }

    /// <summary>What the execution waits on, from the operations its history shows open.</summary>
    public static string WaitingOn(IReadOnlyList<Event> events)
    {
        var open = new Dictionary<string, Event>(StringComparer.Ordinal);
        foreach (var e in events.Where(e => e.Id is not null && e.EventType is not (EventType.ExecutionStarted or EventType.InvocationCompleted)))
        {
            var finished = e.EventType is not (EventType.StepStarted or EventType.ContextStarted or EventType.WaitStarted or EventType.CallbackStarted or EventType.ChainedInvokeStarted)
                && !(e.StepFailedDetails?.RetryDetails.NextAttemptDelaySeconds is not null || e.StepSucceededDetails?.RetryDetails.NextAttemptDelaySeconds is not null);
            if (finished)
            {
                open.Remove(e.Id!);
            }
            else
            {
                open[e.Id!] = e;
            }
        }

        var waits = open.Values.Select(e => e.EventType switch
        {
            EventType.WaitStarted => $"wait '{e.Name}' until {e.WaitStartedDetails?.ScheduledEndTimestamp:HH:mm:ss}Z",
            EventType.CallbackStarted => $"callback '{e.Name}' (ID {e.CallbackStartedDetails?.CallbackId})",
            EventType.ChainedInvokeStarted => $"function {e.ChainedInvokeStartedDetails?.FunctionName}",
            EventType.StepFailed or EventType.StepSucceeded => $"retry of step '{e.Name}'",
            EventType.StepStarted => $"step '{e.Name}'",
            _ => null,
        }).Where(w => w is not null).ToList();
        return waits.Count == 0 ? "working" : "waiting on " + string.Join(", ", waits);
    }

    private static async Task<(GetDurableExecutionResponse Execution, List<Event> Events)> PollAsync(LambdaDurableClient client, string arn, CancellationToken cancellationToken)
    {
        var execution = await client.GetDurableExecutionAsync(new GetDurableExecutionRequest { DurableExecutionArn = arn }, cancellationToken);
        var events = await CommandRunner.ReadHistoryAsync(client, arn, includeData: true, cancellationToken);
        return (execution, events);
    }

    /// <summary>Prints the timeline lines not printed yet; returns how many are printed now.</summary>
    private static int Print(List<Event> events, int printed)
    {
        var lines = HistoryView.Timeline(events).ToList();
        for (var i = printed; i < lines.Count; i++)
        {
            Console.WriteLine(lines[i]);
        }

        return Math.Max(printed, lines.Count);
    }
}
