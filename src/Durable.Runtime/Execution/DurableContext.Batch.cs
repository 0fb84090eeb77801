using System.Text;
using Durable.Protocol;

namespace Durable.Execution;

/// <summary>
/// Parallel and map (protocol §9.9): a parent CONTEXT whose units (branches or items) run as fibers in their own
/// child contexts (or virtual ones), with IDs derived from the unit index, dispatched in index order under a
/// concurrency limit, until the completion policy is met. The parent always SUCCEEDs; the verdict is in its summary.
/// </summary>
internal sealed partial class DurableContext
{
    public Task<IBatchResult<T>> ParallelAsync<T>(IReadOnlyList<Func<IDurableContext, Task<T>>> branches, string? name = null, ParallelConfig? config = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(branches);
        return ParallelAsync(branches.Select(b => new DurableBranch<T>(null, b)).ToList(), name, config, cancellationToken);
    }

    public Task<IBatchResult<T>> ParallelAsync<T>(IReadOnlyList<DurableBranch<T>> branches, string? name = null, ParallelConfig? config = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(branches);
        for (var i = 0; i < branches.Count; i++)
        {
            if (branches[i]?.Function is null)
            {
                throw new ArgumentException($"Branch {i} has no function.", nameof(branches));
            }
        }

        config ??= new ParallelConfig();
        config.Validate();
        var typed = config as ParallelConfig<T>;
        return RunBatchAsync(new BatchSpec<T>(
            OperationSubTypes.Parallel,
            OperationSubTypes.ParallelBranch,
            name,
            branches.Count,
            i => branches[i].Name,
            (context, i) => branches[i].Function(context),
            config.MaxConcurrency,
            config.CompletionConfig,
            config.NestingType,
            typed?.BranchSerializer ?? Runtime.Serializers.Get<T>(),
            typed?.ResultSerializer));
    }

    public Task<IBatchResult<TResult>> MapAsync<TItem, TResult>(IReadOnlyList<TItem> items, Func<IDurableContext, TItem, int, Task<TResult>> function, string? name = null, MapConfig<TItem>? config = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(function);
        config ??= new MapConfig<TItem>();
        config.Validate();
        var typed = config as MapConfig<TItem, TResult>;
        var namer = config.ItemNamer;
        return RunBatchAsync(new BatchSpec<TResult>(
            OperationSubTypes.Map,
            OperationSubTypes.MapIteration,
            name,
            items.Count,
            i => namer?.Invoke(items[i], i),
            (context, i) => function(context, items[i], i),
            config.MaxConcurrency,
            config.CompletionConfig,
            config.NestingType,
            typed?.ItemSerializer ?? Runtime.Serializers.Get<TResult>(),
            typed?.ResultSerializer));
    }

    private async Task<IBatchResult<T>> RunBatchAsync<T>(BatchSpec<T> spec)
    {
        var slot = NextOperation();
        var serialization = new SerializationContext(slot.Id, DurableExecutionArn);
        var recorded = await RecordedMatchingAsync(slot, OperationType.Context, spec.SubType, spec.Name).ConfigureAwait(false);

        switch (recorded?.Status)
        {
            case OperationStatus.Succeeded when recorded.ContextDetails?.ReplayChildren == true:
                return await ReplayUnitsAsync(spec, slot, BatchSummary.Parse(recorded.ContextDetails.Result)).ConfigureAwait(false);
            case OperationStatus.Succeeded:
                return spec.ResultSerializer is { } custom
                    ? custom.Deserialize(recorded.ContextDetails?.Result, serialization)
                    : ResultFromSummary(spec, slot, BatchSummary.Parse(recorded.ContextDetails?.Result));
            case OperationStatus.Failed:
                var error = recorded.ContextDetails?.Error;
                throw new ChildContextException(error?.ErrorMessage ?? "The operation failed.", error, slot.Id, spec.Name, spec.SubType);
            case null:
                _ = Runtime.Checkpoints.CheckpointAsync(NewUpdate(slot, OperationType.Context, spec.SubType, spec.Name, OperationAction.Start), waitForAcknowledgement: false);
                break;
            case OperationStatus.Started:
                break;
            default:
                return await FailUnexpectedStatus<IBatchResult<T>>(recorded).ConfigureAwait(false);
        }

        var (result, summary) = await ExecuteUnitsAsync(spec, slot).ConfigureAwait(false);
        var succeed = NewUpdate(slot, OperationType.Context, spec.SubType, spec.Name, OperationAction.Succeed);
        var payload = spec.ResultSerializer is { } resultSerializer ? resultSerializer.Serialize(result, serialization) : summary.Serialize(stripped: false);
        var tooLarge = payload is not null && Encoding.UTF8.GetByteCount(payload) > MaxContextResultBytes;
        if (tooLarge)
        {
            // Completed children are not replayed unless asked: keep them, and store only the statuses.
            succeed.Payload = summary.Serialize(stripped: true);
            succeed.ContextOptions = new ContextOptions { ReplayChildren = true };
        }
        else
        {
            succeed.Payload = payload;
        }

        await Runtime.Checkpoints.CheckpointAsync(succeed, waitForAcknowledgement: true).ConfigureAwait(false);

        // The first run sees what replays will see: the stored form, read back.
        return spec.ResultSerializer is { } stored && !tooLarge ? stored.Deserialize(payload, serialization) : result;
    }

    private async Task<(BatchResult<T> Result, BatchSummary Summary)> ExecuteUnitsAsync<T>(BatchSpec<T> spec, OperationSlot slot)
    {
        var run = new BatchRun<T>(this, spec, slot);
        var dispatchable = new List<int>();
        while (true)
        {
            dispatchable.Clear();
            var done = run.Evaluate(dispatchable);
            if (done)
            {
                break;
            }

            foreach (var index in dispatchable)
            {
                run.Dispatch(index);
            }

            if (dispatchable.Count == 0)
            {
                await run.Gate.WaitAsync().ConfigureAwait(false);
            }
        }

        return run.Finish();
    }

    /// <summary>Runs one unit as a child context (nested) or a virtual context (flat) on its own fiber.</summary>
    private async Task<UnitOutcome<T>> RunUnitAsync<T>(BatchSpec<T> spec, OperationSlot parent, int index, Fiber fiber)
    {
        var position = index + 1;
        var unitSlot = new OperationSlot(OperationIds.Create(parent.Id, position), position);
        var name = spec.UnitName(index);
        var serialization = new SerializationContext(unitSlot.Id, DurableExecutionArn);
        if (spec.Nesting == NestingType.Nested)
        {
            // The parent's scope, on the unit's fiber: the unit's START/SUCCEED carry the parent as ParentId.
            var scope = new DurableContext(Runtime, parent.Id, spec.Name, parent.Id, fiber);
            var outcome = await scope.RunChildAsync(unitSlot, spec.UnitSubType, name, context => spec.Body(context, index), spec.UnitSerializer, fiber).ConfigureAwait(false);
            return outcome.Error is { } error
                ? UnitOutcome<T>.Failure(error)
                : UnitOutcome<T>.Success(outcome.Value!, spec.UnitSerializer.Serialize(outcome.Value!, serialization));
        }

        // Flat: IDs still derive from the unit's position, but its operations report the parent as their parent.
        var virtualContext = new DurableContext(Runtime, unitSlot.Id, name ?? spec.UnitSubType, parent.Id, fiber);
        virtualContext.EnterWorkflowCode();
        try
        {
            var value = await spec.Body(virtualContext, index).ConfigureAwait(false);
            var payload = spec.UnitSerializer.Serialize(value, serialization);
            return UnitOutcome<T>.Success(spec.UnitSerializer.Deserialize(payload, serialization), payload);
        }
        catch (Exception ex)
        {
            return UnitOutcome<T>.Failure(ErrorObjects.FromException(ex));
        }
    }

    private BatchResult<T> ResultFromSummary<T>(BatchSpec<T> spec, OperationSlot slot, BatchSummary summary)
    {
        var items = summary.Units.Select(unit =>
        {
            var unitId = OperationIds.Create(slot.Id, unit.Index + 1);
            return unit.Status switch
            {
                BatchItemStatus.Succeeded => new BatchItem<T>(unit.Index, unit.Name, unit.Status, spec.UnitSerializer.Deserialize(unit.Result, new SerializationContext(unitId, DurableExecutionArn)), null),
                BatchItemStatus.Failed => new BatchItem<T>(unit.Index, unit.Name, unit.Status, default, UnitError(spec, unitId, unit.Name, unit.Error)),
                _ => new BatchItem<T>(unit.Index, unit.Name, unit.Status, default, null),
            };
        });
        return new BatchResult<T>(items, summary.Reason);
    }

    /// <summary>A completed batch whose summary was too large: replay its finished units to rebuild their values.</summary>
    private async Task<IBatchResult<T>> ReplayUnitsAsync<T>(BatchSpec<T> spec, OperationSlot slot, BatchSummary summary)
    {
        var items = new List<BatchItem<T>>();
        foreach (var unit in summary.Units)
        {
            if (unit.Status == BatchItemStatus.Started)
            {
                items.Add(new BatchItem<T>(unit.Index, unit.Name, unit.Status, default, null));
                continue;
            }

            var outcome = await RunUnitAsync(spec, slot, unit.Index, Fiber).ConfigureAwait(false);
            var unitId = OperationIds.Create(slot.Id, unit.Index + 1);
            items.Add(outcome.Error is { } error
                ? new BatchItem<T>(unit.Index, unit.Name, BatchItemStatus.Failed, default, UnitError(spec, unitId, unit.Name, error))
                : new BatchItem<T>(unit.Index, unit.Name, BatchItemStatus.Succeeded, outcome.Value, null));
        }

        return new BatchResult<T>(items, summary.Reason);
    }

    private static ChildContextException UnitError<T>(BatchSpec<T> spec, string unitId, string? name, ErrorObject? error) =>
        new(error?.ErrorMessage ?? "The unit failed.", error, unitId, name, spec.UnitSubType);

    /// <summary>
    /// One execution of a batch's units: which are dispatched, running and finished, and whether the completion
    /// policy is met. Evaluated by the parent fiber; units report back through <see cref="Gate"/>.
    /// </summary>
    private sealed class BatchRun<T>
    {
        private readonly object _sync = new();
        private readonly DurableContext _context;
        private readonly BatchSpec<T> _spec;
        private readonly OperationSlot _slot;
        private readonly UnitOutcome<T>?[] _outcomes;
        private readonly CancellationTokenSource _detach;
        private int _next;
        private int _running;
        private int _succeeded;
        private int _failed;
        private CompletionReason? _reason;

        public BatchRun(DurableContext context, BatchSpec<T> spec, OperationSlot slot)
        {
            _context = context;
            _spec = spec;
            _slot = slot;
            _outcomes = new UnitOutcome<T>?[spec.Count];
            _detach = CancellationTokenSource.CreateLinkedTokenSource(context.Fiber.Detached);
            Gate = context.Runtime.CreateGate();
        }

        public FiberGate Gate { get; }

        /// <summary>Decides whether the batch is done; otherwise lists the units that may start now.</summary>
        public bool Evaluate(List<int> dispatchable)
        {
            lock (_sync)
            {
                if (_reason is not null)
                {
                    return true;
                }

                var finished = _next - _running;
                if (IsFailureToleranceExceeded())
                {
                    _reason = CompletionReason.FailureToleranceExceeded;
                    return true;
                }

                if (_spec.Completion?.MinSuccessful is { } minimum && _succeeded >= minimum)
                {
                    _reason = finished == _spec.Count ? CompletionReason.AllCompleted : CompletionReason.MinSuccessfulReached;
                    return true;
                }

                if (finished == _spec.Count)
                {
                    _reason = CompletionReason.AllCompleted;
                    return true;
                }

                while (_next < _spec.Count && (_spec.MaxConcurrency is not { } max || _running < max))
                {
                    dispatchable.Add(_next++);
                    _running++;
                }

                return false;
            }
        }

        public void Dispatch(int index)
        {
            var fiber = new Fiber(_detach.Token);
            _context.Runtime.FiberStarted();
            _ = RunAsync(index, fiber);
        }

        /// <summary>Builds the result; units still running are detached and reported as started.</summary>
        public (BatchResult<T> Result, BatchSummary Summary) Finish()
        {
            lock (_sync)
            {
                if (_running > 0)
                {
                    _detach.Cancel();
                }

                var items = new List<BatchItem<T>>();
                var units = new List<BatchSummary.Unit>();
                for (var i = 0; i < _next; i++)
                {
                    var name = _spec.UnitName(i);
                    var unitId = OperationIds.Create(_slot.Id, i + 1);
                    switch (_outcomes[i])
                    {
                        case { Error: { } error }:
                            items.Add(new BatchItem<T>(i, name, BatchItemStatus.Failed, default, UnitError(_spec, unitId, name, error)));
                            units.Add(new BatchSummary.Unit(i, name, BatchItemStatus.Failed, null, error));
                            break;
                        case { } success:
                            items.Add(new BatchItem<T>(i, name, BatchItemStatus.Succeeded, success.Value, null));
                            units.Add(new BatchSummary.Unit(i, name, BatchItemStatus.Succeeded, success.Payload, null));
                            break;
                        default:
                            items.Add(new BatchItem<T>(i, name, BatchItemStatus.Started, default, null));
                            units.Add(new BatchSummary.Unit(i, name, BatchItemStatus.Started, null, null));
                            break;
                    }
                }

                var reason = _reason ?? CompletionReason.AllCompleted;
                return (new BatchResult<T>(items, reason), new BatchSummary(reason, units));
            }
        }

        private async Task RunAsync(int index, Fiber fiber)
        {
            UnitOutcome<T> outcome;
            try
            {
                outcome = await _context.RunUnitAsync(_spec, _slot, index, fiber).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                outcome = UnitOutcome<T>.Failure(ErrorObjects.FromException(ex));
            }

            lock (_sync)
            {
                if (_reason is null)
                {
                    _outcomes[index] = outcome;
                    _running--;
                    if (outcome.Error is null)
                    {
                        _succeeded++;
                    }
                    else
                    {
                        _failed++;
                    }
                }
            }

            // Wake the parent before this fiber stops counting, so the running count never dips to zero between.
            Gate.Signal();
            if (fiber.TryFinish())
            {
                _context.Runtime.FiberFinished();
            }
        }

        private bool IsFailureToleranceExceeded()
        {
            var completion = _spec.Completion;
            if (completion is null || (completion.MinSuccessful is null && completion.ToleratedFailureCount is null && completion.ToleratedFailurePercentage is null))
            {
                // No policy at all means fail-fast.
                return _failed > 0;
            }

            return (completion.ToleratedFailureCount is { } count && _failed > count)
                || (completion.ToleratedFailurePercentage is { } percentage && _spec.Count > 0 && _failed * 100.0 / _spec.Count > percentage);
        }
    }
}

/// <summary>What a parallel or map runs: its shape, units, policy and serializers.</summary>
internal sealed record BatchSpec<T>(
    string SubType,
    string UnitSubType,
    string? Name,
    int Count,
    Func<int, string?> UnitName,
    Func<IDurableContext, int, Task<T>> Body,
    int? MaxConcurrency,
    CompletionConfig? Completion,
    NestingType Nesting,
    DurableSerializer<T> UnitSerializer,
    DurableSerializer<IBatchResult<T>>? ResultSerializer);

/// <summary>How one unit ended: its value and stored payload, or its error.</summary>
internal sealed record UnitOutcome<T>(T? Value, string? Payload, ErrorObject? Error)
{
    public static UnitOutcome<T> Success(T value, string? payload) => new(value, payload, null);

    public static UnitOutcome<T> Failure(ErrorObject error) => new(default, null, error);
}
