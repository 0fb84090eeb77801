using Durable.Execution;
using Durable.Protocol;
using Durable.Runtime.Tests.Support;

namespace Durable.Runtime.Tests;

/// <summary>Child contexts (protocol §9.8): fresh runs, every replay status, large results, errors.</summary>
public class ChildContextTests
{
    [Fact]
    public async Task A_fresh_child_records_start_its_children_under_it_and_succeed_with_its_result()
    {
        var client = new ScriptedClient();
        var output = await Workflows.Of(async ctx => await ctx.RunInChildContextAsync(async child => await child.StepAsync(_ => "inner"), "child"))
            .InvokeAsync(Envelopes.Create("null"), client);
        Assert.Equal("\"inner\"", output.Result);
        var updates = client.AllUpdates;
        var contextId = Envelopes.Root(1);
        Assert.Equal((OperationType.Context, OperationAction.Start, OperationSubTypes.RunInChildContext), (updates[0].Type, updates[0].Action, updates[0].SubType));
        Assert.All(updates.Where(u => u.Type == OperationType.Step), u =>
        {
            Assert.Equal(contextId, u.ParentId);
            Assert.Equal(OperationIds.Create(contextId, 1), u.Id);
        });
        Assert.Equal((OperationAction.Succeed, "\"inner\"", "child"), (updates[^1].Action, updates[^1].Payload, updates[^1].Name));
    }

    [Fact]
    public async Task A_succeeded_child_returns_its_stored_result_without_running()
    {
        var runs = 0;
        var client = new ScriptedClient();
        var output = await Workflows.Of(async ctx => await ctx.RunInChildContextAsync(child => { runs++; return Task.FromResult("fresh"); }))
            .InvokeAsync(Envelopes.Create("null", Envelopes.Context(1, OperationStatus.Succeeded, result: "\"stored\"")), client);
        Assert.Equal("\"stored\"", output.Result);
        Assert.Equal(0, runs);
        Assert.Empty(client.Checkpoints);
    }

    [Fact]
    public async Task A_succeeded_child_whose_result_was_too_large_replays_its_children_to_rebuild_it()
    {
        var contextId = Envelopes.Root(1);
        var client = new ScriptedClient();
        var output = await Workflows.Of(async ctx => await ctx.RunInChildContextAsync(async child => await child.StepAsync(_ => "not run") + "!"))
            .InvokeAsync(
                Envelopes.Create(
                    "null",
                    Envelopes.Context(1, OperationStatus.Succeeded, result: string.Empty, replayChildren: true),
                    Envelopes.Step(1, OperationStatus.Succeeded, result: "\"rebuilt\"", parentId: contextId)),
                client);
        Assert.Equal("\"rebuilt!\"", output.Result);
        Assert.Empty(client.Checkpoints);
    }

    [Fact]
    public async Task A_failed_child_rethrows_its_stored_error_mapped_by_the_configuration()
    {
        ChildContextException? seen = null;
        var output = await Workflows.Of(async ctx =>
            {
                try
                {
                    return await ctx.RunInChildContextAsync(_ => Task.FromResult("fresh"), "child", new ChildContextConfig { ErrorMapping = e => { seen = e; return new TimeoutException("mapped: " + e.Message); } });
                }
                catch (TimeoutException ex)
                {
                    return ex.Message;
                }
            })
            .InvokeAsync(Envelopes.Create("null", Envelopes.Context(1, OperationStatus.Failed, "child", error: new ErrorObject { ErrorType = "Orders.Declined", ErrorMessage = "declined" })), new ScriptedClient());
        Assert.Equal("\"mapped: declined\"", output.Result);
        Assert.Equal("Orders.Declined", seen!.ErrorType);
        Assert.Equal(OperationSubTypes.RunInChildContext, seen.SubType);
    }

    [Fact]
    public async Task A_started_child_runs_again_without_a_new_start_and_its_children_replay()
    {
        var contextId = Envelopes.Root(1);
        var runs = 0;
        var client = new ScriptedClient();
        var output = await Workflows.Of(async ctx => await ctx.RunInChildContextAsync(async child =>
            {
                var first = await child.StepAsync(_ => { runs++; return "a"; });
                var second = await child.StepAsync(_ => { runs++; return "b"; });
                return first + second;
            }))
            .InvokeAsync(Envelopes.Create("null", Envelopes.Context(1, OperationStatus.Started), Envelopes.Step(1, OperationStatus.Succeeded, result: "\"A\"", parentId: contextId)), client);
        Assert.Equal("\"Ab\"", output.Result);
        Assert.Equal(1, runs);
        Assert.DoesNotContain(client.AllUpdates, u => u.Id == contextId && u.Action == OperationAction.Start);
        Assert.Contains(client.AllUpdates, u => u.Id == contextId && u.Action == OperationAction.Succeed);
    }

    [Fact]
    public async Task A_result_above_256_KB_is_stored_empty_with_replay_children()
    {
        var client = new ScriptedClient();
        var big = new string('x', 300 * 1024);
        var output = await Workflows.Of(async ctx => (await ctx.RunInChildContextAsync(_ => Task.FromResult(big))).Length).InvokeAsync(Envelopes.Create("null"), client);
        Assert.Equal((300 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), output.Result);
        var succeed = client.AllUpdates.Single(u => u.Action == OperationAction.Succeed);
        Assert.Equal(string.Empty, succeed.Payload);
        Assert.True(succeed.ContextOptions!.ReplayChildren);
    }

    [Fact]
    public async Task A_throwing_child_records_its_failure_and_the_original_error_type_reaches_the_execution()
    {
        var client = new ScriptedClient();
        var output = await Workflows.Of(async ctx => await ctx.RunInChildContextAsync<string>(_ => throw new ArgumentException("bad input"), "child"))
            .InvokeAsync(Envelopes.Create("null"), client);
        Assert.Equal(InvocationStatus.Failed, output.Status);
        Assert.Equal("System.ArgumentException", output.Error!.ErrorType);
        var fail = client.AllUpdates.Single(u => u.Action == OperationAction.Fail);
        Assert.Equal(("System.ArgumentException", "bad input"), (fail.Error!.ErrorType, fail.Error.ErrorMessage));
    }

    [Fact]
    public async Task A_custom_subtype_is_recorded_and_checked_on_replay()
    {
        var client = new ScriptedClient();
        await Workflows.Of(async ctx => await ctx.RunInChildContextAsync(_ => Task.FromResult(1), config: new ChildContextConfig { SubType = "Saga" }))
            .InvokeAsync(Envelopes.Create("null"), client);
        Assert.All(client.AllUpdates, u => Assert.Equal("Saga", u.SubType));
        var output = await Workflows.Of(async ctx => await ctx.RunInChildContextAsync(_ => Task.FromResult(1)))
            .InvokeAsync(Envelopes.Create("null", Envelopes.Context(1, OperationStatus.Succeeded, subType: "Saga", result: "1")), new ScriptedClient());
        Assert.Equal(NonDeterministicExecutionException.ErrorTypeName, output.Error!.ErrorType);
    }
}
