using Durable.Client;
using Durable.Protocol;

namespace Durable.Execution;

/// <summary>
/// Sends checkpoint updates in order, batched, on one token chain. Invariants: updates leave in enqueue order; at
/// most one request is in flight; a batch holds at most <see cref="CheckpointLimits.MaxUpdates"/> updates and
/// <see cref="CheckpointLimits.MaxBytes"/> estimated bytes (a single larger update travels alone); an EXECUTION
/// update ends its batch; an ID appears twice in a batch only as START followed by one other action (protocol
/// §4.5). After a failure nothing more is sent and the invocation is terminated through the failure callback.
/// </summary>
internal sealed class CheckpointBatcher
{
    private readonly IDurableExecutionClient _client;
    private readonly ExecutionState _state;
    private readonly CheckpointLimits _limits;
    private readonly Action<CheckpointFailure> _onFailure;
    private readonly object _gate = new();
    private readonly Queue<PendingUpdate> _queue = new();
    // Per ID in the batch being built: may one more (non-START) update of it join? Only after a lone STEP/CONTEXT START.
    private readonly Dictionary<string, bool> _idsInBatch = new(StringComparer.Ordinal);
    private string? _token;
    private bool _flushing;
    private bool _closed;
    private CheckpointFailure? _failure;
    private TaskCompletionSource? _idle;

    public CheckpointBatcher(
        IDurableExecutionClient client,
        ExecutionState state,
        string checkpointToken,
        CheckpointLimits limits,
        Action<CheckpointFailure> onFailure)
    {
        _client = client;
        _state = state;
        _token = checkpointToken;
        _limits = limits;
        _onFailure = onFailure;
    }

    /// <summary>The token the next request will present.</summary>
    public string? CurrentToken
    {
        get
        {
            lock (_gate)
            {
                return _token;
            }
        }
    }

    /// <summary>The failure that stopped checkpointing, if any.</summary>
    public CheckpointFailure? Failure
    {
        get
        {
            lock (_gate)
            {
                return _failure;
            }
        }
    }

    /// <summary>
    /// Queues <paramref name="update"/>. With <paramref name="waitForAcknowledgement"/> the task completes once the
    /// service accepted it (and the response is merged into the state); otherwise it completes at once. After a
    /// failure the returned task never completes: the invocation is ending and workflow code must not observe
    /// (or catch) anything else.
    /// </summary>
    public Task CheckpointAsync(OperationUpdate update, bool waitForAcknowledgement) =>
        Enqueue(new PendingUpdate(update, waitForAcknowledgement));

    /// <summary>Sends a request without updates to learn about asynchronous changes (timers, callbacks).</summary>
    public Task PollAsync() => Enqueue(new PendingUpdate(null, waitForAcknowledgement: true));

    /// <summary>Completes when everything queued so far was sent; throws the failure if checkpointing failed.</summary>
    public async Task DrainAsync()
    {
        Task idle;
        bool start;
        lock (_gate)
        {
            if (!_flushing && _queue.Count == 0)
            {
                ThrowIfFailed();
                return;
            }

            start = !_flushing;
            _flushing = true;
            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            idle = _idle.Task;
        }

        if (start)
        {
            _ = FlushLoopAsync();
        }

        await idle.ConfigureAwait(false);
        lock (_gate)
        {
            ThrowIfFailed();
        }
    }

    private Task Enqueue(PendingUpdate pending)
    {
        bool start;
        lock (_gate)
        {
            if (_failure is not null)
            {
                return pending.Acknowledgement?.Task ?? Task.CompletedTask;
            }

            if (_closed)
            {
                throw new InvalidOperationException(
                    "The execution was already closed by a terminal checkpoint; no further updates are accepted.");
            }

            _queue.Enqueue(pending);
            start = !_flushing;
            _flushing = true;
        }

        if (start)
        {
            // Started inline: with a client that completes synchronously (the in-process engine) the whole flush
            // runs here without a thread hop; with HTTP it continues on the I/O completion.
            _ = FlushLoopAsync();
        }

        return pending.Acknowledgement?.Task ?? Task.CompletedTask;
    }

    private async Task FlushLoopAsync()
    {
        while (true)
        {
            List<PendingUpdate> batch;
            string token;
            lock (_gate)
            {
                if (_queue.Count == 0 || _failure is not null)
                {
                    _flushing = false;
                    var idle = _idle;
                    _idle = null;
                    idle?.TrySetResult();
                    return;
                }

                batch = TakeBatch();
                token = _token ?? string.Empty;
            }

            var updates = new List<OperationUpdate>(batch.Count);
            foreach (var pending in batch)
            {
                if (pending.Update is not null)
                {
                    updates.Add(pending.Update);
                }
            }

            try
            {
                var response = await _client.CheckpointDurableExecutionAsync(
                    new CheckpointDurableExecutionRequest
                    {
                        DurableExecutionArn = _state.DurableExecutionArn,
                        CheckpointToken = token,
                        Updates = updates,
                    }).ConfigureAwait(false);
                await ApplyAsync(response).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Fail(ex);
                return;
            }

            foreach (var pending in batch)
            {
                pending.Acknowledgement?.TrySetResult();
            }
        }
    }

    private async Task ApplyAsync(CheckpointDurableExecutionResponse response)
    {
        if (response.NewExecutionState is null)
        {
            throw new DurableServiceException(
                ServiceErrorCodes.Service, "The checkpoint response has no NewExecutionState.", 500);
        }

        lock (_gate)
        {
            _token = response.CheckpointToken;
            if (response.CheckpointToken is null)
            {
                // The service omits the token when the request closed the execution (protocol §4.3).
                _closed = true;
            }
        }

        _state.Merge(response.NewExecutionState.Operations);
        var marker = response.NewExecutionState.NextMarker;
        while (!string.IsNullOrEmpty(marker) && response.CheckpointToken is { } next)
        {
            var page = await _client.GetDurableExecutionStateAsync(new GetDurableExecutionStateRequest
            {
                DurableExecutionArn = _state.DurableExecutionArn,
                CheckpointToken = next,
                Marker = marker,
                MaxItems = _limits.MaxStatePageSize,
            }).ConfigureAwait(false);
            _state.Merge(page.Operations);
            marker = page.NextMarker;
        }
    }

    private List<PendingUpdate> TakeBatch()
    {
        var batch = new List<PendingUpdate>();
        var bytes = 0;
        _idsInBatch.Clear();
        while (_queue.TryPeek(out var next))
        {
            if (next.Update is { } update)
            {
                if (batch.Count > 0 && (batch.Count >= _limits.MaxUpdates || bytes + next.EstimatedBytes > _limits.MaxBytes))
                {
                    break;
                }

                if (_idsInBatch.TryGetValue(update.Id, out var mayPair)
                    && !(mayPair && update.Action != OperationAction.Start))
                {
                    break;
                }

                _idsInBatch[update.Id] = !_idsInBatch.ContainsKey(update.Id)
                    && update.Action == OperationAction.Start
                    && update.Type is OperationType.Step or OperationType.Context;
                bytes += next.EstimatedBytes;
            }

            batch.Add(_queue.Dequeue());
            if (next.Update?.Type == OperationType.Execution)
            {
                break;
            }
        }

        return batch;
    }

    private void Fail(Exception exception)
    {
        var failure = new CheckpointFailure(exception, ServiceErrorClassifier.IsPermanent(exception));
        TaskCompletionSource? idle;
        lock (_gate)
        {
            _failure = failure;
            _queue.Clear();
            _flushing = false;
            idle = _idle;
            _idle = null;
        }

        // Pending acknowledgements are abandoned on purpose (see CheckpointAsync).
        idle?.TrySetResult();
        _onFailure(failure);
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw failure.Exception;
        }
    }

    private sealed class PendingUpdate(OperationUpdate? update, bool waitForAcknowledgement)
    {
        public OperationUpdate? Update { get; } = update;

        public TaskCompletionSource? Acknowledgement { get; } =
            waitForAcknowledgement ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;

        public int EstimatedBytes { get; } = update is null ? 0 : EstimateBytes(update);

        private static int EstimateBytes(OperationUpdate update) =>
            256 + JsonSize.OfString(update.Id) + JsonSize.OfString(update.ParentId) + JsonSize.OfString(update.Name)
            + JsonSize.OfString(update.SubType) + JsonSize.OfString(update.Payload) + ErrorObjects.EstimateBytes(update.Error)
            + JsonSize.OfString(update.ChainedInvokeOptions?.FunctionName) + JsonSize.OfString(update.ChainedInvokeOptions?.TenantId);
    }
}

/// <summary>Batching limits; the defaults are the ones AWS's SDKs use against the real service.</summary>
/// <param name="MaxUpdates">Updates per request.</param>
/// <param name="MaxBytes">Estimated bytes per request.</param>
/// <param name="MaxStatePageSize">Items per <c>GetDurableExecutionState</c> page.</param>
internal readonly record struct CheckpointLimits(int MaxUpdates, int MaxBytes, int MaxStatePageSize);

/// <summary>Why checkpointing stopped: the service error and whether retrying the invocation could help.</summary>
/// <param name="Exception">The error of the failed call.</param>
/// <param name="IsPermanent">True when the execution must fail; false when the invocation should be retried.</param>
internal sealed record CheckpointFailure(Exception Exception, bool IsPermanent);
