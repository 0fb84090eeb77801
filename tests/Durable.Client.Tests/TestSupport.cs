using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Durable.Client.Tests;

/// <summary>A request as the handler saw it, body buffered.</summary>
public sealed record CapturedRequest(
    HttpMethod Method,
    Uri Uri,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body)
{
    public string PathAndQuery => Uri.PathAndQuery;

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>An in-memory handler: records each request and answers with the responder.</summary>
public sealed class FakeHandler : HttpMessageHandler
{
    private readonly Func<CapturedRequest, int, CancellationToken, Task<HttpResponseMessage>> _responder;

    public FakeHandler(Func<CapturedRequest, int, HttpResponseMessage> responder)
        : this((request, attempt, _) => Task.FromResult(responder(request, attempt)))
    {
    }

    public FakeHandler(Func<CapturedRequest, int, CancellationToken, Task<HttpResponseMessage>> responder)
    {
        _responder = responder;
    }

    public ConcurrentQueue<CapturedRequest> Requests { get; } = new();

    public int Count => Requests.Count;

    public CapturedRequest Single => Assert.Single(Requests);

    /// <summary>Answers every request with the same status and JSON body.</summary>
    public static FakeHandler Always(HttpStatusCode status, string json = "{}", params (string Name, string Value)[] headers) =>
        new((_, _) => Respond.Json(status, json, headers));

    /// <summary>Answers the n-th request (1-based) with the n-th responder; the last one repeats.</summary>
    public static FakeHandler Sequence(params Func<HttpResponseMessage>[] responses) =>
        new((_, attempt) => responses[Math.Min(attempt, responses.Length) - 1]());

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            headers[name] = string.Join(",", values);
        }

        var body = Array.Empty<byte>();
        if (request.Content is not null)
        {
            foreach (var (name, values) in request.Content.Headers.NonValidated)
            {
                headers[name] = string.Join(",", values);
            }

            body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        var captured = new CapturedRequest(request.Method, request.RequestUri!, headers, body);
        Requests.Enqueue(captured);
        return await _responder(captured, Requests.Count, cancellationToken);
    }
}

public static class Respond
{
    public static HttpResponseMessage Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)),
        };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        foreach (var (name, value) in headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }

    public static HttpResponseMessage Raw(HttpStatusCode status, byte[] body, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    public static HttpResponseMessage Fail() => throw new HttpRequestException("Connection reset by peer (simulated).");
}

/// <summary>
/// A settable clock. Timers due within <see cref="FireImmediatelyUpTo"/> fire at once (back-off and Retry-After
/// waits cost no real time; their lengths are recorded in <see cref="Delays"/>); longer timers never fire. The
/// default of 3 s sits below every timeout under test (the client's 60 s attempt timeout, the container provider's
/// 5 s request timeout), so timeouts never fire by accident.
/// </summary>
public sealed class TestTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _now;

    public TestTimeProvider(DateTimeOffset now)
    {
        _now = now;
    }

    public TimeSpan FireImmediatelyUpTo { get; set; } = TimeSpan.FromSeconds(3);

    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    public DateTimeOffset Now
    {
        get { lock (_gate) { return _now; } }
        set { lock (_gate) { _now = value; } }
    }

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan && dueTime <= FireImmediatelyUpTo)
        {
            Delays.Enqueue(dueTime);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        return new InertTimer();
    }

    private sealed class InertTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>Keeps every log record, formatted, with its level.</summary>
public sealed class CapturingLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message, string State)> Records { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? string.Join("; ", pairs.Select(p => $"{p.Key}={p.Value}"))
            : state?.ToString() ?? string.Empty;
        Records.Enqueue((logLevel, formatter(state, exception), values + " " + exception));
    }
}

public static class Env
{
    public static Func<string, string?> Of(params (string Name, string? Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => map.TryGetValue(name, out var value) ? value : null;
    }
}
