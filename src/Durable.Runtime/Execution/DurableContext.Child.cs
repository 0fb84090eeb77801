using System.Text;
using Durable.Protocol;

namespace Durable.Execution;

/// <summary>
/// Child contexts (protocol §9.8): a CONTEXT record around work numbered in its own scope. Shared by plain child
/// contexts, wait-for-callback and nested parallel branches / map items.
/// </summary>
internal sealed partial class DurableContext
{
    /// <summary>Results larger than this are not stored: the children are kept and replayed to rebuild them.</summary>
    internal const int MaxContextResultBytes = 256 * 1024;

    public Task<T> RunInChildContextAsync<T>(Func<IDurableContext, Task<T>> function, string? name = null, ChildContextConfig? config = null, CancellationToken cancellationToken = default) =>
        RunInChildContextAsync(function, Runtime.Serializers.Get<T>(), name, config, cancellationToken);

    public async Task<T> RunInChildContextAsync<T>(Func<IDurableContext, Task<T>> function, DurableSerializer<T> serializer, string? name = null, ChildContextConfig? config = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(serializer);
        var subType = config?.SubType ?? OperationSubTypes.RunInChildContext;
        var slot = NextOperation();
        var outcome = await RunChildAsync(slot, subType, name, function, serializer, Fiber).ConfigureAwait(false);
        if (outcome.Error is { } error)
        {
            var exception = new ChildContextException(error.ErrorMessage ?? "The child context failed.", error, slot.Id, name, subType);
            throw config?.ErrorMapping?.Invoke(exception) ?? exception;
        }

        return outcome.Value!;
    }

    public Task RunInChildContextAsync(Func<IDurableContext, Task> function, string? name = null, ChildContextConfig? config = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        return RunInChildContextAsync<NoResult>(
            async context =>
            {
                await function(context).ConfigureAwait(false);
                return default;
            },
            NoResult.Serializer,
            name,
            config,
            cancellationToken);
    }

    /// <summary>
    /// Runs a context's user function between the user-function hooks (not for the runtime's own composite bodies,
    /// such as wait-for-callback's).
    /// </summary>
    private async Task<T> RunUserFunctionAsync<T>(DurableContext child, Func<IDurableContext, Task<T>> body, OperationSlot slot, string subType, string? name, bool isReplayingChildren)
    {
        var hooks = subType == OperationSubTypes.WaitForCallback ? null : Runtime.Hooks;
        if (hooks is null)
        {
            return await body(child).ConfigureAwait(false);
        }

        var info = DescribeForHooks(slot, OperationType.Context, subType, name, attempt: null, isReplay: isReplayingChildren);
        hooks.UserFunctionStarting(info, isReplayingChildren);
        T value;
        try
        {
            value = await body(child).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            hooks.UserFunctionEnded(info, isReplayingChildren, ex);
            throw;
        }

        hooks.UserFunctionEnded(info, isReplayingChildren, error: null);
        return value;
    }

    /// <summary>
    /// Runs <paramref name="body"/> as the child context at <paramref name="slot"/> and reports its outcome without
    /// throwing (callers map failures to their own exceptions). Replay: SUCCEEDED returns the stored result, or
    /// re-runs the body when the result was too large to store; FAILED returns the stored error; STARTED re-runs
    /// the body (its operations replay) without a new START.
    /// </summary>
    internal async Task<ChildOutcome<T>> RunChildAsync<T>(OperationSlot slot, string subType, string? name, Func<IDurableContext, Task<T>> body, DurableSerializer<T> serializer, Fiber fiber)
    {
        var recorded = await RecordedMatchingAsync(slot, OperationType.Context, subType, name).ConfigureAwait(false);

        var serialization = new SerializationContext(slot.Id, DurableExecutionArn);
        var child = new DurableContext(Runtime, slot.Id, name ?? subType, slot.Id, fiber);
        child.EnterWorkflowCode();
        switch (recorded?.Status)
        {
            case OperationStatus.Succeeded when recorded.ContextDetails?.ReplayChildren != true:
                return ChildOutcome<T>.Success(serializer.Deserialize(recorded.ContextDetails?.Result, serialization));
            case OperationStatus.Succeeded:
                // Too large to have been stored: the children were kept; replaying them rebuilds the value.
                return ChildOutcome<T>.Success(await RunUserFunctionAsync(child, body, slot, subType, name, isReplayingChildren: true).ConfigureAwait(false));
            case OperationStatus.Failed:
                return ChildOutcome<T>.Failure(recorded.ContextDetails?.Error ?? new ErrorObject { ErrorMessage = "The child context failed." });
            case null:
                _ = Runtime.Checkpoints.CheckpointAsync(NewUpdate(slot, OperationType.Context, subType, name, OperationAction.Start), waitForAcknowledgement: false);
                break;
            case OperationStatus.Started:
                break;
            default:
                return await FailUnexpectedStatus<ChildOutcome<T>>(recorded).ConfigureAwait(false);
        }

        T value;
        try
        {
            value = await RunUserFunctionAsync(child, body, slot, subType, name, isReplayingChildren: recorded is not null).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var error = ErrorObjects.FromException(ex);
            var fail = NewUpdate(slot, OperationType.Context, subType, name, OperationAction.Fail);
            fail.Error = error;
            await Runtime.Checkpoints.CheckpointAsync(fail, waitForAcknowledgement: true).ConfigureAwait(false);
            return ChildOutcome<T>.Failure(error);
        }

        var payload = serializer.Serialize(value, serialization);
        var succeed = NewUpdate(slot, OperationType.Context, subType, name, OperationAction.Succeed);
        if (payload is not null && Encoding.UTF8.GetByteCount(payload) > MaxContextResultBytes)
        {
            succeed.Payload = string.Empty;
            succeed.ContextOptions = new ContextOptions { ReplayChildren = true };
            await Runtime.Checkpoints.CheckpointAsync(succeed, waitForAcknowledgement: true).ConfigureAwait(false);
            return ChildOutcome<T>.Success(value);
        }

        succeed.Payload = payload;
        await Runtime.Checkpoints.CheckpointAsync(succeed, waitForAcknowledgement: true).ConfigureAwait(false);
        return ChildOutcome<T>.Success(serializer.Deserialize(payload, serialization));
    }
}

/// <summary>How a child context ended: a value, or the error it recorded.</summary>
internal readonly record struct ChildOutcome<T>(T? Value, ErrorObject? Error)
{
    public static ChildOutcome<T> Success(T value) => new(value, null);

    public static ChildOutcome<T> Failure(ErrorObject error) => new(default, error);
}
