using Durable.Execution;
using Durable.Protocol;
using Microsoft.Extensions.Logging;

namespace Durable.Instrumentation;

/// <summary>
/// Calls the plugins of one invocation. It decides when a hook fires (live start, replayed start, first terminal
/// observation) so that the operation code only reports facts; each plugin runs in its own try/catch, so a
/// throwing plugin never reaches the workflow or another plugin. Absent (null) when no plugin is registered, which
/// keeps replay free of hook work.
/// </summary>
internal sealed class PluginHooks
{
    private readonly IDurablePlugin[] _plugins;
    private readonly ExecutionState _state;
    private readonly ILogger _logger;
    private readonly string? _requestId;
    private readonly HashSet<string> _updatedSinceLastInvocation;
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);
    private readonly bool _isFirstInvocation;

    private PluginHooks(IDurablePlugin[] plugins, ExecutionState state, ILogger logger, string? requestId, IReadOnlyCollection<string>? updatedOperationIds)
    {
        _plugins = plugins;
        _state = state;
        _logger = logger;
        _requestId = requestId;
        _updatedSinceLastInvocation = new HashSet<string>(updatedOperationIds ?? [], StringComparer.Ordinal);
        _isFirstInvocation = !state.HasOperationsBesidesExecution();
    }

    /// <summary>Hooks for this invocation, or null when there is nothing to call.</summary>
    public static PluginHooks? Create(IReadOnlyList<IDurablePlugin> configured, ExecutionState state, ILogger logger, string? requestId, IReadOnlyCollection<string>? updatedOperationIds)
    {
        var tracing = DurableTelemetry.CreateTracingPlugin();
        if (configured.Count == 0 && tracing is null)
        {
            return null;
        }

        IDurablePlugin[] plugins = tracing is null ? [.. configured] : [tracing, .. configured];
        return new PluginHooks(plugins, state, logger, requestId, updatedOperationIds);
    }

    public void InvocationStarted()
    {
        var updated = new Dictionary<string, DurableOperationInfo>(StringComparer.Ordinal);
        foreach (var id in _updatedSinceLastInvocation)
        {
            if (SafeGet(id) is { } operation)
            {
                updated[id] = DurableOperationInfo.From(operation, isReplay: true);
            }
        }

        var info = new InvocationStartInfo(Snapshot, updated)
        {
            DurableExecutionArn = _state.DurableExecutionArn,
            RequestId = _requestId,
            IsFirstInvocation = _isFirstInvocation,
            ExecutionStartTimestamp = ExecutionStart(),
        };
        Dispatch(static (plugin, info) => plugin.OnInvocationStart(info), info);
    }

    public void InvocationEnded(DurableExecutionInvocationOutput? output, Exception? error)
    {
        var info = new InvocationEndInfo(Snapshot)
        {
            DurableExecutionArn = _state.DurableExecutionArn,
            RequestId = _requestId,
            IsFirstInvocation = _isFirstInvocation,
            ExecutionStartTimestamp = ExecutionStart(),
            Status = output?.Status,
            ExecutionError = output?.Status == InvocationStatus.Failed ? output.Error : null,
            InvocationError = error,
        };
        Dispatch(static (plugin, info) => plugin.OnInvocationEnd(info), info);
    }

    /// <summary>Workflow code starts an operation that has no record yet.</summary>
    public void OperationStarting(OperationUpdate start)
    {
        if (_state.Contains(start.Id))
        {
            // A new attempt of a recorded operation: its replayed start was already reported.
            return;
        }

        var info = new DurableOperationInfo
        {
            Id = start.Id,
            Name = start.Name,
            Type = start.Type,
            SubType = start.SubType,
            ParentId = start.ParentId,
            Status = OperationStatus.Started,
            IsReplay = false,
        };
        Dispatch(static (plugin, info) => plugin.OnOperationStart(info), info);
    }

    /// <summary>Workflow code reached an operation that an earlier invocation recorded.</summary>
    public void OperationReached(Operation recorded)
    {
        if (!recorded.IsTerminal)
        {
            Dispatch(static (plugin, info) => plugin.OnOperationStart(info), DurableOperationInfo.From(recorded, isReplay: true));
        }
        else if (_updatedSinceLastInvocation.Contains(recorded.Id))
        {
            // Completed outside the function (timer, callback, chained invoke) while it was suspended.
            ReportEnd(recorded, isReplay: true);
        }
    }

    /// <summary>The service's changes were merged into the state.</summary>
    public void Merged(IReadOnlyList<Operation> operations)
    {
        var updated = new Dictionary<string, DurableOperationInfo>(operations.Count, StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            if (operation.Type != OperationType.Execution)
            {
                updated[operation.Id] = DurableOperationInfo.From(operation, isReplay: false);
            }
        }

        if (updated.Count == 0)
        {
            return;
        }

        var change = new OperationChangeInfo(updated, Snapshot) { DurableExecutionArn = _state.DurableExecutionArn };
        Dispatch(static (plugin, info) => plugin.OnOperationChange(info), change);
        foreach (var operation in operations)
        {
            if (operation.IsTerminal && operation.Type != OperationType.Execution)
            {
                ReportEnd(operation, isReplay: false);
            }
        }
    }

    public void AttemptStarting(DurableOperationInfo operation, int attempt) =>
        Dispatch(static (plugin, info) => plugin.OnAttemptStart(info), new AttemptInfo { Operation = operation, AttemptNumber = attempt });

    public void AttemptEnded(DurableOperationInfo operation, int attempt, Exception? error) =>
        Dispatch(
            static (plugin, info) => plugin.OnAttemptEnd(info),
            new AttemptInfo { Operation = operation, AttemptNumber = attempt, Outcome = error is null ? HookOutcome.Succeeded : HookOutcome.Failed, Error = error });

    public void UserFunctionStarting(DurableOperationInfo operation, bool isReplayingChildren) =>
        Dispatch(static (plugin, info) => plugin.OnUserFunctionStart(info), new UserFunctionInfo { Operation = operation, IsReplayingChildren = isReplayingChildren });

    public void UserFunctionEnded(DurableOperationInfo operation, bool isReplayingChildren, Exception? error) =>
        Dispatch(
            static (plugin, info) => plugin.OnUserFunctionEnd(info),
            new UserFunctionInfo { Operation = operation, IsReplayingChildren = isReplayingChildren, Outcome = error is null ? HookOutcome.Succeeded : HookOutcome.Failed, Error = error });

    private void ReportEnd(Operation operation, bool isReplay)
    {
        lock (_ended)
        {
            if (!_ended.Add(operation.Id))
            {
                return;
            }
        }

        Dispatch(static (plugin, info) => plugin.OnOperationEnd(info), DurableOperationInfo.From(operation, isReplay));
    }

    private IReadOnlyDictionary<string, DurableOperationInfo> Snapshot()
    {
        var all = new Dictionary<string, DurableOperationInfo>(StringComparer.Ordinal);
        foreach (var operation in _state.Snapshot())
        {
            all[operation.Id] = DurableOperationInfo.From(operation, isReplay: false);
        }

        return all;
    }

    private DateTimeOffset? ExecutionStart() =>
        _state.ExecutionOperation.StartTimestamp == default ? null : _state.ExecutionOperation.StartTimestamp;

    private Operation? SafeGet(string id)
    {
        try
        {
            return _state.Get(id);
        }
        catch (InvalidEnvelopeException)
        {
            // The workflow reports an undecodable record when it reaches it; a hook must not fail first.
            return null;
        }
    }

    private void Dispatch<TInfo>(Action<IDurablePlugin, TInfo> hook, TInfo info)
    {
        foreach (var plugin in _plugins)
        {
            try
            {
                hook(plugin, info);
            }
            catch (Exception ex)
            {
                _logger.LogDebug(ex, "Plugin {Plugin} threw from a hook; the exception is ignored.", plugin.GetType().FullName);
            }
        }
    }
}
