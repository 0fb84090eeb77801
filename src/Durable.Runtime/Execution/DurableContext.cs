using Durable.Logging;
using Durable.Protocol;
using Microsoft.Extensions.Logging;

namespace Durable.Execution;

/// <summary>
/// A context of workflow code: the root, or (later) a child, branch or map item. It numbers the durable calls made
/// in it (the position that feeds the operation ID), checks recorded operations against the code, and knows
/// whether the code at this point is a replay. Durable calls within one context must start sequentially.
/// </summary>
internal sealed partial class DurableContext : IDurableContext
{
    private readonly string? _contextId;
    private readonly string? _contextName;
    private int _position;
    private int _peekedPosition = -1;
    private string? _peekedId;
    private ILogger? _logger;

    // Which context's workflow code runs in this async flow (or AmbientMarker.InStep inside a step body). Set at
    // the top of the async methods that run user code, so the value is scoped to that flow and never leaks back
    // to the caller (async methods restore the caller's execution context when they return).
    private static readonly AsyncLocal<object?> s_ambient = new();

    public DurableContext(InvocationRuntime runtime, string? contextId, string? contextName, string? parentId, Fiber? fiber = null)
    {
        Runtime = runtime;
        _contextId = contextId;
        _contextName = contextName;
        ParentId = parentId;
        Fiber = fiber ?? Fiber.Root;
    }

    public InvocationRuntime Runtime { get; }

    /// <summary>The current flow's context, <see cref="AmbientMarker.InStep"/>, or null outside workflow code.</summary>
    internal static object? Ambient => s_ambient.Value;

    /// <summary>Marks the calling async flow as running this context's workflow code.</summary>
    internal void EnterWorkflowCode() => s_ambient.Value = this;

    /// <summary>Marks the calling async flow as running a step body.</summary>
    internal static void EnterStepCode() => s_ambient.Value = AmbientMarker.InStep;

    /// <summary>The fiber this context's code runs on (the root workflow, or a parallel branch / map item).</summary>
    public Fiber Fiber { get; }

    /// <summary>The <c>ParentId</c> of operations created in this context (null at the root).</summary>
    public string? ParentId { get; }

    public string DurableExecutionArn => Runtime.DurableExecutionArn;

    public ILogger Logger => _logger ??= new ReplayAwareLogger(Runtime.WorkflowLogger, () => IsReplaying, Runtime.ReplayAwareLogging);

    /// <summary>
    /// Code between two durable calls already ran in an earlier invocation exactly when the next call of this
    /// context is already recorded. Positions are deterministic, so its ID can be computed ahead of time.
    /// </summary>
    public bool IsReplaying
    {
        get
        {
            var next = Volatile.Read(ref _position) + 1;
            if (_peekedPosition != next)
            {
                _peekedId = OperationIds.Create(_contextId, next);
                _peekedPosition = next;
            }

            return Runtime.State.Contains(_peekedId!);
        }
    }

    /// <summary>Claims the next position in this context.</summary>
    public OperationSlot NextOperation()
    {
        var position = Interlocked.Increment(ref _position);
        return new OperationSlot(OperationIds.Create(_contextId, position), position);
    }

    /// <summary>
    /// The operation recorded at <paramref name="slot"/> (or null), checked against the one the code now starts:
    /// type and subtype must match, and names when both sides have one. On a mismatch the execution fails and the
    /// returned task never completes, so workflow code cannot catch it.
    /// </summary>
    public async ValueTask<Operation?> RecordedMatchingAsync(OperationSlot slot, OperationType type, string subType, string? name)
    {
        var recorded = await RecordedAsync(slot).ConfigureAwait(false);
        if (recorded is null)
        {
            return null;
        }

        if (recorded.Type == type
            && (recorded.SubType is null || recorded.SubType == subType)
            && (recorded.Name is null || name is null || recorded.Name == name))
        {
            Runtime.Hooks?.OperationReached(recorded);
            return recorded;
        }

        var message =
            $"Non-deterministic workflow: operation #{slot.Position} of {Describe()} (id {slot.Id}) was recorded as " +
            $"{DescribeOperation(recorded.Type, recorded.SubType, recorded.Name)} but the code now starts " +
            $"{DescribeOperation(type, subType, name)}. Workflow code must start the same durable operations in the " +
            "same order on every replay; keep changes that add, remove or reorder operations away from executions " +
            "already in flight.";
        return await Runtime.Fail<Operation?>(new ErrorObject { ErrorType = NonDeterministicExecutionException.ErrorTypeName, ErrorMessage = message }).ConfigureAwait(false);
    }

    /// <summary>
    /// The recorded operation at <paramref name="slot"/>, or null. If the envelope's record does not decode, the
    /// execution fails and the returned task never completes (workflow code must not see or catch it).
    /// </summary>
    public ValueTask<Operation?> RecordedAsync(OperationSlot slot)
    {
        if (Fiber.IsDetached)
        {
            // An early-completing parallel or map no longer needs this branch: stop here, quietly.
            return new ValueTask<Operation?>(HaltDetached<Operation?>());
        }

        try
        {
            return new ValueTask<Operation?>(Runtime.State.Get(slot.Id));
        }
        catch (InvalidEnvelopeException ex)
        {
            return new ValueTask<Operation?>(Runtime.Fail<Operation?>(new ErrorObject { ErrorType = typeof(InvalidEnvelopeException).FullName, ErrorMessage = ex.Message }));
        }
    }

    /// <summary>Stops a detached fiber for good; it stops counting as running (once).</summary>
    public Task<T> HaltDetached<T>()
    {
        if (Fiber.TryFinish())
        {
            Runtime.FiberFinished();
        }

        return InvocationRuntime.Halted<T>();
    }

    /// <summary>Fails the execution because an operation has a status its type never has.</summary>
    public Task<T> FailUnexpectedStatus<T>(Operation recorded) =>
        Runtime.Fail<T>(new ErrorObject
        {
            ErrorType = NonDeterministicExecutionException.ErrorTypeName,
            ErrorMessage =
                $"Operation {recorded.Id} ({DescribeOperation(recorded.Type, recorded.SubType, recorded.Name)}) in " +
                $"{Describe()} has status {WireNames.Of(recorded.Status)}, which this operation never has; the " +
                "execution state does not match the workflow code.",
        });

    public OperationUpdate NewUpdate(OperationSlot slot, OperationType type, string subType, string? name, OperationAction action)
    {
        var update = new OperationUpdate
        {
            Id = slot.Id,
            ParentId = ParentId,
            Name = name,
            Type = type,
            SubType = subType,
            Action = action,
        };
        if (action == OperationAction.Start)
        {
            Runtime.Hooks?.OperationStarting(update);
        }

        return update;
    }

    /// <summary>The hook view of the operation at <paramref name="slot"/> as this code runs it.</summary>
    public Instrumentation.DurableOperationInfo DescribeForHooks(OperationSlot slot, OperationType type, string subType, string? name, int? attempt, bool isReplay) => new()
    {
        Id = slot.Id,
        Name = name,
        Type = type,
        SubType = subType,
        ParentId = ParentId,
        Status = OperationStatus.Started,
        Attempt = attempt,
        IsReplay = isReplay,
    };

    private string Describe() =>
        _contextId is null ? "the root context" : $"context '{_contextName ?? _contextId}'";

    private static string DescribeOperation(OperationType type, string? subType, string? name) =>
        $"{WireNames.Of(type)}{(subType is null ? string.Empty : $"/{subType}")}{(name is null ? " (unnamed)" : $" '{name}'")}";
}

/// <summary>
/// One fiber of workflow code: the root workflow, or a branch or item of a parallel or map (shared by the child
/// contexts nested in it). A batch that completes early detaches its unfinished branches: they stop at their next
/// durable operation. <see cref="TryFinish"/> makes sure a fiber stops counting as running exactly once, whether it
/// returns or is stopped.
/// </summary>
internal sealed class Fiber(CancellationToken detached)
{
    private int _finished;

    public static Fiber Root { get; } = new(CancellationToken.None);

    public CancellationToken Detached { get; } = detached;

    public bool IsDetached => Detached.IsCancellationRequested;

    public bool TryFinish() => Interlocked.Exchange(ref _finished, 1) == 0;
}

/// <summary>A claimed position and the operation ID derived from it.</summary>
/// <param name="Id">The operation ID.</param>
/// <param name="Position">The 1-based position within the context.</param>
internal readonly record struct OperationSlot(string Id, int Position);

/// <summary>Ambient values other than a context.</summary>
internal enum AmbientMarker
{
    /// <summary>A step body (or condition check, or callback submitter) is running.</summary>
    InStep,
}
