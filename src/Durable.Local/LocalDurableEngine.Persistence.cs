using System.Text.Json;
using Durable.Client;
using Durable.Local.Engine;
using Durable.Local.Functions;
using Durable.Local.Persistence;
using Durable.Protocol;

namespace Durable.Local;

/// <summary>
/// Persistence through <see cref="IDurableStore"/>: every locked engine step ends by writing what it changed (the
/// execution's record, changed operations, new events) as one atomic batch, before the lock is released and so before
/// any answer leaves the engine. <see cref="Recover"/> reads it all back after a restart and resumes timers and
/// pending invocations. Without a store none of this runs: no tracking, no serialization.
/// </summary>
public sealed partial class LocalDurableEngine
{
    private const string RestartErrorType = "Engine.Restarted";
    private readonly IDurableStore? _store;
    private readonly Action<ExecutionRecord>? _enlist;
    private readonly List<ExecutionRecord> _unsaved = [];
    private readonly List<string> _purged = [];
    private long _nextExecutionOrder;
    private bool _recovered;

    /// <summary>
    /// Loads every execution from the store and resumes the open ones: timers (waits, retries, callback and
    /// execution timeouts) are armed again at their recorded times, an invocation that was running when the engine
    /// stopped is recorded as interrupted (<c>InvocationCompleted</c> with error <c>Engine.Restarted</c>) and run
    /// again, and wanted re-invocations run. Closed executions are purged once their retention period has passed.
    /// Call once, after registering the functions; executions of functions not registered are readable but not resumed.
    /// </summary>
    /// <returns>How many executions were loaded.</returns>
    /// <exception cref="InvalidOperationException">The engine has no store, or it already recovered or started executions.</exception>
    public int Recover()
    {
        var store = _store ?? throw new InvalidOperationException("The engine has no store to recover from (LocalEngineOptions.Store).");
        var rows = store.Load();
        lock (_gate)
        {
            try
            {
                if (_recovered || _executions.Count > 0)
                {
                    throw new InvalidOperationException("Recover must be called once, before any execution starts.");
                }

                _recovered = true;
                var loaded = rows.Select(Restore).ToList();
                foreach (var execution in loaded)
                {
                    Resume(execution);
                }

                return loaded.Count;
            }
            finally
            {
                SaveChanges();
            }
        }
    }

    /// <summary>Writes what the current locked step changed. Under the lock; a no-op without a store.</summary>
    private void SaveChanges()
    {
        if (_store is null || (_unsaved.Count == 0 && _purged.Count == 0))
        {
            return;
        }

        var batch = new DurableStoreBatch();
        foreach (var execution in _unsaved)
        {
            batch.Executions.Add(new ExecutionRow(execution.Arn, execution.Function.Name, execution.StartOrder, Serialize(ToDocument(execution))));
            foreach (var operation in execution.UnsavedOperations)
            {
                batch.Operations.Add(new OperationRow(execution.Arn, operation.Id, operation.StartSequence, Serialize(ToDocument(operation))));
            }

            for (var i = execution.SavedEventCount; i < execution.Events.Count; i++)
            {
                batch.Events.Add(new EventRow(execution.Arn, execution.Events[i].EventId, JsonSerializer.Serialize(execution.Events[i], EventTypeInfo)));
            }
        }

        batch.DeletedExecutions.AddRange(_purged);
        try
        {
            _store.Commit(batch);
        }
        catch (Exception ex)
        {
            // Nothing is marked saved, so the next step writes these changes again.
            throw new DurableServiceException(ServiceErrorCodes.Service, "The local engine could not write its store: " + ex.Message, 500, ex);
        }

        foreach (var execution in _unsaved)
        {
            execution.IsUnsaved = false;
            foreach (var operation in execution.UnsavedOperations)
            {
                operation.IsUnsaved = false;
            }

            execution.UnsavedOperations.Clear();
            execution.SavedEventCount = execution.Events.Count;
        }

        _unsaved.Clear();
        _purged.Clear();
    }

    /// <summary>Arms the purge of a closed execution at the end of its retention period (only with a store).</summary>
    private void ArmRetention(ExecutionRecord execution)
    {
        if (_store is null || execution.EndTimestamp is not { } end)
        {
            return;
        }

        var due = end.AddDays(execution.Function.Options.RetentionPeriodInDays);
        // A backstop: retention never keeps a virtual clock busy, and fires only when time gets there.
        execution.Timers[TimerKeys.Retention] = _scheduler.Schedule(due, () =>
        {
            lock (_gate)
            {
                try
                {
                    Purge(execution);
                }
                finally
                {
                    SaveChanges();
                }
            }
        }, backstop: true);
    }

    private void Purge(ExecutionRecord execution)
    {
        if (!_executions.Remove(execution.Arn))
        {
            return;
        }

        _executionsInStartOrder.Remove(execution);
        foreach (var operation in execution.Operations)
        {
            if (operation.CallbackId is { } callbackId)
            {
                _callbacks.Remove(callbackId);
            }
        }

        execution.CancelAllTimers();
        _purged.Add(execution.Arn);
    }

    private ExecutionRecord Restore(StoredExecutionRows rows)
    {
        var document = JsonSerializer.Deserialize(rows.Execution.Document, StoreJsonContext.Default.ExecutionDocument)
            ?? throw new InvalidDataException($"The stored record of {rows.Execution.Arn} is empty.");
        var function = _functions.GetValueOrDefault(document.FunctionName) ?? new RegisteredFunction(
            document.FunctionName,
            $"arn:aws:lambda:{Options.Region}:{Options.AccountId}:function:{document.FunctionName}",
            UnregisteredFunction.Instance,
            new LocalFunctionOptions());
        var execution = new ExecutionRecord
        {
            Arn = document.Arn,
            Name = document.Name,
            ExecutionId = document.ExecutionId,
            Function = function,
            Version = document.Version,
            StartTimestamp = document.StartTimestamp,
            StartOrder = document.StartOrder,
            InputPayload = document.InputPayload,
            InvokedBy = document.InvokedByArn is { } parent ? (parent, document.InvokedByOperationId!) : null,
            ExecutionTimeoutSeconds = document.ExecutionTimeoutSeconds,
            Status = StoredNames.ExecutionStatus(document.Status),
            Result = document.Result,
            Error = document.Error,
            EndTimestamp = document.EndTimestamp,
            InvocationCount = document.InvocationCount,
            ConsecutiveFailedInvocations = document.ConsecutiveFailedInvocations,
            TokenSequence = document.TokenSequence,
            PendingClose = document.PendingCloseStatus is { } closeStatus ? (StoredNames.ExecutionStatus(closeStatus), document.PendingCloseResult, document.PendingCloseError) : null,
            RetryDue = document.RetryDue,
        };
        foreach (var row in rows.Operations)
        {
            var operation = FromDocument(JsonSerializer.Deserialize(row.Document, StoreJsonContext.Default.OperationDocument)
                ?? throw new InvalidDataException($"The stored operation {row.Id} of {row.Arn} is empty."));
            execution.Restore(operation);
            if (operation.CallbackId is { } callbackId)
            {
                _callbacks[callbackId] = (execution, operation);
            }
        }

        foreach (var row in rows.Events)
        {
            execution.Events.Add(JsonSerializer.Deserialize(row.Document, EventTypeInfo)
                ?? throw new InvalidDataException($"The stored event {row.EventId} of {row.Arn} is empty."));
        }

        execution.SavedEventCount = execution.Events.Count;
        execution.Enlist = _enlist;
        if (execution.Status != ExecutionStatus.Running)
        {
            execution.Completion.TrySetResult();
        }

        _executions[execution.Arn] = execution;
        _executionsInStartOrder.Add(execution);
        _nextExecutionOrder = Math.Max(_nextExecutionOrder, execution.StartOrder + 1);

        // Kept aside so Resume knows what the crashed engine was doing.
        execution.RecoveredInFlight = document.InFlightRequestId is { } requestId
            ? (requestId, document.InFlightStartTimestamp ?? document.StartTimestamp)
            : null;
        execution.RecoveredInvocationWanted = document.InvocationWanted;
        return execution;
    }

    private void Resume(ExecutionRecord execution)
    {
        if (execution.Status != ExecutionStatus.Running)
        {
            if (execution.EndTimestamp is { } end && end.AddDays(execution.Function.Options.RetentionPeriodInDays) <= _scheduler.UtcNow)
            {
                Purge(execution);
            }
            else
            {
                ArmRetention(execution);
            }

            return;
        }

        if (ReferenceEquals(execution.Function.Invoker, UnregisteredFunction.Instance))
        {
            return;
        }

        execution.Timers[TimerKeys.ExecutionTimeout] = _scheduler.Schedule(
            execution.StartTimestamp.AddSeconds(execution.ExecutionTimeoutSeconds),
            () => OnExecutionTimeout(execution),
            backstop: true);
        foreach (var operation in execution.Operations)
        {
            ResumeOperation(execution, operation);
        }

        if (execution.RecoveredInFlight is { } interrupted)
        {
            // The invocation died with the engine: record it as Lambda records a lost sandbox, then carry on.
            var now = _scheduler.UtcNow;
            execution.AppendEvent(EventType.InvocationCompleted, now, null).InvocationCompletedDetails = new InvocationCompletedDetails
            {
                StartTimestamp = interrupted.StartTimestamp,
                EndTimestamp = now,
                RequestId = interrupted.RequestId,
                Error = new EventError
                {
                    Payload = new ErrorObject { ErrorType = RestartErrorType, ErrorMessage = "The local engine stopped while this invocation ran." },
                },
            };
            if (execution.PendingClose is { } close)
            {
                Close(execution, close.Status, close.Result, close.Error);
                return;
            }

            RequestInvocation(execution);
        }
        else if (execution.RecoveredInvocationWanted)
        {
            RequestInvocation(execution);
        }
        else if (execution.RetryDue is { } retryDue)
        {
            ArmInvocationRetry(execution, retryDue);
        }

        execution.RecoveredInFlight = null;
        execution.MarkUnsaved();
    }

    private void ResumeOperation(ExecutionRecord execution, StoredOperation operation)
    {
        switch (operation.Type, operation.Status)
        {
            case (OperationType.Step, OperationStatus.Pending) when operation.NextAttemptTimestamp is { } due:
                ArmStepRetry(execution, operation, due);
                break;
            case (OperationType.Wait, OperationStatus.Started) when operation.ScheduledEndTimestamp is { } end:
                ArmWaitEnd(execution, operation, end, operation.WaitSeconds ?? 0);
                break;
            case (OperationType.Callback, OperationStatus.Started):
                if (operation.CallbackTimeoutSeconds is { } timeout)
                {
                    ArmCallbackTimeout(execution, operation, TimeoutKey(operation), operation.StartTimestamp.AddSeconds(timeout), CallbackTimeoutErrorType);
                }

                if (operation.HeartbeatDue is { } heartbeat)
                {
                    ArmCallbackTimeout(execution, operation, HeartbeatKey(operation), heartbeat, CallbackHeartbeatErrorType);
                }

                break;
            case (OperationType.ChainedInvoke, OperationStatus.Started) when operation.InvokedExecutionArn is null:
                // A plain target's call was lost with the engine; a durable target is its own (recovered) execution.
                if (operation.FunctionName is { } target && _functions.TryGetValue(ProtocolValidation.TryParseFunctionReference(target, out var name, out _) ? name : target, out var function))
                {
                    _scheduler.Post(() => InvokePlainFunctionAsync(execution, operation, function, operation.InputPayload));
                }

                break;
        }
    }

    private static string Serialize(ExecutionDocument document) => JsonSerializer.Serialize(document, StoreJsonContext.Default.ExecutionDocument);

    private static string Serialize(OperationDocument document) => JsonSerializer.Serialize(document, StoreJsonContext.Default.OperationDocument);

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<Event> EventTypeInfo => ProtocolJson.ApiTypeInfo<Event>();

    private static ExecutionDocument ToDocument(ExecutionRecord execution) => new()
    {
        Arn = execution.Arn,
        Name = execution.Name,
        ExecutionId = execution.ExecutionId,
        FunctionName = execution.Function.Name,
        Version = execution.Version,
        StartOrder = execution.StartOrder,
        StartTimestamp = execution.StartTimestamp,
        InputPayload = execution.InputPayload,
        InvokedByArn = execution.InvokedBy?.ExecutionArn,
        InvokedByOperationId = execution.InvokedBy?.OperationId,
        ExecutionTimeoutSeconds = execution.ExecutionTimeoutSeconds,
        Status = WireNames.Of(execution.Status),
        Result = execution.Result,
        Error = execution.Error,
        EndTimestamp = execution.EndTimestamp,
        InvocationCount = execution.InvocationCount,
        ConsecutiveFailedInvocations = execution.ConsecutiveFailedInvocations,
        TokenSequence = execution.TokenSequence,
        PendingCloseStatus = execution.PendingClose is { } close ? WireNames.Of(close.Status) : null,
        PendingCloseResult = execution.PendingClose?.Result,
        PendingCloseError = execution.PendingClose?.Error,
        InFlightRequestId = execution.Invocation?.RequestId,
        InFlightStartTimestamp = execution.Invocation?.StartTimestamp,
        InvocationWanted = execution.InvocationQueued || execution.ReinvokeRequested,
        RetryDue = execution.RetryDue,
    };

    private static OperationDocument ToDocument(StoredOperation operation) => new()
    {
        Id = operation.Id,
        ParentId = operation.ParentId,
        Name = operation.Name,
        Type = WireNames.Of(operation.Type),
        SubType = operation.SubType,
        StartSequence = operation.StartSequence,
        StartTimestamp = operation.StartTimestamp,
        EndTimestamp = operation.EndTimestamp,
        Status = WireNames.Of(operation.Status),
        InputPayload = operation.InputPayload,
        Result = operation.Result,
        Error = operation.Error,
        Attempt = operation.Attempt,
        NextAttemptTimestamp = operation.NextAttemptTimestamp,
        WaitSeconds = operation.WaitSeconds,
        ScheduledEndTimestamp = operation.ScheduledEndTimestamp,
        ReplayChildren = operation.ReplayChildren,
        CallbackId = operation.CallbackId,
        CallbackTimeoutSeconds = operation.CallbackTimeoutSeconds,
        CallbackHeartbeatTimeoutSeconds = operation.CallbackHeartbeatTimeoutSeconds,
        HeartbeatDue = operation.HeartbeatDue,
        FunctionName = operation.FunctionName,
        TenantId = operation.TenantId,
        InvokedExecutionArn = operation.InvokedExecutionArn,
        HasUndeliveredChange = operation.HasUndeliveredChange,
    };

    private static StoredOperation FromDocument(OperationDocument document) => new()
    {
        Id = document.Id,
        ParentId = document.ParentId,
        Name = document.Name,
        Type = StoredNames.OperationType(document.Type),
        SubType = document.SubType,
        StartSequence = document.StartSequence,
        StartTimestamp = document.StartTimestamp,
        EndTimestamp = document.EndTimestamp,
        Status = StoredNames.OperationStatus(document.Status),
        InputPayload = document.InputPayload,
        Result = document.Result,
        Error = document.Error,
        Attempt = document.Attempt,
        NextAttemptTimestamp = document.NextAttemptTimestamp,
        WaitSeconds = document.WaitSeconds,
        ScheduledEndTimestamp = document.ScheduledEndTimestamp,
        ReplayChildren = document.ReplayChildren,
        CallbackId = document.CallbackId,
        CallbackTimeoutSeconds = document.CallbackTimeoutSeconds,
        CallbackHeartbeatTimeoutSeconds = document.CallbackHeartbeatTimeoutSeconds,
        HeartbeatDue = document.HeartbeatDue,
        FunctionName = document.FunctionName,
        TenantId = document.TenantId,
        InvokedExecutionArn = document.InvokedExecutionArn,
        HasUndeliveredChange = document.HasUndeliveredChange,
    };

    /// <summary>Stands in for a function a recovered execution names but this engine has not registered.</summary>
    private sealed class UnregisteredFunction : ILocalFunctionInvoker
    {
        public static readonly UnregisteredFunction Instance = new();

        public bool IsDurable => true;

        public Task<LocalInvocationResult> InvokeAsync(LocalInvocationRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(LocalInvocationResult.Failed(new ErrorObject
            {
                ErrorType = "Function.NotRegistered",
                ErrorMessage = $"Function '{request.FunctionName}' is not registered with this engine.",
            }));
    }
}
