using Durable.Local.Engine;
using Durable.Protocol;

namespace Durable.Local;

/// <summary>
/// Applies validated updates: the operation's new state, the timers it arms, and one history event per update
/// (protocol §14: START ⇒ *Started, SUCCEED ⇒ *Succeeded, FAIL ⇒ *Failed, RETRY ⇒ StepFailed with an error or
/// StepSucceeded without one, both with RetryDetails).
/// </summary>
public sealed partial class LocalDurableEngine
{
    private void Apply(ExecutionRecord execution, OperationUpdate update, DateTimeOffset now)
    {
        if (update.Type == OperationType.Execution)
        {
            // Closes the execution once the invocation ends (its InvocationCompleted comes first).
            execution.PendingClose = update.Action == OperationAction.Succeed
                ? (ExecutionStatus.Succeeded, update.Payload, null)
                : (ExecutionStatus.Failed, null, update.Error?.Clone() ?? new ErrorObject { ErrorMessage = "The execution failed." });
            execution.MarkUnsaved();
            return;
        }

        if (!execution.OperationsById.TryGetValue(update.Id, out var operation))
        {
            operation = new StoredOperation
            {
                Id = update.Id,
                ParentId = update.ParentId,
                Name = update.Name,
                Type = update.Type,
                SubType = update.SubType,
                StartSequence = execution.NextStartSequence(),
                StartTimestamp = now,
                Status = OperationStatus.Started,
            };
            execution.Add(operation);
        }
        else
        {
            execution.MarkChanged(operation);
        }

        switch (update.Type)
        {
            case OperationType.Step:
                ApplyStep(execution, operation, update, now);
                break;
            case OperationType.Wait:
                ApplyWait(execution, operation, update, now);
                break;
            case OperationType.Context:
                ApplyContext(execution, operation, update, now);
                break;
            case OperationType.Callback:
                ApplyCallback(execution, operation, update, now);
                break;
            case OperationType.ChainedInvoke:
                ApplyChainedInvoke(execution, operation, update, now);
                break;
        }
    }

    private void ApplyStep(ExecutionRecord execution, StoredOperation step, OperationUpdate update, DateTimeOffset now)
    {
        switch (update.Action)
        {
            case OperationAction.Start:
                step.Status = OperationStatus.Started;
                step.NextAttemptTimestamp = null;
                execution.AppendEvent(EventType.StepStarted, now, step).StepStartedDetails = EmptyDetails.Instance;
                break;
            case OperationAction.Succeed:
                step.Status = OperationStatus.Succeeded;
                step.Attempt++;
                step.Result = update.Payload;
                step.Error = null;
                step.NextAttemptTimestamp = null;
                step.EndTimestamp = now;
                execution.AppendEvent(EventType.StepSucceeded, now, step).StepSucceededDetails = new StepResultDetails
                {
                    Result = new EventPayload { Payload = update.Payload },
                    RetryDetails = new RetryDetails { CurrentAttempt = step.Attempt },
                };
                break;
            case OperationAction.Fail:
                step.Status = OperationStatus.Failed;
                step.Attempt++;
                step.Result = null;
                step.Error = update.Error?.Clone();
                step.NextAttemptTimestamp = null;
                step.EndTimestamp = now;
                execution.AppendEvent(EventType.StepFailed, now, step).StepFailedDetails = new StepErrorDetails
                {
                    Error = new EventError { Payload = update.Error?.Clone() },
                    RetryDetails = new RetryDetails { CurrentAttempt = step.Attempt },
                };
                break;
            case OperationAction.Retry:
                var delay = update.StepOptions!.NextAttemptDelaySeconds!.Value;
                step.Status = OperationStatus.Pending;
                step.Attempt++;
                step.Result = update.Payload;
                step.Error = update.Error?.Clone();
                step.NextAttemptTimestamp = now.AddSeconds(delay);
                var retry = new RetryDetails { CurrentAttempt = step.Attempt, NextAttemptDelaySeconds = delay };
                var @event = execution.AppendEvent(update.Error is null ? EventType.StepSucceeded : EventType.StepFailed, now, step);
                if (update.Error is null)
                {
                    // A poll of wait-for-condition: the payload is the new state.
                    @event.StepSucceededDetails = new StepResultDetails { Result = new EventPayload { Payload = update.Payload }, RetryDetails = retry };
                }
                else
                {
                    @event.StepFailedDetails = new StepErrorDetails { Error = new EventError { Payload = update.Error?.Clone() }, RetryDetails = retry };
                }

                ArmStepRetry(execution, step, step.NextAttemptTimestamp.Value);
                break;
        }
    }

    private void ApplyWait(ExecutionRecord execution, StoredOperation wait, OperationUpdate update, DateTimeOffset now)
    {
        if (update.Action == OperationAction.Cancel)
        {
            execution.CancelTimer(wait.Id);
            wait.Status = OperationStatus.Cancelled;
            wait.EndTimestamp = now;
            execution.AppendEvent(EventType.WaitCancelled, now, wait).WaitCancelledDetails = new ErrorDetails
            {
                Error = new EventError { Payload = update.Error?.Clone() },
            };
            return;
        }

        var seconds = update.WaitOptions!.WaitSeconds!.Value;
        wait.Status = OperationStatus.Started;
        wait.WaitSeconds = seconds;
        wait.ScheduledEndTimestamp = now.AddSeconds(seconds);
        execution.AppendEvent(EventType.WaitStarted, now, wait).WaitStartedDetails = new WaitStartedDetails
        {
            Duration = seconds,
            ScheduledEndTimestamp = wait.ScheduledEndTimestamp.Value,
        };
        ArmWaitEnd(execution, wait, wait.ScheduledEndTimestamp.Value, seconds);
    }

    private void ArmStepRetry(ExecutionRecord execution, StoredOperation step, DateTimeOffset due) =>
        ArmTimer(execution, step.Id, due, () =>
        {
            // PENDING → READY records no event; the service just invokes again.
            if (step.Status == OperationStatus.Pending)
            {
                step.Status = OperationStatus.Ready;
                step.NextAttemptTimestamp = null;
                execution.MarkChanged(step);
                RequestInvocation(execution);
            }
        });

    private void ArmWaitEnd(ExecutionRecord execution, StoredOperation wait, DateTimeOffset due, int seconds) =>
        ArmTimer(execution, wait.Id, due, () =>
        {
            if (wait.Status != OperationStatus.Started)
            {
                return;
            }

            var fired = _scheduler.UtcNow;
            wait.Status = OperationStatus.Succeeded;
            wait.EndTimestamp = fired;
            execution.MarkChanged(wait);
            execution.AppendEvent(EventType.WaitSucceeded, fired, wait).WaitSucceededDetails = new WaitSucceededDetails { Duration = seconds };
            RequestInvocation(execution);
        });

    private static void ApplyContext(ExecutionRecord execution, StoredOperation context, OperationUpdate update, DateTimeOffset now)
    {
        switch (update.Action)
        {
            case OperationAction.Start:
                context.Status = OperationStatus.Started;
                execution.AppendEvent(EventType.ContextStarted, now, context).ContextStartedDetails = EmptyDetails.Instance;
                break;
            case OperationAction.Succeed:
                context.Status = OperationStatus.Succeeded;
                context.Result = update.Payload;
                context.ReplayChildren = update.ContextOptions?.ReplayChildren;
                context.EndTimestamp = now;
                execution.AppendEvent(EventType.ContextSucceeded, now, context).ContextSucceededDetails = new ResultDetails
                {
                    Result = new EventPayload { Payload = update.Payload },
                };
                break;
            case OperationAction.Fail:
                context.Status = OperationStatus.Failed;
                context.Error = update.Error?.Clone();
                context.EndTimestamp = now;
                execution.AppendEvent(EventType.ContextFailed, now, context).ContextFailedDetails = new ErrorDetails
                {
                    Error = new EventError { Payload = update.Error?.Clone() },
                };
                break;
        }
    }

    /// <summary>Arms a timer keyed by operation; it runs under the engine lock and only while the execution is open.</summary>
    private void ArmTimer(ExecutionRecord execution, string key, DateTimeOffset due, Action onDue)
    {
        execution.CancelTimer(key);
        execution.Timers[key] = _scheduler.Schedule(due, () =>
        {
            lock (_gate)
            {
                try
                {
                    execution.Timers.Remove(key);
                    if (execution.Status == ExecutionStatus.Running)
                    {
                        onDue();
                    }
                }
                finally
                {
                    SaveChanges();
                }
            }
        });
    }
}
