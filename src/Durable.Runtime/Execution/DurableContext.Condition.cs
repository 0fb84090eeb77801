using Durable.Logging;
using Durable.Protocol;
using Microsoft.Extensions.Logging;

namespace Durable.Execution;

/// <summary>
/// Wait-for-condition (protocol §9.6): a STEP with subtype <c>WaitForCondition</c> whose RETRY carries the new state
/// (recorded as StepSucceeded with RetryDetails) and whose SUCCEED carries the final one. A throwing check is terminal.
/// </summary>
internal sealed partial class DurableContext
{
    public async Task<TState> WaitForConditionAsync<TState>(Func<TState, IConditionCheckContext, Task<TState>> check, WaitForConditionConfig<TState> config, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(config);
        var strategy = config.WaitStrategy ?? WaitStrategy.Exponential<TState>();
        var serializer = config.Serializer ?? Runtime.Serializers.Get<TState>();
        var slot = NextOperation();
        var serialization = new SerializationContext(slot.Id, DurableExecutionArn);
        var recorded = await RecordedMatchingAsync(slot, OperationType.Step, OperationSubTypes.WaitForCondition, name).ConfigureAwait(false);

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
            TState state;
            switch (recorded?.Status)
            {
                case null:
                    attempt = 1;
                    state = config.InitialState;
                    _ = Runtime.Checkpoints.CheckpointAsync(NewUpdate(slot, OperationType.Step, OperationSubTypes.WaitForCondition, name, OperationAction.Start), waitForAcknowledgement: false);
                    break;
                case OperationStatus.Succeeded:
                    return serializer.Deserialize(recorded.StepDetails?.Result, serialization);
                case OperationStatus.Failed:
                    throw RebuildConditionError(recorded, slot, name, serializer, serialization);
                case OperationStatus.Pending:
                    await Runtime.WaitForOperationAsync(slot.Id, static op => op?.Status != OperationStatus.Pending, cancellationToken, recorded.StepDetails?.NextAttemptTimestamp).ConfigureAwait(false);
                    continue;
                case OperationStatus.Ready:
                    attempt = (recorded.StepDetails?.Attempt ?? 0) + 1;
                    state = serializer.Deserialize(recorded.StepDetails?.Result, serialization);
                    _ = Runtime.Checkpoints.CheckpointAsync(NewUpdate(slot, OperationType.Step, OperationSubTypes.WaitForCondition, name, OperationAction.Start), waitForAcknowledgement: false);
                    break;
                case OperationStatus.Started:
                    // An interrupted check runs again from the last recorded state (the initial one if none).
                    attempt = (recorded.StepDetails?.Attempt ?? 0) + 1;
                    state = attempt > 1 ? serializer.Deserialize(recorded.StepDetails?.Result, serialization) : config.InitialState;
                    break;
                default:
                    return await FailUnexpectedStatus<TState>(recorded).ConfigureAwait(false);
            }

            if (Runtime.Terminated.IsCompleted)
            {
                return await InvocationRuntime.Halted<TState>().ConfigureAwait(false);
            }

            TState next;
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(Runtime.ShutdownToken, cancellationToken, Fiber.Detached))
            using (Runtime.WorkflowLogger.BeginScope(LogScope.ForOperation(slot.Id, name, attempt)))
            {
                EnterStepCode();
                var hooks = Runtime.Hooks;
                var hookInfo = hooks is null ? null : DescribeForHooks(slot, OperationType.Step, OperationSubTypes.WaitForCondition, name, attempt, isReplay: false);
                hooks?.AttemptStarting(hookInfo!, attempt);
                try
                {
                    next = await check(state, new ConditionCheckContext(attempt, slot.Id, Runtime.WorkflowLogger, linked.Token)).ConfigureAwait(false);
                    hooks?.AttemptEnded(hookInfo!, attempt, error: null);
                }
                catch (OperationCanceledException) when (Runtime.ShutdownToken.IsCancellationRequested)
                {
                    return await InvocationRuntime.Halted<TState>().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (Fiber.IsDetached)
                {
                    return await HaltDetached<TState>().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    hooks?.AttemptEnded(hookInfo!, attempt, ex);
                    var error = ErrorObjects.FromException(ex);
                    await FailConditionAsync(slot, name, error).ConfigureAwait(false);
                    throw new StepException(error.ErrorMessage ?? string.Empty, error, slot.Id, name);
                }
            }

            var payload = serializer.Serialize(next, serialization);
            WaitDecision decision;
            try
            {
                decision = strategy.Decide(next, attempt);
            }
            catch (WaitForConditionException)
            {
                var error = new ErrorObject
                {
                    ErrorType = WaitForConditionException.ErrorTypeName,
                    ErrorMessage = $"The condition was not met after {attempt} checks.",
                    ErrorData = payload,
                };
                await FailConditionAsync(slot, name, error).ConfigureAwait(false);
                throw new WaitForConditionException(error, attempt, serializer.Deserialize(payload, serialization), slot.Id, name);
            }
            catch (Exception ex)
            {
                var error = ErrorObjects.FromException(ex);
                await FailConditionAsync(slot, name, error).ConfigureAwait(false);
                throw new StepException(error.ErrorMessage ?? string.Empty, error, slot.Id, name);
            }

            if (!decision.ShouldContinue)
            {
                var succeed = NewUpdate(slot, OperationType.Step, OperationSubTypes.WaitForCondition, name, OperationAction.Succeed);
                succeed.Payload = payload;
                await Runtime.Checkpoints.CheckpointAsync(succeed, waitForAcknowledgement: true).ConfigureAwait(false);
                return serializer.Deserialize(payload, serialization);
            }

            var retry = NewUpdate(slot, OperationType.Step, OperationSubTypes.WaitForCondition, name, OperationAction.Retry);
            retry.Payload = payload;
            retry.StepOptions = new StepOptions { NextAttemptDelaySeconds = ToDelaySeconds(decision.Delay) };
            await Runtime.Checkpoints.CheckpointAsync(retry, waitForAcknowledgement: true).ConfigureAwait(false);
        }
    }

    private Task FailConditionAsync(OperationSlot slot, string? name, ErrorObject error)
    {
        var fail = NewUpdate(slot, OperationType.Step, OperationSubTypes.WaitForCondition, name, OperationAction.Fail);
        fail.Error = error;
        return Runtime.Checkpoints.CheckpointAsync(fail, waitForAcknowledgement: true);
    }

    private static DurableOperationException RebuildConditionError<TState>(Operation recorded, OperationSlot slot, string? name, DurableSerializer<TState> serializer, SerializationContext serialization)
    {
        var error = recorded.StepDetails?.Error ?? new ErrorObject { ErrorMessage = "The condition check failed." };
        return error.ErrorType == WaitForConditionException.ErrorTypeName
            ? new WaitForConditionException(error, recorded.StepDetails?.Attempt ?? 0, serializer.Deserialize(error.ErrorData, serialization), slot.Id, name)
            : new StepException(error.ErrorMessage ?? string.Empty, error, slot.Id, name);
    }

    private sealed class ConditionCheckContext(int attemptNumber, string operationId, ILogger logger, CancellationToken cancellationToken) : IConditionCheckContext
    {
        public int AttemptNumber { get; } = attemptNumber;

        public string OperationId { get; } = operationId;

        public ILogger Logger { get; } = logger;

        public CancellationToken CancellationToken { get; } = cancellationToken;
    }
}
