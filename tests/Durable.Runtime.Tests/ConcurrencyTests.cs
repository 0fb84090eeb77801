using Durable.Hosting;
using Durable.Protocol;
using Durable.Runtime.Tests.Support;

namespace Durable.Runtime.Tests;

/// <summary>
/// Several things waiting at once (protocol §9.10): a branch blocked on a timer does not stop the others; the
/// invocation suspends only when nothing can progress; while others run, a due timer is picked up by polling
/// with empty checkpoints and the waiting branch continues in the same invocation.
/// </summary>
public class ConcurrencyTests
{
    [Fact]
    public async Task A_waiting_branch_does_not_stop_the_others_and_the_invocation_suspends_when_all_wait()
    {
        var client = new ScriptedClient();
        var ran = new List<string>();
        var output = await Workflows.Of(async ctx => (await ctx.ParallelAsync<string>(
        [
            async b =>
            {
                await b.WaitAsync(TimeSpan.FromHours(1));
                return "late";
            },
            async b => await b.StepAsync(_ => { ran.Add("b"); return "b"; }),
            async b => await b.StepAsync(_ => { ran.Add("c"); return "c"; }),
        ])).GetResults()).InvokeAsync(Envelopes.Create("null"), client);
        Assert.Equal(InvocationStatus.Pending, output.Status);
        Assert.Equal(["b", "c"], ran);
        Assert.DoesNotContain(client.AllUpdates, u => u.SubType == OperationSubTypes.Parallel && u.Action == OperationAction.Succeed);
    }

    [Fact]
    public async Task A_due_timer_is_polled_for_while_another_branch_runs_and_the_waiter_continues_in_the_same_invocation()
    {
        var time = new ManualTimeProvider(Envelopes.Start);
        var client = new ScriptedClient();
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiterDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = Workflows.Of(async ctx => (await ctx.ParallelAsync<string>(
        [
            async b =>
            {
                await b.WaitAsync(TimeSpan.FromSeconds(5));
                waiterDone.SetResult();
                return "waited";
            },
            async b => await b.StepAsync(_ => release.Task),
        ])).GetResults());

        var invocation = handler.InvokeAsync(Envelopes.Create("null"), client, new DurableInvocationInfo { TimeProvider = time });
        await WaitUntil(() => client.AllUpdates.Any(u => u.Type == OperationType.Wait));
        var waitId = client.AllUpdates.Single(u => u.Type == OperationType.Wait).Id;
        var waitParent = client.AllUpdates.Single(u => u.Type == OperationType.Wait).ParentId;

        // The service fires the timer; the SDK learns of it only by polling once the due time passes.
        client.PendingChanges.Add(new Operation { Id = waitId, ParentId = waitParent, Type = OperationType.Wait, SubType = OperationSubTypes.Wait, Status = OperationStatus.Succeeded, StartTimestamp = Envelopes.Start });
        time.Advance(TimeSpan.FromSeconds(5));
        await waiterDone.Task.WaitAsync(TimeSpan.FromSeconds(10));
        release.SetResult("stepped");

        var output = await invocation.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(InvocationStatus.Succeeded, output.Status);
        Assert.Equal("[\"waited\",\"stepped\"]", output.Result);
        Assert.Contains(client.Checkpoints, c => c.Updates is { Count: 0 });
    }

    [Fact]
    public async Task Nothing_is_polled_when_no_other_work_runs()
    {
        var time = new ManualTimeProvider(Envelopes.Start);
        var client = new ScriptedClient();
        var output = await Workflows.Of(async ctx => { await ctx.WaitAsync(TimeSpan.FromSeconds(5)); return 1; })
            .InvokeAsync(Envelopes.Create("null"), client, new DurableInvocationInfo { TimeProvider = time });
        Assert.Equal(InvocationStatus.Pending, output.Status);
        Assert.DoesNotContain(client.Checkpoints, c => c.Updates is { Count: 0 });
        Assert.Equal(0, time.TimersCreated);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(5);
        }

        Assert.True(condition());
    }
}
