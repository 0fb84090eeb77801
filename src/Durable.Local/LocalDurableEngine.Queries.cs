using Durable.Client;
using Durable.Local.Engine;
using Durable.Protocol;

namespace Durable.Local;

/// <summary>
/// The tooling APIs: <c>GetDurableExecution</c>, <c>GetDurableExecutionHistory</c>,
/// <c>ListDurableExecutionsByFunction</c> and <c>StopDurableExecution</c>, plus a full operation listing for tests.
/// Every answer is a fresh copy; nothing returned aliases engine state.
/// </summary>
public sealed partial class LocalDurableEngine
{
    /// <summary>Describes an execution, as <c>GetDurableExecution</c>.</summary>
    /// <param name="durableExecutionArn">The execution.</param>
    /// <exception cref="DurableServiceException">Unknown execution (404).</exception>
    public GetDurableExecutionResponse GetDurableExecution(string durableExecutionArn)
    {
        lock (_gate)
        {
            var execution = FindExecution(durableExecutionArn);
            return new GetDurableExecutionResponse
            {
                DurableExecutionArn = execution.Arn,
                DurableExecutionName = execution.Name,
                FunctionArn = execution.Function.FunctionArn,
                InputPayload = execution.InputPayload,
                Result = execution.Status == ExecutionStatus.Succeeded ? execution.Result : null,
                Error = execution.Error?.Clone(),
                StartTimestamp = execution.StartTimestamp,
                EndTimestamp = execution.EndTimestamp,
                Status = execution.Status,
                Version = execution.Version,
            };
        }
    }

    /// <summary>Reads an execution's history, as <c>GetDurableExecutionHistory</c>.</summary>
    /// <param name="request">The execution, paging and whether to include payloads.</param>
    /// <exception cref="DurableServiceException">Unknown execution, bad marker or page size.</exception>
    public GetDurableExecutionHistoryResponse GetDurableExecutionHistory(GetDurableExecutionHistoryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var maxItems = request.MaxItems ?? 0;
        if (maxItems is < 0 or > 1000)
        {
            throw DurableServiceException.InvalidParameter("MaxItems must be between 0 and 1000.");
        }

        maxItems = maxItems == 0 ? 1000 : maxItems;
        lock (_gate)
        {
            var execution = FindExecution(request.DurableExecutionArn);
            var ordered = request.ReverseOrder == true ? Enumerable.Reverse(execution.Events) : execution.Events;
            var start = ParseListMarker(request.Marker);
            var includeData = request.IncludeExecutionData == true;
            var page = ordered.Skip(start).Take(maxItems).Select(e => CopyEvent(e, includeData)).ToList();
            var next = start + page.Count < execution.Events.Count ? ListMarker(start + page.Count) : null;
            return new GetDurableExecutionHistoryResponse { Events = page, NextMarker = next };
        }
    }

    /// <summary>Lists a function's executions, as <c>ListDurableExecutionsByFunction</c>.</summary>
    /// <param name="request">The function, filters and paging.</param>
    /// <exception cref="DurableServiceException">Unknown function, or invalid filters.</exception>
    public ListDurableExecutionsByFunctionResponse ListDurableExecutionsByFunction(ListDurableExecutionsByFunctionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var maxItems = request.MaxItems ?? 0;
        if (maxItems is < 0 or > 1000)
        {
            throw DurableServiceException.InvalidParameter("MaxItems must be between 0 and 1000.");
        }

        if (request.Statuses is { Count: > 10 })
        {
            throw DurableServiceException.InvalidParameter("Statuses accepts at most 10 values.");
        }

        if (request.Qualifier is not null && request.DurableExecutionName is not null)
        {
            throw DurableServiceException.InvalidParameter("Qualifier and DurableExecutionName cannot be combined.");
        }

        maxItems = maxItems == 0 ? 1000 : maxItems;
        lock (_gate)
        {
            var function = ResolveFunction(request.FunctionName, out var qualifier);
            qualifier = request.Qualifier ?? qualifier;
            var matches = _executionsInStartOrder.Where(e =>
                e.Function == function
                && (qualifier is null || e.Version == qualifier)
                && (request.DurableExecutionName is null || e.Name == request.DurableExecutionName)
                && (request.Statuses is null || request.Statuses.Count == 0 || request.Statuses.Contains(e.Status))
                && (request.StartedAfter is null || e.StartTimestamp > request.StartedAfter)
                && (request.StartedBefore is null || e.StartTimestamp < request.StartedBefore));
            var ordered = (request.ReverseOrder == true ? matches.Reverse() : matches).ToList();
            var start = ParseListMarker(request.Marker);
            var page = ordered.Skip(start).Take(maxItems).Select(e => new ExecutionSummary
            {
                DurableExecutionArn = e.Arn,
                DurableExecutionName = e.Name,
                FunctionArn = e.Function.FunctionArn,
                Status = e.Status,
                StartTimestamp = e.StartTimestamp,
                EndTimestamp = e.EndTimestamp,
            }).ToList();
            return new ListDurableExecutionsByFunctionResponse
            {
                DurableExecutions = page,
                NextMarker = start + page.Count < ordered.Count ? ListMarker(start + page.Count) : null,
            };
        }
    }

    /// <summary>
    /// Stops an execution, as <c>StopDurableExecution</c>: it closes as STOPPED, starts no more invocations and
    /// rejects the running invocation's next checkpoint; operations in progress stay as they are.
    /// </summary>
    /// <param name="request">The execution and an optional reason.</param>
    /// <exception cref="DurableServiceException">Unknown execution, or it is already closed.</exception>
    public StopDurableExecutionResponse StopDurableExecution(StopDurableExecutionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            try
            {
                var execution = FindExecution(request.DurableExecutionArn);
                if (execution.Status != ExecutionStatus.Running)
                {
                    throw DurableServiceException.InvalidParameter($"The durable execution is already {WireNames.Of(execution.Status)}.");
                }

                Close(execution, ExecutionStatus.Stopped, null, request.Error?.Clone() ?? new ErrorObject
                {
                    ErrorType = "Execution.Stopped",
                    ErrorMessage = "The durable execution was stopped.",
                });
                return new StopDurableExecutionResponse { StopTimestamp = execution.EndTimestamp!.Value };
            }
            finally
            {
                SaveChanges();
            }
        }
    }

    /// <summary>
    /// Every operation of an execution in start order, including children of completed contexts (which invocations
    /// do not see). For tests and tools.
    /// </summary>
    /// <param name="durableExecutionArn">The execution.</param>
    public IReadOnlyList<Operation> GetOperations(string durableExecutionArn)
    {
        lock (_gate)
        {
            return FindExecution(durableExecutionArn).Operations.Select(o => o.ToOperation()).ToList();
        }
    }

    /// <summary>The ARNs of all executions, in start order.</summary>
    public IReadOnlyList<string> ListExecutionArns()
    {
        lock (_gate)
        {
            return _executionsInStartOrder.Select(e => e.Arn).ToList();
        }
    }

    /// <summary>How many invocations an execution had so far.</summary>
    /// <param name="durableExecutionArn">The execution.</param>
    public int GetInvocationCount(string durableExecutionArn)
    {
        lock (_gate)
        {
            return FindExecution(durableExecutionArn).InvocationCount;
        }
    }

    private static Event CopyEvent(Event source, bool includeData)
    {
        EventPayload? Payload(EventPayload? p) => p is null ? null : new EventPayload { Payload = includeData ? p.Payload : null, Truncated = p.Truncated };
        EventError? Error(EventError? e) => e is null ? null : new EventError { Payload = includeData ? e.Payload?.Clone() : null, Truncated = e.Truncated };
        ResultDetails? Result(ResultDetails? d) => d is null ? null : new ResultDetails { Result = Payload(d.Result)! };
        ErrorDetails? Failure(ErrorDetails? d) => d is null ? null : new ErrorDetails { Error = Error(d.Error)! };
        return new Event
        {
            EventType = source.EventType,
            SubType = source.SubType,
            EventId = source.EventId,
            Id = source.Id,
            Name = source.Name,
            EventTimestamp = source.EventTimestamp,
            ParentId = source.ParentId,
            ExecutionStartedDetails = source.ExecutionStartedDetails is { } started
                ? new ExecutionStartedDetails { Input = Payload(started.Input)!, ExecutionTimeout = started.ExecutionTimeout }
                : null,
            ExecutionSucceededDetails = Result(source.ExecutionSucceededDetails),
            ExecutionFailedDetails = Failure(source.ExecutionFailedDetails),
            ExecutionTimedOutDetails = Failure(source.ExecutionTimedOutDetails),
            ExecutionStoppedDetails = Failure(source.ExecutionStoppedDetails),
            ContextStartedDetails = source.ContextStartedDetails,
            ContextSucceededDetails = Result(source.ContextSucceededDetails),
            ContextFailedDetails = Failure(source.ContextFailedDetails),
            WaitStartedDetails = source.WaitStartedDetails is { } wait
                ? new WaitStartedDetails { Duration = wait.Duration, ScheduledEndTimestamp = wait.ScheduledEndTimestamp }
                : null,
            WaitSucceededDetails = source.WaitSucceededDetails is { } waited ? new WaitSucceededDetails { Duration = waited.Duration } : null,
            WaitCancelledDetails = Failure(source.WaitCancelledDetails),
            StepStartedDetails = source.StepStartedDetails,
            StepSucceededDetails = source.StepSucceededDetails is { } succeeded
                ? new StepResultDetails { Result = Payload(succeeded.Result)!, RetryDetails = CopyRetry(succeeded.RetryDetails) }
                : null,
            StepFailedDetails = source.StepFailedDetails is { } failed
                ? new StepErrorDetails { Error = Error(failed.Error)!, RetryDetails = CopyRetry(failed.RetryDetails) }
                : null,
            ChainedInvokeStartedDetails = source.ChainedInvokeStartedDetails is { } invoke
                ? new ChainedInvokeStartedDetails
                {
                    FunctionName = invoke.FunctionName,
                    TenantId = invoke.TenantId,
                    Input = Payload(invoke.Input),
                    ExecutedVersion = invoke.ExecutedVersion,
                    DurableExecutionArn = invoke.DurableExecutionArn,
                }
                : null,
            ChainedInvokeSucceededDetails = Result(source.ChainedInvokeSucceededDetails),
            ChainedInvokeFailedDetails = Failure(source.ChainedInvokeFailedDetails),
            ChainedInvokeTimedOutDetails = Failure(source.ChainedInvokeTimedOutDetails),
            ChainedInvokeStoppedDetails = Failure(source.ChainedInvokeStoppedDetails),
            CallbackStartedDetails = source.CallbackStartedDetails is { } callback
                ? new CallbackStartedDetails { CallbackId = callback.CallbackId, Timeout = callback.Timeout, HeartbeatTimeout = callback.HeartbeatTimeout }
                : null,
            CallbackSucceededDetails = Result(source.CallbackSucceededDetails),
            CallbackFailedDetails = Failure(source.CallbackFailedDetails),
            CallbackTimedOutDetails = Failure(source.CallbackTimedOutDetails),
            InvocationCompletedDetails = source.InvocationCompletedDetails is { } invocation
                ? new InvocationCompletedDetails
                {
                    StartTimestamp = invocation.StartTimestamp,
                    EndTimestamp = invocation.EndTimestamp,
                    RequestId = invocation.RequestId,
                    Error = Error(invocation.Error),
                }
                : null,
        };
    }

    private static RetryDetails CopyRetry(RetryDetails retry) =>
        new() { CurrentAttempt = retry.CurrentAttempt, NextAttemptDelaySeconds = retry.NextAttemptDelaySeconds };

    private static string ListMarker(int index) => StateMarker.Create(0, index);

    private static int ParseListMarker(string? marker)
    {
        if (string.IsNullOrEmpty(marker))
        {
            return 0;
        }

        if (!StateMarker.TryParse(marker, out var sequence, out var index) || sequence != 0)
        {
            throw DurableServiceException.InvalidParameter("Invalid marker.");
        }

        return index;
    }
}
