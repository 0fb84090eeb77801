using System.Diagnostics;
using Durable.Protocol;

namespace Durable.Instrumentation;

/// <summary>
/// OpenTelemetry-friendly tracing: the runtime's <see cref="ActivitySource"/> emits one span per invocation and one
/// per operation the invocation starts or resumes. Subscribe with
/// <c>AddSource(DurableTelemetry.ActivitySourceName)</c>; when nothing listens, no span work is done.
/// </summary>
public static class DurableTelemetry
{
    /// <summary>The name of the runtime's <see cref="ActivitySource"/>.</summary>
    public const string ActivitySourceName = "Durable";

    internal static readonly ActivitySource Source = new(ActivitySourceName, typeof(DurableTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>A tracing plugin for one invocation, or null when no listener samples the source.</summary>
    internal static IDurablePlugin? CreateTracingPlugin() => Source.HasListeners() ? new TracingPlugin() : null;

    /// <summary>
    /// Spans of one invocation. An operation span ends when the operation ends, or when the invocation ends with the
    /// operation still open (marked <c>durable.suspended</c>): a span cannot outlive the process that started it.
    /// </summary>
    private sealed class TracingPlugin : IDurablePlugin
    {
        private readonly Dictionary<string, Activity> _open = new(StringComparer.Ordinal);
        private Activity? _invocation;

        public void OnInvocationStart(InvocationStartInfo info)
        {
            _invocation = StartDetached("durable.invocation", ActivityKind.Server, default);
            _invocation?.SetTag("durable.execution_arn", info.DurableExecutionArn)
                .SetTag("durable.first_invocation", info.IsFirstInvocation)
                .SetTag("faas.invocation_id", info.RequestId);
        }

        public void OnInvocationEnd(InvocationEndInfo info)
        {
            lock (_open)
            {
                foreach (var open in _open.Values)
                {
                    open.SetTag("durable.suspended", true);
                    open.Stop();
                }

                _open.Clear();
            }

            if (_invocation is null)
            {
                return;
            }

            _invocation.SetTag("durable.invocation.status", info.Status is { } status ? WireNames.Of(status) : "ERROR");
            if (info.ExecutionError is { } error)
            {
                _invocation.SetStatus(ActivityStatusCode.Error, error.ErrorMessage);
            }
            else if (info.InvocationError is { } exception)
            {
                _invocation.SetStatus(ActivityStatusCode.Error, exception.Message);
            }

            _invocation.Stop();
        }

        public void OnOperationStart(DurableOperationInfo info)
        {
            var span = StartDetached($"durable.{WireNames.Of(info.Type).ToLowerInvariant()} {info.Name ?? info.SubType}", ActivityKind.Internal, _invocation?.Context ?? default);
            if (span is null)
            {
                return;
            }

            Describe(span, info);
            lock (_open)
            {
                _open[info.Id] = span;
            }
        }

        public void OnOperationEnd(DurableOperationInfo info)
        {
            Activity? span;
            lock (_open)
            {
                _open.Remove(info.Id, out span);
            }

            if (span is null)
            {
                // Completed outside this invocation: a zero-length span records the outcome.
                span = StartDetached($"durable.{WireNames.Of(info.Type).ToLowerInvariant()} {info.Name ?? info.SubType}", ActivityKind.Internal, _invocation?.Context ?? default);
                if (span is null)
                {
                    return;
                }

                Describe(span, info);
            }

            span.SetTag("durable.operation.status", info.Status is { } status ? WireNames.Of(status) : null);
            if (info.Error is { } error)
            {
                span.SetStatus(ActivityStatusCode.Error, error.ErrorMessage);
            }

            span.Stop();
        }

        private static void Describe(Activity span, DurableOperationInfo info) =>
            span.SetTag("durable.operation.id", info.Id)
                .SetTag("durable.operation.name", info.Name)
                .SetTag("durable.operation.type", WireNames.Of(info.Type))
                .SetTag("durable.operation.subtype", info.SubType)
                .SetTag("durable.operation.parent_id", info.ParentId)
                .SetTag("durable.replay", info.IsReplay);

        // Operation hooks may run on the checkpointing flow; restoring Activity.Current keeps these spans from
        // becoming the ambient parent of unrelated work.
        private static Activity? StartDetached(string name, ActivityKind kind, ActivityContext parent)
        {
            var previous = Activity.Current;
            var activity = Source.StartActivity(name, kind, parent);
            Activity.Current = previous;
            return activity;
        }
    }
}
