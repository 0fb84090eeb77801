using Durable.Client;
using Durable.Protocol;

namespace Durable.Runtime.Tests.Support;

/// <summary>
/// A stand-in for the service that records every call, answers checkpoints with a fresh token and an echo of the
/// updated operations (as the service does), and fails calls on demand.
/// </summary>
internal sealed class ScriptedClient : IDurableExecutionClient
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Operation> _operations = new(StringComparer.Ordinal);
    private int _tokenCounter = 1;

    public List<CheckpointDurableExecutionRequest> Checkpoints { get; } = [];

    public List<GetDurableExecutionStateRequest> StateReads { get; } = [];

    /// <summary>Fails the checkpoint call with this (0-based) index.</summary>
    public Func<int, Exception?> FailCheckpoint { get; set; } = _ => null;

    /// <summary>Runs before each checkpoint is answered (to gate or observe).</summary>
    public Func<CheckpointDurableExecutionRequest, Task>? BeforeCheckpoint { get; set; }

    /// <summary>Pages served by GetDurableExecutionState, keyed by marker.</summary>
    public Dictionary<string, GetDurableExecutionStateResponse> Pages { get; } = [];

    /// <summary>Answer callback starts without a callback ID (a broken service).</summary>
    public bool OmitCallbackIds { get; set; }

    /// <summary>Operations to report as changed on the next poll (an empty checkpoint).</summary>
    public List<Operation> PendingChanges { get; } = [];

    /// <summary>Omit the token in the response when the request holds an EXECUTION update (as the service does).</summary>
    public bool CloseOnExecutionUpdate { get; set; } = true;

    public List<OperationUpdate> AllUpdates
    {
        get
        {
            lock (_gate)
            {
                return Checkpoints.SelectMany(c => c.Updates ?? []).ToList();
            }
        }
    }

    public async Task<CheckpointDurableExecutionResponse> CheckpointDurableExecutionAsync(CheckpointDurableExecutionRequest request, CancellationToken cancellationToken = default)
    {
        int index;
        lock (_gate)
        {
            index = Checkpoints.Count;
            Checkpoints.Add(request);
        }

        if (BeforeCheckpoint is { } before)
        {
            await before(request);
        }

        if (FailCheckpoint(index) is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            var echo = new List<Operation>();
            var closes = false;
            foreach (var update in request.Updates ?? [])
            {
                if (update.Type == OperationType.Execution)
                {
                    closes = true;
                    continue;
                }

                var operation = Apply(update);
                _operations[update.Id] = operation;
                echo.RemoveAll(o => o.Id == update.Id);
                echo.Add(operation);
            }

            if ((request.Updates?.Count ?? 0) == 0)
            {
                echo.AddRange(PendingChanges);
                PendingChanges.Clear();
            }

            return new CheckpointDurableExecutionResponse
            {
                CheckpointToken = closes && CloseOnExecutionUpdate ? null : $"VE9LRU4{_tokenCounter++}",
                NewExecutionState = new CheckpointUpdatedExecutionState { Operations = echo },
            };
        }
    }

    public Task<GetDurableExecutionStateResponse> GetDurableExecutionStateAsync(GetDurableExecutionStateRequest request, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            StateReads.Add(request);
        }

        return Pages.TryGetValue(request.Marker ?? string.Empty, out var page)
            ? Task.FromResult(page)
            : Task.FromException<GetDurableExecutionStateResponse>(DurableServiceException.InvalidParameter($"Unknown marker {request.Marker}"));
    }

    private Operation Apply(OperationUpdate update)
    {
        _operations.TryGetValue(update.Id, out var existing);
        var attempt = existing?.StepDetails?.Attempt ?? 0;
        var status = (update.Type, update.Action) switch
        {
            (_, OperationAction.Start) => OperationStatus.Started,
            (_, OperationAction.Succeed) => OperationStatus.Succeeded,
            (_, OperationAction.Fail) => OperationStatus.Failed,
            (_, OperationAction.Retry) => OperationStatus.Pending,
            _ => OperationStatus.Cancelled,
        };
        if (update.Action is OperationAction.Succeed or OperationAction.Fail or OperationAction.Retry)
        {
            attempt++;
        }

        return new Operation
        {
            Id = update.Id,
            ParentId = update.ParentId,
            Name = update.Name,
            Type = update.Type,
            SubType = update.SubType,
            Status = status,
            StartTimestamp = Envelopes.Start,
            StepDetails = update.Type == OperationType.Step ? new StepDetails { Attempt = attempt, Result = update.Payload, Error = update.Error } : null,
            WaitDetails = update.Type == OperationType.Wait ? new WaitDetails { ScheduledEndTimestamp = Envelopes.Start.AddSeconds(update.WaitOptions?.WaitSeconds ?? 0) } : null,
            ContextDetails = update.Type == OperationType.Context
                ? new ContextDetails { Result = update.Payload, Error = update.Error, ReplayChildren = update.ContextOptions?.ReplayChildren }
                : null,
            CallbackDetails = update.Type == OperationType.Callback
                ? new CallbackDetails { CallbackId = OmitCallbackIds ? null : Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("cb:" + update.Id)) }
                : null,
            ChainedInvokeDetails = update.Type == OperationType.ChainedInvoke ? new ChainedInvokeDetails() : null,
        };
    }
}
