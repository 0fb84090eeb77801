using System.Net;

namespace Durable.Local.Server.DurableApi;

/// <summary>Where and how <see cref="DurableApiServer"/> listens.</summary>
public sealed record DurableApiServerOptions
{
    /// <summary>
    /// The address to bind; <see cref="IPAddress.Loopback"/> by default. Any other address exposes the engine (which
    /// does not verify request signatures) to the network: set it only when that is what you want.
    /// </summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The TCP port; 0 (the default) picks any free port (read it from <see cref="DurableApiServer.BaseAddress"/>).</summary>
    public int Port { get; init; }

    /// <summary>
    /// The largest request body accepted; larger requests get 413 <c>RequestTooLargeException</c>. 16 MiB by default:
    /// room for a 6 MiB checkpoint payload with JSON escaping.
    /// </summary>
    public long MaxRequestBodyBytes { get; init; } = 16 * 1024 * 1024;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(BindAddress);
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "The port must be between 0 and 65535.");
        }

        if (MaxRequestBodyBytes < 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRequestBodyBytes), MaxRequestBodyBytes, "The body limit must be at least 1 KiB.");
        }
    }
}
