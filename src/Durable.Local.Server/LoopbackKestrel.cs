using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Durable.Local.Server;

/// <summary>
/// Builds the Kestrel hosts of the local engine: bound to loopback unless the caller explicitly asks for another
/// address, port 0 meaning "any free port", and quiet framework logging.
/// </summary>
internal static class LoopbackKestrel
{
    /// <summary>Creates a web application listening on <paramref name="address"/>:<paramref name="port"/>.</summary>
    public static WebApplication Create(IPAddress address, int port, long? maxRequestBodyBytes, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = maxRequestBodyBytes;
            kestrel.Listen(address, port);
        });
        // Embedded servers must not take over the process's Ctrl+C / SIGTERM handling (the default console lifetime
        // does): the program that embeds them decides when to stop.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>The address the started application actually listens on.</summary>
    public static Uri BoundAddress(WebApplication app)
    {
        var address = app.Urls.FirstOrDefault() ?? throw new InvalidOperationException("The server is not listening.");
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal), UriKind.Absolute);
    }

    /// <summary>A host lifetime that leaves process signals alone.</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
