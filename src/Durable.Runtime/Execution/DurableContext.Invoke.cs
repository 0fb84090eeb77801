using Durable.Protocol;

namespace Durable.Execution;

/// <summary>Chained invokes (protocol §9.7): a synchronous START with the input; the service runs the target and records its outcome.</summary>
internal sealed partial class DurableContext
{
    public Task<TResult> InvokeAsync<TPayload, TResult>(string functionName, TPayload payload, string? name = null, InvokeConfig? config = null, CancellationToken cancellationToken = default) =>
        InvokeAsync(functionName, payload, Runtime.Serializers.Get<TPayload>(), Runtime.Serializers.Get<TResult>(), name, config, cancellationToken);

    public async Task<TResult> InvokeAsync<TPayload, TResult>(string functionName, TPayload payload, DurableSerializer<TPayload> payloadSerializer, DurableSerializer<TResult> resultSerializer, string? name = null, InvokeConfig? config = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(functionName);
        ArgumentNullException.ThrowIfNull(payloadSerializer);
        ArgumentNullException.ThrowIfNull(resultSerializer);
        var slot = NextOperation();
        var serialization = new SerializationContext(slot.Id, DurableExecutionArn);
        var recorded = await RecordedMatchingAsync(slot, OperationType.ChainedInvoke, OperationSubTypes.ChainedInvoke, name).ConfigureAwait(false);
        if (recorded is null)
        {
            var start = NewUpdate(slot, OperationType.ChainedInvoke, OperationSubTypes.ChainedInvoke, name, OperationAction.Start);
            start.Payload = payloadSerializer.Serialize(payload, serialization);
            start.ChainedInvokeOptions = new ChainedInvokeOptions { FunctionName = functionName, TenantId = config?.TenantId };
            await Runtime.Checkpoints.CheckpointAsync(start, waitForAcknowledgement: true).ConfigureAwait(false);
        }

        while (true)
        {
            recorded = await RecordedAsync(slot).ConfigureAwait(false);
            var error = recorded?.ChainedInvokeDetails?.Error;
            switch (recorded?.Status)
            {
                case OperationStatus.Succeeded:
                    return resultSerializer.Deserialize(recorded.ChainedInvokeDetails?.Result, serialization);
                case OperationStatus.Failed:
                    throw new InvokeFailedException(error, slot.Id, name, functionName);
                case OperationStatus.TimedOut:
                    throw new InvokeTimedOutException(error, slot.Id, name, functionName);
                case OperationStatus.Stopped:
                case OperationStatus.Cancelled:
                    throw new InvokeStoppedException(error, slot.Id, name, functionName);
                case null:
                case OperationStatus.Started:
                case OperationStatus.Pending:
                    await Runtime.WaitForOperationAsync(slot.Id, static op => op is not null && op.Status is not (OperationStatus.Started or OperationStatus.Pending), cancellationToken).ConfigureAwait(false);
                    continue;
                default:
                    return await FailUnexpectedStatus<TResult>(recorded).ConfigureAwait(false);
            }
        }
    }
}
