using System.Globalization;
using Durable.Local;
using Durable.Protocol;

namespace Durable.Samples;

/// <summary>Prints invocations and history in the terminal (also linked into the AI review sample).</summary>
internal sealed class ConsoleReport(DateTimeOffset start)
{
    public DateTimeOffset Start { get; } = start;

    public static string Status(ExecutionStatus status) => WireNames.Of(status);

    public void PrintInvocation(InvocationCompletedEventArgs invocation)
    {
        var replayed = invocation.ReceivedOperations.Where(o => o.IsTerminal && o.ParentId is null).Select(Label).ToList();
        var executed = invocation.Events
            .Where(e => e.EventType is EventType.StepSucceeded or EventType.StepFailed && e.ParentId is null)
            .Select(e => $"{e.Name}{(e.EventType == EventType.StepFailed ? " (failed, retry scheduled)" : string.Empty)}")
            .ToList();
        var started = invocation.Events.Where(e => e.EventType == EventType.WaitStarted).ToList();
        var at = invocation.Events.FirstOrDefault()?.EventTimestamp ?? Start;
        Console.WriteLine($"Invocation {invocation.InvocationNumber} at +{Offset(at)}");
        if (invocation.UpdatedOperationIds.Count > 0)
        {
            var names = invocation.ReceivedOperations.Where(o => invocation.UpdatedOperationIds.Contains(o.Id)).Select(Label);
            Console.WriteLine($"  resumed because:  {string.Join(", ", names)} changed");
        }

        Console.WriteLine($"  replayed:         {(replayed.Count == 0 ? "(nothing: first run)" : string.Join(", ", replayed))}");
        Console.WriteLine($"  executed:         {(executed.Count == 0 ? "(nothing new)" : string.Join(", ", executed))}");
        foreach (var wait in started)
        {
            Console.WriteLine($"  suspended at:     wait '{wait.Name}' of {wait.WaitStartedDetails!.Duration} s, until +{Offset(wait.WaitStartedDetails.ScheduledEndTimestamp)}");
        }

        foreach (var callback in invocation.Events.Where(e => e.EventType == EventType.CallbackStarted))
        {
            Console.WriteLine($"  suspended at:     callback '{callback.Name}' (ID {callback.CallbackStartedDetails!.CallbackId[..12]}...), until someone answers it");
        }

        var retry = invocation.Events.LastOrDefault(e => e.StepFailedDetails?.RetryDetails.NextAttemptDelaySeconds is not null);
        if (retry is not null)
        {
            Console.WriteLine($"  suspended at:     '{retry.Name}' retry in {retry.StepFailedDetails!.RetryDetails.NextAttemptDelaySeconds} s ({retry.StepFailedDetails.Error.Payload?.ErrorMessage})");
        }

        Console.WriteLine($"  returned:         {(invocation.Status is { } status ? WireNames.Of(status) : "error: " + invocation.Error?.ErrorMessage)}");
        Console.WriteLine();
    }

    public void PrintHistory(IReadOnlyList<Event> events)
    {
        Console.WriteLine("Execution history");
        Console.WriteLine($"  {"#",3}  {"time",-9}  {"event",-22}  {"name",-22}  details");
        foreach (var e in events)
        {
            Console.WriteLine($"  {e.EventId,3}  +{Offset(e.EventTimestamp),-8}  {WireNames.Of(e.EventType),-22}  {e.Name ?? string.Empty,-22}  {Details(e)}");
        }
    }

    private string Offset(DateTimeOffset time)
    {
        var span = time - Start;
        return span.TotalHours >= 1
            ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }

    private static string Label(Operation operation) => operation.Name ?? operation.Id[..8];

    private static string Details(Event e) => e.EventType switch
    {
        EventType.StepSucceeded => $"attempt {e.StepSucceededDetails!.RetryDetails.CurrentAttempt}, result {Shorten(e.StepSucceededDetails.Result.Payload)}",
        EventType.StepFailed => $"attempt {e.StepFailedDetails!.RetryDetails.CurrentAttempt}, {e.StepFailedDetails.Error.Payload?.ErrorType}"
            + (e.StepFailedDetails.RetryDetails.NextAttemptDelaySeconds is { } delay ? $", retry in {delay} s" : string.Empty),
        EventType.WaitStarted => $"{e.WaitStartedDetails!.Duration} s",
        EventType.CallbackStarted => $"timeout {e.CallbackStartedDetails!.Timeout} s",
        EventType.CallbackSucceeded => Shorten(e.CallbackSucceededDetails!.Result.Payload),
        EventType.ContextSucceeded => Shorten(e.ContextSucceededDetails!.Result.Payload),
        EventType.InvocationCompleted => e.InvocationCompletedDetails!.Error is { } error ? $"error {error.Payload?.ErrorType}" : "ok",
        EventType.ExecutionSucceeded => Shorten(e.ExecutionSucceededDetails!.Result.Payload),
        EventType.ExecutionFailed => e.ExecutionFailedDetails!.Error.Payload?.ErrorMessage ?? string.Empty,
        _ => string.Empty,
    };

    private static string Shorten(string? text) => text is null ? "(none)" : text.Length <= 60 ? text : text[..57] + "...";
}
