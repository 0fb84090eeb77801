using Durable.Execution;
using Durable.Protocol;
using Durable.Runtime.Tests.Support;

namespace Durable.Runtime.Tests;

/// <summary>Batching under the service's limits: count, size, EXECUTION-last and the same-ID rule (protocol §4.5, §4.7).</summary>
public class CheckpointBatcherTests
{
    [Fact]
    public async Task Updates_queued_behind_an_inflight_request_go_out_in_batches_of_at_most_200()
    {
        var (batcher, client, release) = GatedBatcher(new CheckpointLimits(200, 750 * 1024, 1000));
        for (var i = 0; i < 450; i++)
        {
            _ = batcher.CheckpointAsync(Start(i), waitForAcknowledgement: false);
        }

        release.SetResult();
        await batcher.DrainAsync();
        Assert.Equal([1, 200, 200, 49], client.Checkpoints.Select(c => c.Updates!.Count));
        Assert.Equal(Enumerable.Range(0, 450).Select(Id), client.AllUpdates.Select(u => u.Id));
    }

    [Fact]
    public async Task Batches_stay_under_the_byte_limit_and_a_larger_update_travels_alone()
    {
        var (batcher, client, release) = GatedBatcher(new CheckpointLimits(200, 750 * 1024, 1000));
        _ = batcher.CheckpointAsync(Start(0), waitForAcknowledgement: false);
        for (var i = 1; i <= 20; i++)
        {
            _ = batcher.CheckpointAsync(Succeed(i, new string('x', 100 * 1024)), waitForAcknowledgement: false);
        }

        _ = batcher.CheckpointAsync(Succeed(21, new string('y', 900 * 1024)), waitForAcknowledgement: false);
        release.SetResult();
        await batcher.DrainAsync();
        var sizes = client.Checkpoints.Skip(1).Select(c => c.Updates!.Count).ToList();
        Assert.All(client.Checkpoints.Skip(1).SkipLast(1), c => Assert.True(c.Updates!.Sum(u => u.Payload!.Length) <= 750 * 1024));
        Assert.Equal(21, sizes.Sum());
        Assert.Equal(1, sizes[^1]);
        Assert.True(sizes.Count >= 4);
    }

    [Fact]
    public async Task An_execution_update_ends_its_batch()
    {
        var (batcher, client, release) = GatedBatcher(new CheckpointLimits(200, 750 * 1024, 1000));
        client.CloseOnExecutionUpdate = false;
        _ = batcher.CheckpointAsync(Start(0), waitForAcknowledgement: false);
        _ = batcher.CheckpointAsync(Start(1), waitForAcknowledgement: false);
        _ = batcher.CheckpointAsync(new OperationUpdate { Id = Envelopes.ExecutionId, Type = OperationType.Execution, Action = OperationAction.Succeed, Payload = "1" }, waitForAcknowledgement: false);
        _ = batcher.CheckpointAsync(Start(2), waitForAcknowledgement: false);
        release.SetResult();
        await batcher.DrainAsync();
        Assert.Equal([[Id(0)], [Id(1), Envelopes.ExecutionId], [Id(2)]], client.Checkpoints.Select(c => c.Updates!.Select(u => u.Id).ToArray()));
    }

    [Fact]
    public async Task The_same_id_shares_a_batch_only_as_start_then_one_other_action()
    {
        var (batcher, client, release) = GatedBatcher(new CheckpointLimits(200, 750 * 1024, 1000));
        _ = batcher.CheckpointAsync(Start(9), waitForAcknowledgement: false);
        _ = batcher.CheckpointAsync(Start(1), waitForAcknowledgement: false);
        _ = batcher.CheckpointAsync(Retry(1), waitForAcknowledgement: false);
        _ = batcher.CheckpointAsync(Start(1), waitForAcknowledgement: false);
        _ = batcher.CheckpointAsync(Succeed(1, "\"ok\""), waitForAcknowledgement: false);
        release.SetResult();
        await batcher.DrainAsync();
        Assert.Equal(
            [[OperationAction.Start], [OperationAction.Start, OperationAction.Retry], [OperationAction.Start, OperationAction.Succeed]],
            client.Checkpoints.Select(c => c.Updates!.Select(u => u.Action).ToArray()));
    }

    [Fact]
    public async Task After_the_terminal_checkpoint_no_more_updates_are_accepted()
    {
        var client = new ScriptedClient();
        var batcher = NewBatcher(client, new CheckpointLimits(200, 750 * 1024, 1000));
        await batcher.CheckpointAsync(new OperationUpdate { Id = Envelopes.ExecutionId, Type = OperationType.Execution, Action = OperationAction.Succeed, Payload = "1" }, waitForAcknowledgement: true);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.CheckpointAsync(Start(1), waitForAcknowledgement: true));
        Assert.Contains("already closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_are_merged_into_the_state()
    {
        var client = new ScriptedClient();
        var state = new ExecutionState(Envelopes.Arn, Envelopes.Create(null).InitialExecutionState!.Operations!);
        var batcher = new CheckpointBatcher(client, state, Envelopes.Token, new CheckpointLimits(200, 1 << 20, 1000), _ => { });
        await batcher.CheckpointAsync(Succeed(3, "\"v\""), waitForAcknowledgement: true);
        Assert.Equal(OperationStatus.Succeeded, state.Get(Id(3))!.Status);
        Assert.Equal("\"v\"", state.Get(Id(3))!.StepDetails!.Result);
    }

    private static (CheckpointBatcher Batcher, ScriptedClient Client, TaskCompletionSource Release) GatedBatcher(CheckpointLimits limits)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = new ScriptedClient();
        var first = true;
        client.BeforeCheckpoint = _ =>
        {
            if (!first)
            {
                return Task.CompletedTask;
            }

            first = false;
            return release.Task;
        };
        return (NewBatcher(client, limits), client, release);
    }

    private static CheckpointBatcher NewBatcher(ScriptedClient client, CheckpointLimits limits)
    {
        var state = new ExecutionState(Envelopes.Arn, Envelopes.Create(null).InitialExecutionState!.Operations!);
        return new CheckpointBatcher(client, state, Envelopes.Token, limits, failure => throw new InvalidOperationException("unexpected failure", failure.Exception));
    }

    private static string Id(int n) => OperationIds.Create(null, n + 1);

    private static OperationUpdate Start(int n) => new() { Id = Id(n), Type = OperationType.Step, SubType = OperationSubTypes.Step, Action = OperationAction.Start };

    private static OperationUpdate Retry(int n) => new()
    {
        Id = Id(n), Type = OperationType.Step, SubType = OperationSubTypes.Step, Action = OperationAction.Retry,
        Error = new ErrorObject { ErrorType = "E" }, StepOptions = new StepOptions { NextAttemptDelaySeconds = 1 },
    };

    private static OperationUpdate Succeed(int n, string payload) => new() { Id = Id(n), Type = OperationType.Step, SubType = OperationSubTypes.Step, Action = OperationAction.Succeed, Payload = payload };
}
