using System.Globalization;
using Durable.Execution;
using Durable.Local.Engine;
using Durable.Local.Functions;
using Durable.Protocol;

namespace Durable.Local;

/// <summary>
/// The invocation lifecycle: one invocation in flight per execution, a re-invocation when something changed while
/// it ran, <c>InvocationCompleted</c> after every invocation, output validation, and retries with back-off after
/// failed invocations (crashes, timeouts, unhandled exceptions) until the execution timeout.
/// </summary>
public sealed partial class LocalDurableEngine
{
    /// <summary>Asks for an invocation; coalesces with one queued or in flight. Under the lock.</summary>
    private void RequestInvocation(ExecutionRecord execution)
    {
        if (!execution.IsOpen)
        {
            return;
        }

        if (execution.Invocation is not null)
        {
            execution.ReinvokeRequested = true;
            execution.MarkUnsaved();
            return;
        }

        if (execution.InvocationQueued)
        {
            return;
        }

        execution.InvocationQueued = true;
        execution.MarkUnsaved();
        _scheduler.Post(() => RunInvocationAsync(execution));
    }

    private async Task RunInvocationAsync(ExecutionRecord execution)
    {
        InvocationRecord invocation;
        LocalInvocationRequest request;
        List<Operation> received;
        List<string> updated;
        int eventsBefore;
        lock (_gate)
        {
            try
            {
            execution.InvocationQueued = false;
            execution.MarkUnsaved();
            if (!execution.IsOpen || execution.Invocation is not null || _disposed.IsCancellationRequested)
            {
                return;
            }

            var now = _scheduler.UtcNow;
            execution.CancelTimer(TimerKeys.InvocationRetry);
            execution.RetryDue = null;
            invocation = new InvocationRecord
            {
                RequestId = NewUuid(),
                StartTimestamp = now,
                Token = NewToken(execution),
                TokenSequence = execution.TokenSequence,
            };
            execution.Invocation = invocation;
            execution.InvocationCount++;
            execution.ReinvokeRequested = false;
            eventsBefore = execution.Events.Count;
            var envelope = BuildEnvelope(execution, invocation, out received, out updated);
            request = new LocalInvocationRequest
            {
                FunctionName = execution.Function.Name,
                Envelope = envelope,
                RequestId = invocation.RequestId,
                Deadline = now + execution.Function.Options.FunctionTimeout,
                Client = this,
                Clock = _clock,
            };
            }
            finally
            {
                SaveChanges();
            }
        }

        LocalInvocationResult result;
        var timeout = execution.Function.Options.FunctionTimeout;
        try
        {
            result = await execution.Function.Invoker.InvokeAsync(request, invocation.Abort.Token)
                .WaitAsync(timeout, _disposed.Token).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Lambda stops the sandbox; the function's later calls fail on the invalidated token.
            invocation.Abort.Cancel();
            result = LocalInvocationResult.Failed(new ErrorObject
            {
                ErrorType = "Sandbox.Timedout",
                ErrorMessage = string.Create(CultureInfo.InvariantCulture, $"RequestId: {invocation.RequestId} Error: Task timed out after {timeout.TotalSeconds:0.00} seconds"),
            });
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            result = LocalInvocationResult.Failed(ErrorObjects.FromException(ex));
        }

        InvocationCompletedEventArgs observed;
        lock (_gate)
        {
            try
            {
                CompleteInvocation(execution, invocation, result);
            }
            finally
            {
                SaveChanges();
            }

            if (InvocationCompleted is null)
            {
                return;
            }

            observed = new InvocationCompletedEventArgs
            {
                DurableExecutionArn = execution.Arn,
                RequestId = invocation.RequestId,
                InvocationNumber = execution.InvocationCount,
                ReceivedOperations = received,
                UpdatedOperationIds = updated,
                Events = execution.Events.GetRange(eventsBefore, execution.Events.Count - eventsBefore),
                Status = result.Output?.Status,
                Error = result.Error,
                LogLines = result.LogLines,
            };
        }

        InvocationCompleted?.Invoke(this, observed);
    }

    private void CompleteInvocation(ExecutionRecord execution, InvocationRecord invocation, LocalInvocationResult result)
    {
        if (!ReferenceEquals(execution.Invocation, invocation))
        {
            return;
        }

        execution.Invocation = null;
        var output = result.Output;
        var error = result.Error;
        if (output is not null && ValidateOutput(execution, output) is { } problem)
        {
            output = null;
            error = problem;
        }
        else if (output is null && error is null)
        {
            error = new ErrorObject { ErrorType = "Runtime.InvalidOutput", ErrorMessage = "A durable function returned no durable execution output." };
        }

        var now = _scheduler.UtcNow;
        var completed = execution.AppendEvent(EventType.InvocationCompleted, now, null);
        completed.InvocationCompletedDetails = new InvocationCompletedDetails
        {
            StartTimestamp = invocation.StartTimestamp,
            EndTimestamp = now,
            RequestId = invocation.RequestId,
            Error = error is null ? null : new EventError { Payload = error?.Clone() },
        };

        if (execution.Status != ExecutionStatus.Running)
        {
            return;
        }

        if (execution.PendingClose is { } close)
        {
            Close(execution, close.Status, close.Result, close.Error);
            return;
        }

        if (error is not null)
        {
            execution.ConsecutiveFailedInvocations++;
            ArmInvocationRetry(execution, now + RetryDelay(execution.ConsecutiveFailedInvocations));
            return;
        }

        execution.ConsecutiveFailedInvocations = 0;
        switch (output!.Status)
        {
            case InvocationStatus.Succeeded:
                Close(execution, ExecutionStatus.Succeeded, output.Result, null);
                break;
            case InvocationStatus.Failed:
                Close(execution, ExecutionStatus.Failed, null, output.Error ?? new ErrorObject { ErrorType = "Unknown", ErrorMessage = "The workflow failed without an error." });
                break;
            default:
                if (execution.ReinvokeRequested)
                {
                    execution.ReinvokeRequested = false;
                    RequestInvocation(execution);
                }

                break;
        }
    }

    /// <summary>Invokes again at <paramref name="due"/> after a failed invocation; the due time is saved for recovery.</summary>
    private void ArmInvocationRetry(ExecutionRecord execution, DateTimeOffset due)
    {
        execution.RetryDue = due;
        execution.MarkUnsaved();
        execution.Timers[TimerKeys.InvocationRetry] = _scheduler.Schedule(due, () =>
        {
            lock (_gate)
            {
                try
                {
                    execution.Timers.Remove(TimerKeys.InvocationRetry);
                    execution.RetryDue = null;
                    execution.MarkUnsaved();
                    RequestInvocation(execution);
                }
                finally
                {
                    SaveChanges();
                }
            }
        });
    }

    /// <summary>The service's output rules (protocol §2.4); a violation counts as a failed invocation.</summary>
    private static ErrorObject? ValidateOutput(ExecutionRecord execution, DurableExecutionInvocationOutput output)
    {
        string? message = output.Status switch
        {
            InvocationStatus.Failed when output.Result is not null => "Cannot return FAILED status with a Result.",
            InvocationStatus.Succeeded when output.Error is not null => "Cannot return SUCCEEDED status with an Error.",
            InvocationStatus.Pending when !execution.ReinvokeRequested && !HasPendingOperation(execution) =>
                "Cannot return PENDING status with no pending operations.",
            _ => null,
        };
        return message is null ? null : new ErrorObject { ErrorType = "Runtime.InvalidOutput", ErrorMessage = message };
    }

    private static bool HasPendingOperation(ExecutionRecord execution)
    {
        foreach (var operation in execution.Operations)
        {
            var pending = operation.Type switch
            {
                OperationType.Step => operation.Status is OperationStatus.Pending or OperationStatus.Ready,
                OperationType.Wait or OperationType.Callback or OperationType.ChainedInvoke => operation.Status is OperationStatus.Started or OperationStatus.Pending,
                _ => false,
            };
            if (pending)
            {
                return true;
            }
        }

        return false;
    }

    private TimeSpan RetryDelay(int consecutiveFailures)
    {
        var seconds = Options.InvocationRetryDelay.TotalSeconds * Math.Pow(2, Math.Min(consecutiveFailures - 1, 30));
        return TimeSpan.FromSeconds(Math.Min(seconds, Options.MaxInvocationRetryDelay.TotalSeconds));
    }

    /// <summary>The envelope of an invocation: visible operations in start order, paged by size, and what changed.</summary>
    private DurableExecutionInvocationInput BuildEnvelope(ExecutionRecord execution, InvocationRecord invocation, out List<Operation> received, out List<string> updated)
    {
        updated = [];
        foreach (var changed in execution.TakeChanges())
        {
            if (changed.Type != OperationType.Execution)
            {
                updated.Add(changed.Id);
            }
        }

        var page = new List<Operation>();
        var bytes = 0;
        string? nextMarker = null;
        var index = 0;
        foreach (var operation in execution.Operations)
        {
            if (!execution.IsVisible(operation))
            {
                continue;
            }

            var size = operation.EstimateBytes();
            if (page.Count > 0 && (page.Count >= Options.EnvelopePageOperations || bytes + size > Options.EnvelopePageBytes))
            {
                nextMarker = StateMarker.Create(invocation.TokenSequence, index);
                break;
            }

            page.Add(operation.ToOperation());
            bytes += size;
            index++;
        }

        // Only observers need the full list of what was received; skip the copy when nobody listens.
        received = InvocationCompleted is null
            ? []
            : nextMarker is null
            ? page.Where(o => o.Type != OperationType.Execution).ToList()
            : execution.Operations.Where(o => o.Type != OperationType.Execution && execution.IsVisible(o)).Select(o => o.ToOperation()).ToList();
        return new DurableExecutionInvocationInput
        {
            DurableExecutionArn = execution.Arn,
            CheckpointToken = invocation.Token,
            InitialExecutionState = new InitialExecutionState { Operations = page, NextMarker = nextMarker },
            UpdatedOperationIds = updated,
        };
    }
}
