using Durable.Client;
using Durable.Local.Engine;
using Durable.Local.Functions;
using Durable.Protocol;

namespace Durable.Local;

/// <summary>
/// Chained invokes: a durable target runs as its own execution (with its own ARN, recorded on
/// <c>ChainedInvokeStarted</c>); a plain target is invoked once. Its outcome completes the caller's operation and
/// invokes the caller again.
/// </summary>
public sealed partial class LocalDurableEngine
{
    private void ApplyChainedInvoke(ExecutionRecord execution, StoredOperation invoke, OperationUpdate update, DateTimeOffset now)
    {
        if (update.Action == OperationAction.Cancel)
        {
            invoke.Status = OperationStatus.Stopped;
            invoke.EndTimestamp = now;
            invoke.Error = new ErrorObject { ErrorType = "ChainedInvoke.Cancelled", ErrorMessage = "The chained invoke was cancelled." };
            execution.AppendEvent(EventType.ChainedInvokeStopped, now, invoke).ChainedInvokeStoppedDetails = ErrorEvent(invoke.Error);
            if (invoke.InvokedExecutionArn is { } childArn && _executions.TryGetValue(childArn, out var child) && child.Status == ExecutionStatus.Running)
            {
                Close(child, ExecutionStatus.Stopped, null, new ErrorObject { ErrorType = "ChainedInvoke.Cancelled", ErrorMessage = "Stopped by the invoking execution." });
            }

            return;
        }

        var options = update.ChainedInvokeOptions!;
        invoke.Status = OperationStatus.Started;
        invoke.FunctionName = options.FunctionName;
        invoke.TenantId = options.TenantId;
        invoke.InputPayload = update.Payload; // A restarted engine calls a plain target again with it.
        var started = execution.AppendEvent(EventType.ChainedInvokeStarted, now, invoke);
        var details = new ChainedInvokeStartedDetails
        {
            FunctionName = options.FunctionName,
            TenantId = options.TenantId,
            Input = new EventPayload { Payload = update.Payload },
        };
        started.ChainedInvokeStartedDetails = details;

        RegisteredFunction target;
        string? qualifier;
        try
        {
            target = ResolveFunction(options.FunctionName, out qualifier);
        }
        catch (DurableServiceException ex)
        {
            // The caller learns about an unknown target the way it learns any invoke failure: on its operation.
            FinishChainedInvoke(execution, invoke, OperationStatus.Failed, null, new ErrorObject { ErrorType = ex.ErrorCode, ErrorMessage = ex.Message });
            return;
        }

        details.ExecutedVersion = qualifier is null or "$LATEST" ? target.Options.Version : qualifier;
        if (target.Invoker.IsDurable)
        {
            // Inside the checkpoint being applied: the child is saved with it, in the same batch.
            var childArn = StartExecutionLocked(target.FunctionArn + (qualifier is null ? string.Empty : ":" + qualifier), update.Payload, null, (execution.Arn, invoke.Id));
            invoke.InvokedExecutionArn = childArn;
            details.DurableExecutionArn = childArn;
            return;
        }

        _scheduler.Post(() => InvokePlainFunctionAsync(execution, invoke, target, update.Payload));
    }

    private async Task InvokePlainFunctionAsync(ExecutionRecord execution, StoredOperation invoke, RegisteredFunction target, string? payload)
    {
        LocalInvocationResult result;
        string requestId;
        lock (_gate)
        {
            requestId = NewUuid();
        }

        try
        {
            result = await target.Invoker.InvokeAsync(
                new LocalInvocationRequest
                {
                    FunctionName = target.Name,
                    Payload = payload,
                    RequestId = requestId,
                    Deadline = _scheduler.UtcNow + target.Options.FunctionTimeout,
                    Client = this,
                },
                _disposed.Token).WaitAsync(target.Options.FunctionTimeout, _disposed.Token).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            result = LocalInvocationResult.Failed(new ErrorObject { ErrorType = "Sandbox.Timedout", ErrorMessage = $"RequestId: {requestId} Error: Task timed out" });
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            return;
        }

        lock (_gate)
        {
            try
            {
                if (invoke.Status == OperationStatus.Started && execution.Status == ExecutionStatus.Running)
                {
                    FinishChainedInvoke(
                        execution,
                        invoke,
                        result.Error is null ? OperationStatus.Succeeded : OperationStatus.Failed,
                        result.Payload,
                        result.Error);
                }
            }
            finally
            {
                SaveChanges();
            }
        }
    }

    partial void OnExecutionClosed(ExecutionRecord execution)
    {
        if (execution.InvokedBy is not { } caller
            || !_executions.TryGetValue(caller.ExecutionArn, out var parent)
            || !parent.OperationsById.TryGetValue(caller.OperationId, out var invoke)
            || invoke.Status != OperationStatus.Started
            || parent.Status != ExecutionStatus.Running)
        {
            return;
        }

        var status = execution.Status switch
        {
            ExecutionStatus.Succeeded => OperationStatus.Succeeded,
            ExecutionStatus.Failed => OperationStatus.Failed,
            ExecutionStatus.TimedOut => OperationStatus.TimedOut,
            _ => OperationStatus.Stopped,
        };
        FinishChainedInvoke(parent, invoke, status, execution.Result, execution.Error);
    }

    private void FinishChainedInvoke(ExecutionRecord execution, StoredOperation invoke, OperationStatus status, string? result, ErrorObject? error)
    {
        var now = _scheduler.UtcNow;
        invoke.Status = status;
        invoke.EndTimestamp = now;
        invoke.Result = status == OperationStatus.Succeeded ? result : null;
        invoke.Error = status == OperationStatus.Succeeded ? null : error?.Clone();
        execution.MarkChanged(invoke);
        var @event = execution.AppendEvent(
            status switch
            {
                OperationStatus.Succeeded => EventType.ChainedInvokeSucceeded,
                OperationStatus.Failed => EventType.ChainedInvokeFailed,
                OperationStatus.TimedOut => EventType.ChainedInvokeTimedOut,
                _ => EventType.ChainedInvokeStopped,
            },
            now,
            invoke);
        switch (status)
        {
            case OperationStatus.Succeeded:
                @event.ChainedInvokeSucceededDetails = new ResultDetails { Result = new EventPayload { Payload = result } };
                break;
            case OperationStatus.Failed:
                @event.ChainedInvokeFailedDetails = ErrorEvent(error);
                break;
            case OperationStatus.TimedOut:
                @event.ChainedInvokeTimedOutDetails = ErrorEvent(error);
                break;
            default:
                @event.ChainedInvokeStoppedDetails = ErrorEvent(error);
                break;
        }

        RequestInvocation(execution);
    }
}
