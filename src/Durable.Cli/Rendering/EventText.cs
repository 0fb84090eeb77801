using System.Globalization;
using Durable.Protocol;

namespace Durable.Cli.Rendering;

/// <summary>
/// One history event in words: a marker, what happened to which operation, and the detail that matters (result,
/// error, duration, attempt, callback ID). Shared by the table, the timeline and the live follower.
/// </summary>
internal static class EventText
{
    public static string Marker(Event e) => e.EventType switch
    {
        EventType.ExecutionStarted or EventType.StepStarted or EventType.ContextStarted or EventType.WaitStarted
            or EventType.CallbackStarted or EventType.ChainedInvokeStarted => "▶",
        EventType.ExecutionSucceeded or EventType.StepSucceeded or EventType.ContextSucceeded or EventType.WaitSucceeded
            or EventType.CallbackSucceeded or EventType.ChainedInvokeSucceeded => "✔",
        EventType.InvocationCompleted => e.InvocationCompletedDetails?.Error is null ? "·" : "✖",
        EventType.WaitCancelled or EventType.ExecutionStopped or EventType.ChainedInvokeStopped => "■",
        _ => "✖",
    };

    public static string Subject(Event e) => e.EventType switch
    {
        EventType.InvocationCompleted => "invocation",
        EventType.ExecutionStarted or EventType.ExecutionSucceeded or EventType.ExecutionFailed
            or EventType.ExecutionTimedOut or EventType.ExecutionStopped => $"execution {e.Name}",
        _ => $"{Kind(e.EventType)} '{e.Name ?? e.Id}'",
    };

    public static string Verb(Event e) => WireNames.Of(e.EventType) switch
    {
        var name when name.EndsWith("TimedOut", StringComparison.Ordinal) => "timed out",
        var name when name.EndsWith("Started", StringComparison.Ordinal) => "started",
        var name when name.EndsWith("Succeeded", StringComparison.Ordinal) => "succeeded",
        var name when name.EndsWith("Failed", StringComparison.Ordinal) => "failed",
        var name when name.EndsWith("Stopped", StringComparison.Ordinal) => "stopped",
        var name when name.EndsWith("Cancelled", StringComparison.Ordinal) => "cancelled",
        _ => e.InvocationCompletedDetails?.Error is null ? "completed" : "failed",
    };

    public static string Detail(Event e)
    {
        static string Payload(EventPayload? payload) => payload?.Payload is { } text ? Shorten(text) : string.Empty;
        static string Error(EventError? error) => error?.Payload is { } value ? Shorten($"{value.ErrorType}: {value.ErrorMessage}") : string.Empty;
        static string Retry(RetryDetails? retry) => retry is null ? string.Empty
            : retry.NextAttemptDelaySeconds is { } delay
                ? string.Create(CultureInfo.InvariantCulture, $"attempt {retry.CurrentAttempt}, retry in {delay} s ")
                : string.Create(CultureInfo.InvariantCulture, $"attempt {retry.CurrentAttempt} ");

        return e.EventType switch
        {
            EventType.ExecutionStarted => "input " + Payload(e.ExecutionStartedDetails?.Input),
            EventType.ExecutionSucceeded => "result " + Payload(e.ExecutionSucceededDetails?.Result),
            EventType.ExecutionFailed => Error(e.ExecutionFailedDetails?.Error),
            EventType.ExecutionTimedOut => Error(e.ExecutionTimedOutDetails?.Error),
            EventType.ExecutionStopped => Error(e.ExecutionStoppedDetails?.Error),
            EventType.StepSucceeded => Retry(e.StepSucceededDetails?.RetryDetails) + Payload(e.StepSucceededDetails?.Result),
            EventType.StepFailed => Retry(e.StepFailedDetails?.RetryDetails) + Error(e.StepFailedDetails?.Error),
            EventType.ContextSucceeded => Payload(e.ContextSucceededDetails?.Result),
            EventType.ContextFailed => Error(e.ContextFailedDetails?.Error),
            EventType.WaitStarted => string.Create(CultureInfo.InvariantCulture, $"{e.WaitStartedDetails?.Duration} s, until {e.WaitStartedDetails?.ScheduledEndTimestamp:yyyy-MM-dd HH:mm:ss}Z"),
            EventType.WaitSucceeded => string.Create(CultureInfo.InvariantCulture, $"{e.WaitSucceededDetails?.Duration} s"),
            EventType.WaitCancelled => Error(e.WaitCancelledDetails?.Error),
            EventType.CallbackStarted => "callback ID " + e.CallbackStartedDetails?.CallbackId,
            EventType.CallbackSucceeded => Payload(e.CallbackSucceededDetails?.Result),
            EventType.CallbackFailed => Error(e.CallbackFailedDetails?.Error),
            EventType.CallbackTimedOut => Error(e.CallbackTimedOutDetails?.Error),
            EventType.ChainedInvokeStarted => $"{e.ChainedInvokeStartedDetails?.FunctionName} {Payload(e.ChainedInvokeStartedDetails?.Input)}".Trim(),
            EventType.ChainedInvokeSucceeded => Payload(e.ChainedInvokeSucceededDetails?.Result),
            EventType.ChainedInvokeFailed => Error(e.ChainedInvokeFailedDetails?.Error),
            EventType.ChainedInvokeTimedOut => Error(e.ChainedInvokeTimedOutDetails?.Error),
            EventType.ChainedInvokeStopped => Error(e.ChainedInvokeStoppedDetails?.Error),
            EventType.InvocationCompleted => InvocationDetail(e.InvocationCompletedDetails),
            _ => string.Empty,
        };
    }

    public static string Shorten(string text, int max = 80)
    {
        var single = text.ReplaceLineEndings(" ");
        return single.Length <= max ? single : single[..(max - 1)] + "…";
    }

    private static string InvocationDetail(InvocationCompletedDetails? details)
    {
        if (details is null)
        {
            return string.Empty;
        }

        var took = (details.EndTimestamp - details.StartTimestamp).TotalMilliseconds;
        var text = string.Create(CultureInfo.InvariantCulture, $"{took:0} ms, request {details.RequestId}");
        return details.Error?.Payload is { } error ? $"{text}, {error.ErrorType}: {Shorten(error.ErrorMessage ?? string.Empty)}" : text;
    }

    private static string Kind(EventType type) => WireNames.Of(type) switch
    {
        var name when name.StartsWith("Step", StringComparison.Ordinal) => "step",
        var name when name.StartsWith("Wait", StringComparison.Ordinal) => "wait",
        var name when name.StartsWith("Context", StringComparison.Ordinal) => "context",
        var name when name.StartsWith("Callback", StringComparison.Ordinal) => "callback",
        var name when name.StartsWith("ChainedInvoke", StringComparison.Ordinal) => "invoke",
        _ => "operation",
    };
}
