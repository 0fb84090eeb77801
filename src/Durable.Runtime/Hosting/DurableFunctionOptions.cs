using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Durable.Hosting;

/// <summary>How a durable function runs its workflow: serialization, logging and checkpoint batching.</summary>
public sealed record DurableFunctionOptions
{
    /// <summary>The default options.</summary>
    public static DurableFunctionOptions Default { get; } = new();

    /// <summary>
    /// JSON options for workflow input, output and every checkpointed payload. Their resolvers must describe the
    /// payload types (see <see cref="DurableJson.CreateOptions"/>); <see cref="DurableJson.Default"/> by default.
    /// </summary>
    public JsonSerializerOptions SerializerOptions { get; init; } = DurableJson.Default;

    /// <summary>
    /// Where generated workflow classes get their constructor parameters (clients, configuration); null when the
    /// workflows take none. A new workflow instance is created for every invocation.
    /// </summary>
    public IServiceProvider? Services { get; init; }

    /// <summary>
    /// Instrumentation plugins, called around invocations, operations, attempts and user functions (see
    /// <see cref="Instrumentation.IDurablePlugin"/>). A plugin that throws is ignored, never the workflow.
    /// </summary>
    public IReadOnlyList<Instrumentation.IDurablePlugin> Plugins { get; init; } = [];

    /// <summary>Where workflow and step logs go; nowhere by default.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The logger category of workflow and step logs.</summary>
    public string LoggerCategory { get; init; } = "Durable.Workflow";

    /// <summary>Suppress workflow log lines while replaying (on by default); off logs every line on every replay.</summary>
    public bool ReplayAwareLogging { get; init; } = true;

    /// <summary>Updates per checkpoint request (the service limit is 200).</summary>
    public int MaxUpdatesPerCheckpoint { get; init; } = 200;

    /// <summary>Estimated bytes per checkpoint request (750 KB, as AWS's SDKs use).</summary>
    public int MaxCheckpointBytes { get; init; } = 750 * 1024;

    /// <summary>Items per page when reading execution state (at most 1000).</summary>
    public int StatePageSize { get; init; } = 1000;

    /// <summary>
    /// The largest workflow result returned inline; larger results are checkpointed on the EXECUTION operation
    /// first. Lambda's response limit is 6 MB; AWS's SDKs keep 50 bytes for the envelope.
    /// </summary>
    public int MaxInlineResultBytes { get; init; } = (6 * 1024 * 1024) - 50;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(SerializerOptions, nameof(SerializerOptions));
        ArgumentNullException.ThrowIfNull(LoggerFactory, nameof(LoggerFactory));
        ArgumentNullException.ThrowIfNull(Plugins, nameof(Plugins));
        if (Plugins.Any(plugin => plugin is null))
        {
            throw new ArgumentException("Plugins must not contain null.", nameof(Plugins));
        }
        if (MaxUpdatesPerCheckpoint is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxUpdatesPerCheckpoint), MaxUpdatesPerCheckpoint, "Between 1 and 1000 updates per checkpoint.");
        }

        if (MaxCheckpointBytes < 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCheckpointBytes), MaxCheckpointBytes, "At least 4096 bytes per checkpoint.");
        }

        if (StatePageSize is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(StatePageSize), StatePageSize, "Between 1 and 1000 items per page.");
        }

        if (MaxInlineResultBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxInlineResultBytes), MaxInlineResultBytes, "Must not be negative.");
        }
    }
}

/// <summary>What the host knows about the current Lambda invocation.</summary>
public sealed class DurableInvocationInfo
{
    /// <summary>An invocation with no host information (tests, tools).</summary>
    public static DurableInvocationInfo None { get; } = new();

    /// <summary>The Lambda request ID.</summary>
    public string? RequestId { get; init; }

    /// <summary>When Lambda will stop the invocation.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>The X-Ray trace header.</summary>
    public string? TraceId { get; init; }

    /// <summary>
    /// The clock for in-process polling while branches wait on timers; the system clock when null. The local engine
    /// passes its own (virtual) clock.
    /// </summary>
    public TimeProvider? TimeProvider { get; init; }
}
