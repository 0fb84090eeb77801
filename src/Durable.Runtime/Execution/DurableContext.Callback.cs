using Durable.Protocol;
using Microsoft.Extensions.Logging;

namespace Durable.Execution;

/// <summary>
/// Callbacks (protocol §9.4) and wait-for-callback (§9.5). A callback's START is synchronous because the service
/// allocates the callback ID and returns it in the response; the handle exists even for a callback that already
/// failed, so errors surface only where the result is awaited.
/// </summary>
internal sealed partial class DurableContext
{
    public Task<ICallback<T>> CreateCallbackAsync<T>(string? name = null, CallbackConfig? config = null, CancellationToken cancellationToken = default) =>
        CreateCallbackAsync(Runtime.Serializers.Get<T>(), name, config, cancellationToken);

    public async Task<ICallback<T>> CreateCallbackAsync<T>(DurableSerializer<T> serializer, string? name = null, CallbackConfig? config = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        config?.Validate();
        var slot = NextOperation();
        var recorded = await RecordedMatchingAsync(slot, OperationType.Callback, OperationSubTypes.Callback, name).ConfigureAwait(false);
        if (recorded is null)
        {
            var start = NewUpdate(slot, OperationType.Callback, OperationSubTypes.Callback, name, OperationAction.Start);
            if (config is not null && (config.Timeout > TimeSpan.Zero || config.HeartbeatTimeout > TimeSpan.Zero))
            {
                start.CallbackOptions = new CallbackOptions
                {
                    TimeoutSeconds = (int)Math.Ceiling(config.Timeout.TotalSeconds),
                    HeartbeatTimeoutSeconds = (int)Math.Ceiling(config.HeartbeatTimeout.TotalSeconds),
                };
            }

            await Runtime.Checkpoints.CheckpointAsync(start, waitForAcknowledgement: true).ConfigureAwait(false);
            recorded = await RecordedAsync(slot).ConfigureAwait(false);
        }

        if (recorded?.CallbackDetails?.CallbackId is not { Length: > 0 } callbackId)
        {
            return await Runtime.Fail<ICallback<T>>(new ErrorObject
            {
                ErrorType = NonDeterministicExecutionException.ErrorTypeName,
                ErrorMessage = $"The service returned no CallbackId for callback '{name ?? slot.Id}' (operation {slot.Id}).",
            }).ConfigureAwait(false);
        }

        return new Callback<T>(this, slot, name, callbackId, serializer);
    }

    public Task<T> WaitForCallbackAsync<T>(Func<string, IWaitForCallbackContext, Task> submitter, string? name = null, WaitForCallbackConfig? config = null, CancellationToken cancellationToken = default) =>
        WaitForCallbackAsync(submitter, Runtime.Serializers.Get<T>(), name, config, cancellationToken);

    public async Task<T> WaitForCallbackAsync<T>(Func<string, IWaitForCallbackContext, Task> submitter, DurableSerializer<T> serializer, string? name = null, WaitForCallbackConfig? config = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submitter);
        ArgumentNullException.ThrowIfNull(serializer);
        config?.Validate();
        var slot = NextOperation();
        var outcome = await RunChildAsync(
            slot,
            OperationSubTypes.WaitForCallback,
            name,
            async child =>
            {
                var callback = await child.CreateCallbackAsync(serializer, name is null ? null : name + "-callback", config, cancellationToken).ConfigureAwait(false);
                try
                {
                    await child.StepAsync(
                        step => submitter(callback.CallbackId, new WaitForCallbackContext(step)),
                        name is null ? null : name + "-submitter",
                        new StepConfig { RetryStrategy = config?.RetryStrategy },
                        cancellationToken).ConfigureAwait(false);
                }
                catch (StepException ex)
                {
                    // Recorded under a type of its own (the original type kept in the data) so replay can tell a
                    // submitter failure from a failure the outside system reported.
                    throw new CallbackSubmitterException(
                        new ErrorObject { ErrorType = CallbackSubmitterException.ErrorTypeName, ErrorMessage = ex.Message, ErrorData = ex.ErrorType },
                        ex.OperationId,
                        ex.OperationName);
                }

                return await callback.GetResultAsync(cancellationToken).ConfigureAwait(false);
            },
            serializer,
            Fiber).ConfigureAwait(false);
        if (outcome.Error is { } error)
        {
            throw CallbackError(error, slot.Id, name, callbackId: null);
        }

        return outcome.Value!;
    }

    /// <summary>The callback exception a recorded error stands for, the same on the first run and on replay.</summary>
    internal static CallbackException CallbackError(ErrorObject error, string operationId, string? name, string? callbackId) => error.ErrorType switch
    {
        CallbackTimeoutException.TimeoutErrorType or CallbackTimeoutException.HeartbeatErrorType => new CallbackTimeoutException(error, operationId, name, callbackId),
        CallbackSubmitterException.ErrorTypeName => new CallbackSubmitterException(error, operationId, name),
        _ => new CallbackFailedException(error, operationId, name, callbackId),
    };

    /// <summary>A callback handle; awaiting the result suspends until the outside system completes it.</summary>
    private sealed class Callback<T>(DurableContext context, OperationSlot slot, string? name, string callbackId, DurableSerializer<T> serializer) : ICallback<T>
    {
        public string CallbackId { get; } = callbackId;

        public async Task<T> GetResultAsync(CancellationToken cancellationToken = default)
        {
            while (true)
            {
                var recorded = await context.RecordedAsync(slot).ConfigureAwait(false);
                switch (recorded?.Status)
                {
                    case OperationStatus.Succeeded:
                        return serializer.Deserialize(recorded.CallbackDetails?.Result, new SerializationContext(slot.Id, context.DurableExecutionArn));
                    case OperationStatus.TimedOut:
                        throw new CallbackTimeoutException(recorded.CallbackDetails?.Error, slot.Id, name, CallbackId);
                    case OperationStatus.Failed:
                    case OperationStatus.Cancelled:
                    case OperationStatus.Stopped:
                        throw new CallbackFailedException(
                            recorded.CallbackDetails?.Error ?? new ErrorObject { ErrorMessage = $"The callback ended {WireNames.Of(recorded.Status)}." },
                            slot.Id,
                            name,
                            CallbackId);
                    case null:
                    case OperationStatus.Started:
                        await context.Runtime.WaitForOperationAsync(slot.Id, static op => op is not null && op.Status != OperationStatus.Started, cancellationToken).ConfigureAwait(false);
                        continue;
                    default:
                        return await context.FailUnexpectedStatus<T>(recorded).ConfigureAwait(false);
                }
            }
        }
    }

    private sealed class WaitForCallbackContext(IStepContext step) : IWaitForCallbackContext
    {
        public int AttemptNumber => step.AttemptNumber;

        public ILogger Logger => step.Logger;

        public CancellationToken CancellationToken => step.CancellationToken;
    }
}
