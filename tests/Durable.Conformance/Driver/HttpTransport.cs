using Durable.Client.Http;
using Durable.Local.Server.DurableApi;

namespace Durable.Conformance.Driver;

/// <summary>How the functions of a requirement run reach the engine.</summary>
internal enum ConformanceTransport
{
    /// <summary>Straight calls into the engine (the default).</summary>
    InProcess,

    /// <summary>Over the wire: <c>LambdaDurableClient</c> (signed rest-json) to the engine's HTTP front on loopback.</summary>
    Http,

    /// <summary>
    /// The function under test as its own process behind the Lambda Runtime API, checkpointing over the HTTP front:
    /// real crashes, captured standard output. Requirements that crash the process always run this way.
    /// </summary>
    Process,
}

/// <summary>
/// The HTTP mode of a requirement run: the engine's REST front on a free loopback port and a signed client pointed
/// at it, installed as the environment's transport so every checkpoint and state read crosses HTTP.
/// </summary>
internal sealed class HttpTransport : IAsyncDisposable
{
    private readonly DurableApiServer _server;
    private readonly LambdaDurableClient _client;

    private HttpTransport(DurableApiServer server, LambdaDurableClient client)
    {
        _server = server;
        _client = client;
    }

    public static async Task<HttpTransport> StartAsync(ConformanceEnvironment environment)
    {
        var server = await DurableApiServer.StartAsync(environment.Engine);
        var client = new LambdaDurableClient(new LambdaDurableClientOptions
        {
            Endpoint = server.BaseAddress,
            Region = "us-east-1",
            CredentialsProvider = new StaticCredentialsProvider("conformance", "conformance"),
            Retry = LambdaRetryOptions.None,
        });
        environment.Transport = new TrackingClient(client);
        return new HttpTransport(server, client);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }
}

/// <summary>
/// Counts the calls on the wire, so a simulated crash can let the requests that already left the "process" arrive
/// first, as they do in the in-process mode, where a call is answered before the caller continues.
/// </summary>
internal sealed class TrackingClient(Client.IDurableExecutionClient inner) : Client.IDurableExecutionClient
{
    private int _inFlight;

    public Task<Protocol.CheckpointDurableExecutionResponse> CheckpointDurableExecutionAsync(Protocol.CheckpointDurableExecutionRequest request, CancellationToken cancellationToken = default) =>
        TrackAsync(() => inner.CheckpointDurableExecutionAsync(request, cancellationToken));

    public Task<Protocol.GetDurableExecutionStateResponse> GetDurableExecutionStateAsync(Protocol.GetDurableExecutionStateRequest request, CancellationToken cancellationToken = default) =>
        TrackAsync(() => inner.GetDurableExecutionStateAsync(request, cancellationToken));

    public async Task WhenIdleAsync()
    {
        while (Volatile.Read(ref _inFlight) > 0)
        {
            await Task.Delay(1);
        }
    }

    private async Task<T> TrackAsync<T>(Func<Task<T>> call)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            return await call();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
