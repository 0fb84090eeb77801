using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Durable.Runtime.Tests.Support;

/// <summary>
/// A scripted Lambda Runtime API behind an <see cref="HttpMessageHandler"/>: each GET of <c>invocation/next</c> takes
/// the next scripted answer (an event, a status, or a dropped connection); posts are recorded. When the script runs
/// out, <c>next</c> blocks until the test cancels the host, as the real API blocks until an event arrives.
/// </summary>
internal sealed class FakeRuntimeApi : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpResponseMessage>> _next = new();

    public List<(string Path, string? ErrorType, string Body)> Posts { get; } = [];

    public HttpStatusCode ResponseStatus { get; set; } = HttpStatusCode.Accepted;

    public TaskCompletionSource ScriptExhausted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeRuntimeApi Event(string requestId, string body, Action<HttpResponseMessage>? adjust = null)
    {
        _next.Enqueue(() =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            response.Headers.Add("Lambda-Runtime-Aws-Request-Id", requestId);
            response.Headers.Add("Lambda-Runtime-Deadline-Ms", DateTimeOffset.UtcNow.AddMinutes(15).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            response.Headers.Add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000001");
            adjust?.Invoke(response);
            return response;
        });
        return this;
    }

    public FakeRuntimeApi Status(HttpStatusCode status)
    {
        _next.Enqueue(() => new HttpResponseMessage(status));
        return this;
    }

    public FakeRuntimeApi Unreachable()
    {
        _next.Enqueue(() => throw new HttpRequestException("Connection refused"));
        return this;
    }

    public List<(string Path, string? ErrorType, string Body)> Snapshot()
    {
        lock (Posts)
        {
            return [.. Posts];
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Get && path == "/2018-06-01/runtime/invocation/next")
        {
            if (_next.TryDequeue(out var answer))
            {
                return answer();
            }

            ScriptExhausted.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Posts)
        {
            Posts.Add((path, request.Headers.TryGetValues("Lambda-Runtime-Function-Error-Type", out var types) ? types.First() : null, body));
        }

        return new HttpResponseMessage(path.EndsWith("/response", StringComparison.Ordinal) ? ResponseStatus : HttpStatusCode.Accepted);
    }
}
