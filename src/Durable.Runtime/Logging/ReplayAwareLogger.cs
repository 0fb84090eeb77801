using System.Collections;
using Microsoft.Extensions.Logging;

namespace Durable.Logging;

/// <summary>
/// Forwards to a sink logger except while the owning context replays code that already ran (and logged) in an
/// earlier invocation. Scopes always pass through so that structured fields stay intact.
/// </summary>
internal sealed class ReplayAwareLogger(ILogger inner, Func<bool> isReplaying, bool modeAware) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => !Suppressed() && inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!Suppressed())
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }

    private bool Suppressed() => modeAware && isReplaying();
}

/// <summary>Structured scope fields as a read-only list of pairs, the shape logging providers understand.</summary>
internal sealed class LogScope(params KeyValuePair<string, object?>[] fields) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => fields.Length;

    public KeyValuePair<string, object?> this[int index] => fields[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)fields).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(", ", fields.Select(f => $"{f.Key}={f.Value}"));

    /// <summary>The scope of one invocation: <c>executionArn</c> (the field name the Lambda console filters on) and <c>awsRequestId</c>.</summary>
    public static LogScope ForInvocation(string executionArn, string? requestId) =>
        requestId is null
            ? new LogScope(Field("executionArn", executionArn))
            : new LogScope(Field("executionArn", executionArn), Field("awsRequestId", requestId));

    /// <summary>The scope of a step attempt.</summary>
    public static LogScope ForOperation(string operationId, string? operationName, int attempt) =>
        new(Field("operationId", operationId), Field("operationName", operationName), Field("attempt", attempt));

    private static KeyValuePair<string, object?> Field(string key, object? value) => new(key, value);
}
