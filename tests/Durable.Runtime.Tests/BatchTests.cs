using Durable.Execution;
using Durable.Protocol;
using Durable.Runtime.Tests.Support;

namespace Durable.Runtime.Tests;

/// <summary>Parallel and map (protocol §9.9): validation, policy, concurrency, nesting and replay from the summary.</summary>
public class BatchTests
{
    public static TheoryData<ParallelConfig, string> InvalidConfigs => new()
    {
        { new ParallelConfig { MaxConcurrency = 0 }, "MaxConcurrency must be at least 1" },
        { new ParallelConfig { CompletionConfig = new CompletionConfig { MinSuccessful = 0 } }, "MinSuccessful must be at least 1" },
        { new ParallelConfig { CompletionConfig = new CompletionConfig { ToleratedFailureCount = -1 } }, "ToleratedFailureCount must not be negative" },
        { new ParallelConfig { CompletionConfig = new CompletionConfig { ToleratedFailurePercentage = 150 } }, "between 0 and 100" },
        { new ParallelConfig { CompletionConfig = new CompletionConfig { ToleratedFailurePercentage = double.NaN } }, "between 0 and 100" },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public async Task Invalid_configurations_fail_before_anything_is_recorded(ParallelConfig config, string message)
    {
        var client = new ScriptedClient();
        var output = await Workflows.Of(async ctx => (await ctx.ParallelAsync<int>([_ => Task.FromResult(1)], config: config)).SuccessCount)
            .InvokeAsync(Envelopes.Create("null"), client);
        Assert.Equal("System.ArgumentOutOfRangeException", output.Error!.ErrorType);
        Assert.Contains(message, output.Error.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(client.Checkpoints);
    }

    [Fact]
    public async Task Branches_get_index_derived_ids_under_the_parallel_and_the_parent_stores_a_summary()
    {
        var client = new ScriptedClient();
        await Workflows.Of(async ctx => (await ctx.ParallelAsync([new DurableBranch<string>("first", _ => Task.FromResult("a")), new DurableBranch<string>(null, _ => Task.FromResult("b"))], "fan-out")).GetResults())
            .InvokeAsync(Envelopes.Create("null"), client);
        var parentId = Envelopes.Root(1);
        var branchStarts = client.AllUpdates.Where(u => u.SubType == OperationSubTypes.ParallelBranch && u.Action == OperationAction.Start).ToList();
        Assert.Equal([OperationIds.Create(parentId, 1), OperationIds.Create(parentId, 2)], branchStarts.Select(u => u.Id));
        Assert.All(branchStarts, u => Assert.Equal(parentId, u.ParentId));
        Assert.Equal(["first", null], branchStarts.Select(u => u.Name));
        var parent = client.AllUpdates.Last();
        Assert.Equal((OperationSubTypes.Parallel, OperationAction.Succeed, "fan-out"), (parent.SubType, parent.Action, parent.Name));
        var summary = BatchSummary.Parse(parent.Payload);
        Assert.Equal(CompletionReason.AllCompleted, summary.Reason);
        Assert.Equal(["\"a\"", "\"b\""], summary.Units.Select(u => u.Result));
    }

    [Fact]
    public async Task A_completed_batch_replays_from_its_summary_without_running_any_branch()
    {
        var runs = 0;
        var summary = new BatchSummary(CompletionReason.FailureToleranceExceeded, [
            new BatchSummary.Unit(0, "a", BatchItemStatus.Succeeded, "\"x\"", null),
            new BatchSummary.Unit(1, null, BatchItemStatus.Failed, null, new ErrorObject { ErrorType = "E", ErrorMessage = "boom" }),
        ]).Serialize(stripped: false);
        IBatchResult<string>? result = null;
        var client = new ScriptedClient();
        await Workflows.Of(async ctx =>
        {
            result = await ctx.ParallelAsync<string>([_ => { runs++; return Task.FromResult("fresh"); }, _ => { runs++; return Task.FromResult("fresh"); }, _ => { runs++; return Task.FromResult("fresh"); }]);
            return 0;
        }).InvokeAsync(Envelopes.Create("null", Envelopes.Context(1, OperationStatus.Succeeded, subType: OperationSubTypes.Parallel, result: summary)), client);
        Assert.Equal(0, runs);
        Assert.Empty(client.Checkpoints);
        Assert.Equal((CompletionReason.FailureToleranceExceeded, 2, 1, 1), (result!.CompletionReason, result.TotalCount, result.SuccessCount, result.FailureCount));
        Assert.Equal(["x"], result.GetResults());
        Assert.Equal(("E", "boom", OperationSubTypes.ParallelBranch), (result.Failed[0].Error!.ErrorType, result.Failed[0].Error!.Message, ((ChildContextException)result.Failed[0].Error!).SubType));
        Assert.Throws<ChildContextException>(result.ThrowIfError);
    }

    [Theory]
    [InlineData(null, null, null, "FSS", 1, CompletionReason.FailureToleranceExceeded)]
    [InlineData(1, null, null, "FSFS", 3, CompletionReason.FailureToleranceExceeded)]
    [InlineData(null, 50.0, null, "FFFS", 3, CompletionReason.FailureToleranceExceeded)]
    [InlineData(null, 50.0, null, "FFSS", 4, CompletionReason.AllCompleted)]
    [InlineData(null, 50.0, null, "FSSS", 4, CompletionReason.AllCompleted)]
    [InlineData(null, null, 2, "SFSS", 3, CompletionReason.MinSuccessfulReached)]
    [InlineData(5, null, 4, "SSFSS", 5, CompletionReason.AllCompleted)]
    [InlineData(0, null, 1, "FS", 1, CompletionReason.FailureToleranceExceeded)]
    public async Task The_completion_policy_decides_when_a_sequential_batch_stops_and_why(int? toleratedCount, double? toleratedPercentage, int? minSuccessful, string outcomes, int started, CompletionReason reason)
    {
        var config = new MapConfig<char>
        {
            MaxConcurrency = 1,
            CompletionConfig = toleratedCount is null && toleratedPercentage is null && minSuccessful is null
                ? null
                : new CompletionConfig { ToleratedFailureCount = toleratedCount, ToleratedFailurePercentage = toleratedPercentage, MinSuccessful = minSuccessful },
        };
        IBatchResult<char>? result = null;
        await Workflows.Of(async ctx =>
        {
            result = await ctx.MapAsync(outcomes.ToCharArray(), (_, c, _) => c == 'F' ? Task.FromException<char>(new InvalidOperationException()) : Task.FromResult(c), config: config);
            return 0;
        }).InvokeAsync(Envelopes.Create("null"), new ScriptedClient());
        Assert.Equal((started, reason), (result!.TotalCount, result.CompletionReason));
    }

    [Fact]
    public async Task No_more_branches_run_at_once_than_the_concurrency_limit()
    {
        var running = 0;
        var peak = 0;
        var gate = new object();
        async Task<int> Branch(IDurableContext context)
        {
            return await context.StepAsync(async _ =>
            {
                lock (gate)
                {
                    peak = Math.Max(peak, ++running);
                }

                await Task.Delay(20);
                lock (gate)
                {
                    running--;
                }

                return 1;
            });
        }

        var output = await Workflows.Of(async ctx => (await ctx.ParallelAsync(Enumerable.Range(0, 8).Select(_ => (Func<IDurableContext, Task<int>>)Branch).ToList(), config: new ParallelConfig { MaxConcurrency = 3 })).GetResults().Sum())
            .InvokeAsync(Envelopes.Create("null"), new ScriptedClient());
        Assert.Equal("8", output.Result);
        Assert.Equal(3, peak);
    }

    [Fact]
    public async Task Flat_items_record_no_context_of_their_own_and_their_operations_point_at_the_map()
    {
        var client = new ScriptedClient();
        await Workflows.Of(async ctx => (await ctx.MapAsync<string, string>(["a", "b"], async (item, value, _) => await item.StepAsync(_ => value), config: new MapConfig<string> { NestingType = NestingType.Flat })).GetResults())
            .InvokeAsync(Envelopes.Create("null"), client);
        var mapId = Envelopes.Root(1);
        Assert.DoesNotContain(client.AllUpdates, u => u.SubType == OperationSubTypes.MapIteration);
        var steps = client.AllUpdates.Where(u => u.Type == OperationType.Step && u.Action == OperationAction.Succeed).ToList();
        Assert.All(steps, s => Assert.Equal(mapId, s.ParentId));
        Assert.Equal([OperationIds.Create(OperationIds.Create(mapId, 1), 1), OperationIds.Create(OperationIds.Create(mapId, 2), 1)], steps.Select(s => s.Id));
    }

    [Fact]
    public async Task Item_results_use_the_item_serializer_and_the_whole_result_the_result_serializer()
    {
        var client = new ScriptedClient();
        var output = await Workflows.Of(async ctx => (await ctx.MapAsync<int, int>([1, 2], (_, v, _) => Task.FromResult(v * 10), config: new MapConfig<int, int>
        {
            ItemSerializer = DurableSerializer.Create<int>(v => $"n{v}", p => int.Parse(p![1..], System.Globalization.CultureInfo.InvariantCulture)),
            ResultSerializer = DurableSerializer.Create<IBatchResult<int>>(
                r => string.Join("+", r.GetResults()),
                p => new BatchResult<int>(p!.Split('+').Select((v, i) => new BatchItem<int>(i, null, BatchItemStatus.Succeeded, int.Parse(v, System.Globalization.CultureInfo.InvariantCulture), null)), CompletionReason.AllCompleted)),
        })).GetResults())
            .InvokeAsync(Envelopes.Create("null"), client);
        Assert.Equal("[10,20]", output.Result);
        Assert.Equal(["n10", "n20"], client.AllUpdates.Where(u => u.SubType == OperationSubTypes.MapIteration && u.Action == OperationAction.Succeed).Select(u => u.Payload));
        Assert.Equal("10+20", client.AllUpdates.Last().Payload);
    }

    [Fact]
    public async Task An_empty_batch_completes_at_once()
    {
        var client = new ScriptedClient();
        var output = await Workflows.Of(async ctx => (await ctx.MapAsync<int, int>([], (_, v, _) => Task.FromResult(v))).CompletionReason)
            .InvokeAsync(Envelopes.Create("null"), client);
        Assert.Equal("0", output.Result);
        Assert.Equal([OperationAction.Start, OperationAction.Succeed], client.AllUpdates.Select(u => u.Action));
    }
}
