using Durable.Logging;
using Durable.Protocol;
using Microsoft.Extensions.Logging;

namespace Durable.Execution;

/// <summary>Steps (protocol §9.1): run once, checkpoint the outcome, retry through the strategy, replay by status.</summary>
internal sealed partial class DurableContext
{
    private const int MaxDelaySeconds = 31_622_400;

    public Task<T> StepAsync<T>(Func<IStepContext, Task<T>> step, string? name = null, StepConfig? config = null, CancellationToken cancellationToken = default) =>
        StepAsync(step, Runtime.Serializers.Get<T>(), name, config, cancellationToken);

    public Task<T> StepAsync<T>(Func<IStepContext, T> step, string? name = null, StepConfig? config = null, CancellationToken cancellationToken = default) =>
        StepAsync(step, Runtime.Serializers.Get<T>(), name, config, cancellationToken);

    public Task<T> StepAsync<T>(Func<IStepContext, Task<T>> step, DurableSerializer<T> serializer, string? name = null, StepConfig? config = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(serializer);
        return RunStepAsync(new StepBody<T>(step), name, config, serializer, cancellationToken);
    }

    public Task<T> StepAsync<T>(Func<IStepContext, T> step, DurableSerializer<T> serializer, string? name = null, StepConfig? config = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(serializer);
        return RunStepAsync(new StepBody<T>(step), name, config, serializer, cancellationToken);
    }

    public Task StepAsync(Func<IStepContext, Task> step, string? name = null, StepConfig? config = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        return RunStepAsync(StepBody<NoResult>.Void(step), name, config, NoResult.Serializer, cancellationToken);
    }

    public Task StepAsync(Action<IStepContext> step, string? name = null, StepConfig? config = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        return RunStepAsync(StepBody<NoResult>.Void(step), name, config, NoResult.Serializer, cancellationToken);
    }

    private async Task<T> RunStepAsync<T>(StepBody<T> step, string? name, StepConfig? config, DurableSerializer<T> serializer, CancellationToken cancellationToken)
    {
        var slot = NextOperation();
        var semantics = config?.Semantics ?? StepSemantics.AtLeastOncePerRetry;
        var strategy = config?.RetryStrategy ?? RetryStrategy.Default;
        var serialization = new SerializationContext(slot.Id, DurableExecutionArn);
        var checkpoints = Runtime.Checkpoints;

        var recorded = await RecordedMatchingAsync(slot, OperationType.Step, OperationSubTypes.Step, name).ConfigureAwait(false);

        var stale = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (stale)
            {
                recorded = await RecordedAsync(slot).ConfigureAwait(false);
            }

            stale = true;
            int attempt;
            Exception? failure = null;
            switch (recorded?.Status)
            {
                case null:
                    attempt = 1;
                    await StartStepAttemptAsync(slot, name, semantics).ConfigureAwait(false);
                    break;
                case OperationStatus.Succeeded:
                    return serializer.Deserialize(recorded.StepDetails?.Result, serialization);
                case OperationStatus.Failed:
                    throw RebuildStepException(recorded, slot, name);
                case OperationStatus.Pending:
                    // A retry is scheduled; the service moves it to READY when due and re-invokes.
                    await Runtime.WaitForOperationAsync(slot.Id, static op => op?.Status != OperationStatus.Pending, cancellationToken, recorded.StepDetails?.NextAttemptTimestamp).ConfigureAwait(false);
                    continue;
                case OperationStatus.Ready:
                    attempt = (recorded.StepDetails?.Attempt ?? 0) + 1;
                    await StartStepAttemptAsync(slot, name, semantics).ConfigureAwait(false);
                    break;
                case OperationStatus.Started when semantics == StepSemantics.AtLeastOncePerRetry:
                    // The previous attempt was interrupted (crash, timeout): run it again; its START stands.
                    attempt = (recorded.StepDetails?.Attempt ?? 0) + 1;
                    break;
                case OperationStatus.Started:
                    attempt = (recorded.StepDetails?.Attempt ?? 0) + 1;
                    failure = new StepInterruptedException(slot.Id, name, attempt);
                    break;
                default:
                    return await FailUnexpectedStatus<T>(recorded).ConfigureAwait(false);
            }

            if (failure is null)
            {
                var outcome = await ExecuteStepAsync(step, slot, name, attempt, config?.Timeout, cancellationToken).ConfigureAwait(false);
                if (outcome.Succeeded)
                {
                    var payload = serializer.Serialize(outcome.Result!, serialization);
                    var succeed = NewUpdate(slot, OperationType.Step, OperationSubTypes.Step, name, OperationAction.Succeed);
                    succeed.Payload = payload;
                    await checkpoints.CheckpointAsync(succeed, waitForAcknowledgement: true).ConfigureAwait(false);

                    // Return the checkpointed value, not the live one, so the first run sees what replays will see.
                    return serializer.Deserialize(payload, serialization);
                }

                failure = outcome.Error!;
            }

            var error = ErrorObjects.FromException(failure);
            RetryDecision decision;
            try
            {
                decision = strategy.ShouldRetry(failure, attempt);
            }
            catch (Exception strategyFailure)
            {
                error = ErrorObjects.FromException(strategyFailure);
                decision = RetryDecision.DoNotRetry();
            }

            if (decision.ShouldRetry)
            {
                var retry = NewUpdate(slot, OperationType.Step, OperationSubTypes.Step, name, OperationAction.Retry);
                retry.Error = error;
                retry.StepOptions = new StepOptions { NextAttemptDelaySeconds = ToDelaySeconds(decision.Delay) };
                await checkpoints.CheckpointAsync(retry, waitForAcknowledgement: true).ConfigureAwait(false);
                continue;
            }

            var fail = NewUpdate(slot, OperationType.Step, OperationSubTypes.Step, name, OperationAction.Fail);
            fail.Error = error;
            await checkpoints.CheckpointAsync(fail, waitForAcknowledgement: true).ConfigureAwait(false);
            throw new StepException(error.ErrorMessage ?? string.Empty, error, slot.Id, name);
        }
    }

    private Task StartStepAttemptAsync(OperationSlot slot, string? name, StepSemantics semantics)
    {
        // At-most-once must know the service recorded the start before any side effect; at-least-once only
        // reports it (SUCCEED alone is enough for replay), so the attempt need not wait.
        var start = NewUpdate(slot, OperationType.Step, OperationSubTypes.Step, name, OperationAction.Start);
        var acknowledged = Runtime.Checkpoints.CheckpointAsync(start, semantics == StepSemantics.AtMostOncePerRetry);
        return semantics == StepSemantics.AtMostOncePerRetry ? acknowledged : Task.CompletedTask;
    }

    private async Task<StepOutcome<T>> ExecuteStepAsync<T>(StepBody<T> step, OperationSlot slot, string? name, int attempt, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (Runtime.Terminated.IsCompleted)
        {
            // The invocation is already ending (a checkpoint failed): a side effect now could not be recorded.
            return await InvocationRuntime.Halted<StepOutcome<T>>().ConfigureAwait(false);
        }

        // Real time, even under a virtual clock: step code runs in real time, and the virtual clock does not move
        // while an invocation is busy, so a virtual deadline could never fire.
        using var deadline = timeout is { } limit ? new CancellationTokenSource(limit) : null;
        using var linked = cancellationToken.CanBeCanceled || Fiber.Detached.CanBeCanceled || deadline is not null
            ? CancellationTokenSource.CreateLinkedTokenSource(Runtime.ShutdownToken, cancellationToken, Fiber.Detached, deadline?.Token ?? default)
            : null;
        var stepToken = linked?.Token ?? Runtime.ShutdownToken;
        var stepContext = new StepContext(slot.Id, name, attempt, DurableExecutionArn, Runtime.WorkflowLogger, stepToken);
        EnterStepCode();
        using var scope = Runtime.WorkflowLogger.BeginScope(LogScope.ForOperation(slot.Id, name, attempt));
        var hooks = Runtime.Hooks;
        var hookInfo = hooks is null ? null : DescribeForHooks(slot, OperationType.Step, OperationSubTypes.Step, name, attempt, isReplay: false);
        hooks?.AttemptStarting(hookInfo!, attempt);
        try
        {
            var result = await step.InvokeAsync(stepContext).ConfigureAwait(false);
            hooks?.AttemptEnded(hookInfo!, attempt, error: null);
            return StepOutcome<T>.Success(result);
        }
        catch (OperationCanceledException) when (Runtime.ShutdownToken.IsCancellationRequested)
        {
            // The invocation is ending: record nothing; the attempt runs again in the next invocation.
            return await InvocationRuntime.Halted<StepOutcome<T>>().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (Fiber.IsDetached)
        {
            return await HaltDetached<StepOutcome<T>>().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex) when (deadline is { IsCancellationRequested: true })
        {
            var timedOut = new StepTimeoutException(slot.Id, name, attempt, timeout!.Value, ex);
            hooks?.AttemptEnded(hookInfo!, attempt, timedOut);
            return StepOutcome<T>.Failure(timedOut);
        }
        catch (Exception ex)
        {
            hooks?.AttemptEnded(hookInfo!, attempt, ex);
            return StepOutcome<T>.Failure(ex);
        }
    }

    private static StepException RebuildStepException(Operation recorded, OperationSlot slot, string? name)
    {
        var error = recorded.StepDetails?.Error;
        return new StepException(error?.ErrorMessage ?? string.Empty, error, slot.Id, name);
    }

    private static int ToDelaySeconds(TimeSpan delay) =>
        (int)Math.Clamp(Math.Ceiling(delay.TotalSeconds), 1, MaxDelaySeconds);

    private readonly record struct StepOutcome<T>(bool Succeeded, T? Result, Exception? Error)
    {
        public static StepOutcome<T> Success(T result) => new(true, result, null);

        public static StepOutcome<T> Failure(Exception error) => new(false, default, error);
    }
}

/// <summary>The step context handed to a step function for one attempt.</summary>
internal sealed class StepContext(string operationId, string? name, int attemptNumber, string durableExecutionArn, ILogger logger, CancellationToken cancellationToken)
    : IStepContext
{
    public int AttemptNumber { get; } = attemptNumber;

    public string OperationId { get; } = operationId;

    public string? Name { get; } = name;

    public string DurableExecutionArn { get; } = durableExecutionArn;

    public ILogger Logger { get; } = logger;

    public CancellationToken CancellationToken { get; } = cancellationToken;
}

/// <summary>
/// A step function in whichever shape the caller passed (async or sync, with or without a result), so no wrapper
/// delegate is allocated; replay, which never runs the function, then allocates nothing for it.
/// </summary>
internal readonly struct StepBody<T>
{
    private readonly Delegate _function;
    private readonly Kind _kind;

    public StepBody(Func<IStepContext, Task<T>> function)
        : this(function, Kind.Async)
    {
    }

    public StepBody(Func<IStepContext, T> function)
        : this(function, Kind.Sync)
    {
    }

    private StepBody(Delegate function, Kind kind)
    {
        _function = function;
        _kind = kind;
    }

    private enum Kind
    {
        Async,
        Sync,
        AsyncVoid,
        SyncVoid,
    }

    public static StepBody<T> Void(Func<IStepContext, Task> function) => new(function, Kind.AsyncVoid);

    public static StepBody<T> Void(Action<IStepContext> function) => new(function, Kind.SyncVoid);

    public async Task<T> InvokeAsync(IStepContext context)
    {
        switch (_kind)
        {
            case Kind.Async:
                return await ((Func<IStepContext, Task<T>>)_function)(context).ConfigureAwait(false);
            case Kind.Sync:
                return ((Func<IStepContext, T>)_function)(context);
            case Kind.AsyncVoid:
                await ((Func<IStepContext, Task>)_function)(context).ConfigureAwait(false);
                return default!;
            default:
                ((Action<IStepContext>)_function)(context);
                return default!;
        }
    }
}

/// <summary>The "result" of operations without one: stored as no payload.</summary>
internal readonly struct NoResult
{
    public static readonly DurableSerializer<NoResult> Serializer = DurableSerializer.Create<NoResult>(_ => null, _ => default);
}
