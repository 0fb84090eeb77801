using Durable.Client;
using Durable.Local.Engine;
using Durable.Protocol;

namespace Durable.Local;

/// <summary>
/// <c>CheckpointDurableExecution</c> and <c>GetDurableExecutionState</c>: token checks, request validation with the
/// service's rules (protocol §4.4–4.5; nothing is applied unless every update is valid), the operation state
/// machine, history events per accepted update, and delta responses.
/// </summary>
public sealed partial class LocalDurableEngine
{
    /// <inheritdoc />
    public Task<CheckpointDurableExecutionResponse> CheckpointDurableExecutionAsync(CheckpointDurableExecutionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return AnswerUnderGate(() => Checkpoint(request));
    }

    /// <inheritdoc />
    public Task<GetDurableExecutionStateResponse> GetDurableExecutionStateAsync(GetDurableExecutionStateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return AnswerUnderGate(() => GetState(request));
    }

    // The engine answers synchronously under its lock; service errors travel as faulted tasks, as they would from
    // a network client, so callers observe them at the await rather than at the call.
    private Task<T> AnswerUnderGate<T>(Func<T> answer)
    {
        try
        {
            lock (_gate)
            {
                try
                {
                    return Task.FromResult(answer());
                }
                finally
                {
                    // The answer leaves only after what it acknowledges is in the store.
                    SaveChanges();
                }
            }
        }
        catch (DurableServiceException ex)
        {
            return Task.FromException<T>(ex);
        }
    }

    private CheckpointDurableExecutionResponse Checkpoint(CheckpointDurableExecutionRequest request)
    {
        var execution = _executions.GetValueOrDefault(request.DurableExecutionArn ?? string.Empty)
            ?? throw DurableServiceException.NotFound($"Durable execution not found: {request.DurableExecutionArn}");
        if (request.ClientToken is { Length: < 1 or > 64 })
        {
            throw DurableServiceException.InvalidParameter("ClientToken must be 1–64 printable characters.");
        }

        var invocation = RequireInvocation(execution, request.CheckpointToken);
        if (request.ClientToken is { } clientToken
            && invocation.Responses.TryGetValue((request.CheckpointToken, clientToken), out var earlier))
        {
            return earlier;
        }

        if (request.CheckpointToken != invocation.Token)
        {
            throw DurableServiceException.InvalidParameter(
                $"{ServiceErrorCodes.InvalidCheckpointTokenPrefix}: the token was already used or belongs to another invocation.");
        }

        var updates = request.Updates ?? [];
        ValidateUpdates(execution, updates);
        var now = _scheduler.UtcNow;
        foreach (var update in updates)
        {
            Apply(execution, update, now);
        }

        string? nextToken = null;
        if (execution.PendingClose is null)
        {
            nextToken = NewToken(execution);
            invocation.Token = nextToken;
            invocation.TokenSequence = execution.TokenSequence;
        }

        var delta = new List<Operation>();
        foreach (var changed in execution.TakeChanges())
        {
            if (execution.IsVisible(changed))
            {
                delta.Add(changed.ToOperation());
            }
        }

        var response = new CheckpointDurableExecutionResponse
        {
            CheckpointToken = nextToken,
            NewExecutionState = new CheckpointUpdatedExecutionState { Operations = delta },
        };
        if (request.ClientToken is { } token)
        {
            invocation.Responses[(request.CheckpointToken, token)] = response;
        }

        return response;
    }

    private GetDurableExecutionStateResponse GetState(GetDurableExecutionStateRequest request)
    {
        var execution = _executions.GetValueOrDefault(request.DurableExecutionArn ?? string.Empty)
            ?? throw DurableServiceException.NotFound($"Durable execution not found: {request.DurableExecutionArn}");
        var invocation = RequireInvocation(execution, request.CheckpointToken);
        if (request.CheckpointToken != invocation.Token)
        {
            throw DurableServiceException.InvalidParameter(
                $"{ServiceErrorCodes.InvalidCheckpointTokenPrefix}: the token is not the invocation's current token.");
        }

        var maxItems = request.MaxItems ?? 0;
        if (maxItems is < 0 or > 1000)
        {
            throw DurableServiceException.InvalidParameter("MaxItems must be between 0 and 1000.");
        }

        maxItems = maxItems == 0 ? 100 : maxItems;
        var start = 0;
        if (!string.IsNullOrEmpty(request.Marker))
        {
            if (!StateMarker.TryParse(request.Marker, out var sequence, out start) || sequence != invocation.TokenSequence)
            {
                throw DurableServiceException.InvalidParameter("Invalid marker: it is malformed or expired (markers are valid until the next checkpoint).");
            }
        }

        var page = new List<Operation>(Math.Min(maxItems, 1000));
        var index = 0;
        string? next = null;
        foreach (var operation in execution.Operations)
        {
            if (!execution.IsVisible(operation))
            {
                continue;
            }

            if (index++ < start)
            {
                continue;
            }

            if (page.Count == maxItems)
            {
                next = StateMarker.Create(invocation.TokenSequence, index - 1);
                break;
            }

            page.Add(operation.ToOperation());
        }

        return new GetDurableExecutionStateResponse { Operations = page, NextMarker = next };
    }

    private static InvocationRecord RequireInvocation(ExecutionRecord execution, string? token)
    {
        if (!ProtocolValidation.IsCheckpointToken(token))
        {
            throw DurableServiceException.InvalidParameter("CheckpointToken must be 1–2048 base64 characters.");
        }

        if (execution.Status != ExecutionStatus.Running)
        {
            throw DurableServiceException.InvalidParameter(
                $"The durable execution is {WireNames.Of(execution.Status)}; it accepts no more checkpoints.");
        }

        if (execution.PendingClose is not null)
        {
            throw DurableServiceException.InvalidParameter("The durable execution was closed by an earlier checkpoint; it accepts no more checkpoints.");
        }

        return execution.Invocation ?? throw DurableServiceException.InvalidParameter(
            $"{ServiceErrorCodes.InvalidCheckpointTokenPrefix}: no invocation of this execution is in progress.");
    }

    /// <summary>Checks every update against the state as the earlier updates of the same request would leave it.</summary>
    private static void ValidateUpdates(ExecutionRecord execution, List<OperationUpdate> updates)
    {
        Dictionary<string, SimulatedOperation>? simulated = null;
        Dictionary<string, (int Count, OperationAction First)>? seen = null;
        var sawExecutionUpdate = false;
        for (var i = 0; i < updates.Count; i++)
        {
            var update = updates[i] ?? throw Invalid(i, null, "The update is null.");
            ValidateShape(update, i);
            if (sawExecutionUpdate)
            {
                throw Invalid(i, update, "The EXECUTION update must be the last update of the request.");
            }

            if (update.Type == OperationType.Execution)
            {
                sawExecutionUpdate = true;
                ValidatePayloadRules(update, i);
                if (update.Action is not (OperationAction.Succeed or OperationAction.Fail))
                {
                    throw Invalid(i, update, $"Invalid action {WireNames.Of(update.Action)} for an EXECUTION update (SUCCEED or FAIL).");
                }

                continue;
            }

            seen ??= new Dictionary<string, (int, OperationAction)>(StringComparer.Ordinal);
            if (seen.TryGetValue(update.Id, out var prior))
            {
                var pairAllowed = prior.Count == 1 && prior.First == OperationAction.Start
                    && update.Action != OperationAction.Start
                    && update.Type is OperationType.Step or OperationType.Context;
                if (!pairAllowed)
                {
                    throw Invalid(i, update, "Cannot update the same operation twice in a single request (only a START followed by one other action).");
                }

                seen[update.Id] = (prior.Count + 1, prior.First);
            }
            else
            {
                seen[update.Id] = (1, update.Action);
            }

            simulated ??= new Dictionary<string, SimulatedOperation>(StringComparer.Ordinal);
            SimulatedOperation? current = simulated.TryGetValue(update.Id, out var sim)
                ? sim
                : execution.OperationsById.TryGetValue(update.Id, out var stored)
                    ? new SimulatedOperation(stored.Type, stored.SubType, stored.Name, stored.ParentId, stored.Status)
                    : null;

            if (current is not null)
            {
                if (current.Type != update.Type
                    || (update.SubType is not null && update.SubType != current.SubType)
                    || (update.Name is not null && update.Name != current.Name)
                    || (update.ParentId is not null && update.ParentId != current.ParentId))
                {
                    throw Invalid(i, update, "Inconsistent operation type/subtype/name/parent operation id.");
                }
            }
            else if (update.ParentId is not null)
            {
                var parentType = simulated.TryGetValue(update.ParentId, out var simulatedParent)
                    ? simulatedParent.Type
                    : execution.OperationsById.GetValueOrDefault(update.ParentId)?.Type;
                if (parentType != OperationType.Context)
                {
                    throw Invalid(i, update, $"Invalid parent operation id '{update.ParentId}': no CONTEXT operation has it.");
                }
            }

            var next = NextStatus(update, current?.Status, i);
            ValidatePayloadRules(update, i);
            simulated[update.Id] = new SimulatedOperation(
                update.Type,
                current?.SubType ?? update.SubType,
                current?.Name ?? update.Name,
                current?.ParentId ?? update.ParentId,
                next);
        }
    }

    /// <summary>The state machine of protocol §4.4: the status an action leads to, or a validation error.</summary>
    private static OperationStatus NextStatus(OperationUpdate update, OperationStatus? current, int index)
    {
        OperationStatus? next = (update.Type, update.Action, current) switch
        {
            (OperationType.Step, OperationAction.Start, null or OperationStatus.Ready) => OperationStatus.Started,
            (OperationType.Step, OperationAction.Succeed, null or OperationStatus.Started or OperationStatus.Ready) => OperationStatus.Succeeded,
            (OperationType.Step, OperationAction.Fail, null or OperationStatus.Started or OperationStatus.Ready) => OperationStatus.Failed,
            (OperationType.Step, OperationAction.Retry, null or OperationStatus.Started or OperationStatus.Ready) => OperationStatus.Pending,
            (OperationType.Wait, OperationAction.Start, null) => OperationStatus.Started,
            (OperationType.Wait, OperationAction.Cancel, OperationStatus.Started) => OperationStatus.Cancelled,
            (OperationType.Context, OperationAction.Start, null) => OperationStatus.Started,
            (OperationType.Context, OperationAction.Succeed, null or OperationStatus.Started) => OperationStatus.Succeeded,
            (OperationType.Context, OperationAction.Fail, null or OperationStatus.Started) => OperationStatus.Failed,
            (OperationType.Callback, OperationAction.Start, null) => OperationStatus.Started,
            (OperationType.ChainedInvoke, OperationAction.Start, null) => OperationStatus.Started,
            (OperationType.ChainedInvoke, OperationAction.Cancel, OperationStatus.Started) => OperationStatus.Stopped,
            _ => null,
        };
        if (next is { } status)
        {
            return status;
        }

        var allowed = (update.Type, update.Action) switch
        {
            (OperationType.Step, OperationAction.Start or OperationAction.Succeed or OperationAction.Fail or OperationAction.Retry)
                or (OperationType.Wait, OperationAction.Start or OperationAction.Cancel)
                or (OperationType.Context, OperationAction.Start or OperationAction.Succeed or OperationAction.Fail)
                or (OperationType.Callback, OperationAction.Start)
                or (OperationType.ChainedInvoke, OperationAction.Start or OperationAction.Cancel) => true,
            _ => false,
        };
        var state = current is { } c ? WireNames.Of(c) : "absent";
        throw allowed
            ? Invalid(index, update, $"Invalid current {WireNames.Of(update.Type)} state to {WireNames.Of(update.Action).ToLowerInvariant()}: the operation is {state}.")
            : Invalid(index, update, $"Invalid action {WireNames.Of(update.Action)} for the operation type {WireNames.Of(update.Type)}.");
    }

    private static void ValidateShape(OperationUpdate update, int index)
    {
        if (!ProtocolValidation.IsOperationId(update.Id))
        {
            throw Invalid(index, update, "Id must be 1–64 characters of letters, digits, '-' and '_'.");
        }

        if (update.ParentId is not null && !ProtocolValidation.IsOperationId(update.ParentId))
        {
            throw Invalid(index, update, "ParentId must be 1–64 characters of letters, digits, '-' and '_'.");
        }

        if (update.Name is not null && !ProtocolValidation.IsOperationName(update.Name))
        {
            throw Invalid(index, update, "Name must be 1–256 printable ASCII characters.");
        }

        if (update.SubType is not null && !ProtocolValidation.IsSubType(update.SubType))
        {
            throw Invalid(index, update, "SubType must be 1–32 characters of letters, digits, '-' and '_'.");
        }

        if (update.Payload is { Length: > ProtocolValidation.MaxPayloadCharacters })
        {
            throw Invalid(index, update, $"Payload exceeds {ProtocolValidation.MaxPayloadCharacters} characters.");
        }

        if (update.Error is { } error && ProtocolJson.SerializeToUtf8Bytes(error).Length >= ProtocolValidation.MaxErrorBytes)
        {
            throw Invalid(index, update, "Error object size must be less than 32768 bytes.");
        }
    }

    private static void ValidatePayloadRules(OperationUpdate update, int index)
    {
        switch (update.Action)
        {
            case OperationAction.Succeed when update.Error is not null:
                throw Invalid(index, update, "A SUCCEED update cannot carry an Error.");
            case OperationAction.Fail when update.Payload is not null:
                throw Invalid(index, update, "A FAIL update cannot carry a Payload.");
            case OperationAction.Retry when update.StepOptions?.NextAttemptDelaySeconds is not (>= 1 and <= ProtocolValidation.MaxDurationSeconds):
                throw Invalid(index, update, "A RETRY update needs StepOptions.NextAttemptDelaySeconds between 1 and 31622400.");
            case OperationAction.Retry when update.Error is not null && update.Payload is not null:
                throw Invalid(index, update, "A RETRY update carries either an Error or a Payload, not both.");
            case OperationAction.Start when update.Type == OperationType.Wait
                && update.WaitOptions?.WaitSeconds is not (>= 1 and <= ProtocolValidation.MaxDurationSeconds):
                throw Invalid(index, update, "A WAIT START needs WaitOptions.WaitSeconds between 1 and 31622400.");
            case OperationAction.Start when update.Type == OperationType.Callback
                && (update.CallbackOptions?.TimeoutSeconds < 0 || update.CallbackOptions?.HeartbeatTimeoutSeconds < 0):
                throw Invalid(index, update, "CallbackOptions timeouts must not be negative.");
            case OperationAction.Start when update.Type == OperationType.ChainedInvoke:
                var options = update.ChainedInvokeOptions;
                if (options is null || !ProtocolValidation.TryParseFunctionReference(options.FunctionName, out _, out _))
                {
                    throw Invalid(index, update, "A CHAINED_INVOKE START needs ChainedInvokeOptions.FunctionName (a function name or ARN).");
                }

                if (options.TenantId is not null && !ProtocolValidation.IsTenantId(options.TenantId))
                {
                    throw Invalid(index, update, "ChainedInvokeOptions.TenantId must be 1–256 characters of letters, digits and ._:/=+-@ or space.");
                }

                break;
        }
    }

    private static DurableServiceException Invalid(int index, OperationUpdate? update, string message) =>
        DurableServiceException.InvalidParameter(
            update is null ? $"Updates[{index}]: {message}" : $"Updates[{index}] ({WireNames.Of(update.Type)} {update.Id}): {message}");

    private sealed record SimulatedOperation(OperationType Type, string? SubType, string? Name, string? ParentId, OperationStatus Status);
}
