using System.Text.Json.Nodes;

namespace Durable.Conformance.Requirements;

/// <summary>The three things the runner can send for a callback.</summary>
public enum CallbackOperation
{
    /// <summary><c>SendDurableExecutionCallbackSuccess</c> with <c>json.dumps(Payload)</c> as the result.</summary>
    Success,

    /// <summary><c>SendDurableExecutionCallbackFailure</c> with the error fields of the <c>Payload</c> mapping.</summary>
    Failure,

    /// <summary><c>SendDurableExecutionCallbackHeartbeat</c>; leaves the callback open for a later action.</summary>
    Heartbeat,
}

/// <summary>
/// One <c>CallbackActions</c> item: which callback (by name: literal, <c>${VAR}</c>, <c>'*'</c> or
/// <c>${/re/}</c>), what to send, the payload (unsubstituted) and how long to wait before sending.
/// </summary>
/// <param name="CallbackName">The name pattern, as written.</param>
/// <param name="Operation">What to send.</param>
/// <param name="Payload">The payload; <see langword="null"/> when absent or empty.</param>
/// <param name="Delay">Seconds to sleep before sending (default 0).</param>
public sealed record CallbackAction(string CallbackName, CallbackOperation Operation, JsonNode? Payload, double Delay)
{
    /// <summary><see cref="Delay"/> as a time span.</summary>
    public TimeSpan DelayTime => TimeSpan.FromSeconds(Delay);
}
