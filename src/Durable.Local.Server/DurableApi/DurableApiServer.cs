using Microsoft.AspNetCore.Builder;

namespace Durable.Local.Server.DurableApi;

/// <summary>
/// The local engine's durable-execution REST API on Kestrel: the <c>/2025-12-01/…</c> paths of the Lambda service
/// model (checkpoint, state, execution, history, list by function, stop, callback success, failure and heartbeat)
/// and Lambda <c>Invoke</c> (<c>POST /2015-03-31/functions/{name}/invocations</c>) to start executions. AWS CLI,
/// boto3 and <c>Durable.Client.Http.LambdaDurableClient</c> work against it through their endpoint override.
/// </summary>
/// <remarks>
/// Request signatures are not verified: anything that reaches the port is trusted, which is why the server binds to
/// loopback unless <see cref="DurableApiServerOptions.BindAddress"/> says otherwise. Malformed requests get 4xx
/// answers in the AWS error shape (<c>x-amzn-ErrorType</c> header and a JSON body). Serve an engine on the real clock;
/// on the virtual clock only a synchronous <c>Invoke</c> drives it (one at a time), everything else waits for
/// whoever drives the engine.
/// </remarks>
public sealed class DurableApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DurableApiServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The address clients use, e.g. <c>http://127.0.0.1:5050/</c>; pass it as the Lambda endpoint override.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts serving <paramref name="engine"/>.</summary>
    /// <param name="engine">The engine every request is answered by; the caller keeps ownership.</param>
    /// <param name="options">Bind address, port and body limit; loopback on a free port when null.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    public static async Task<DurableApiServer> StartAsync(LocalDurableEngine engine, DurableApiServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        options ??= new DurableApiServerOptions();
        options.Validate();
        var app = LoopbackKestrel.Create(options.BindAddress, options.Port, options.MaxRequestBodyBytes);
        var router = new DurableApiRouter(new DurableApiEndpoints(engine));
        app.Run(router.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new DurableApiServer(app, LoopbackKestrel.BoundAddress(app));
    }

    /// <summary>Stops listening and releases the port.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
