using Durable.Hosting;
using Durable.Local.Persistence;
using Durable.Protocol;

namespace Durable.Local.Sqlite.Tests;

public sealed class SqliteDurableStoreTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("durable-sqlite-");

    private string Database => Path.Combine(_directory.FullName, "store.db");

    [Fact]
    public void Batches_round_trip_and_deletes_remove_everything_of_an_execution()
    {
        using (var store = new SqliteDurableStore(Database))
        {
            var batch = new DurableStoreBatch();
            batch.Executions.Add(new ExecutionRow("arn-b", "fn", 2, "{\"b\":1}"));
            batch.Executions.Add(new ExecutionRow("arn-a", "fn", 1, "{\"a\":1}"));
            batch.Operations.Add(new OperationRow("arn-a", "op-2", 1, "{\"o\":2}"));
            batch.Operations.Add(new OperationRow("arn-a", "op-1", 0, "{\"o\":1}"));
            batch.Events.Add(new EventRow("arn-a", 1, "{\"e\":1}"));
            batch.Events.Add(new EventRow("arn-a", 2, "{\"e\":2}"));
            store.Commit(batch);

            var update = new DurableStoreBatch();
            update.Operations.Add(new OperationRow("arn-a", "op-1", 0, "{\"o\":\"changed\"}"));
            update.DeletedExecutions.Add("arn-b");
            store.Commit(update);
        }

        using var reopened = new SqliteDurableStore(Database);
        var loaded = Assert.Single(reopened.Load());
        Assert.Equal("arn-a", loaded.Execution.Arn);
        Assert.Equal(["op-1", "op-2"], loaded.Operations.Select(o => o.Id));
        Assert.Equal("{\"o\":\"changed\"}", loaded.Operations[0].Document);
        Assert.Equal([1, 2], loaded.Events.Select(e => e.EventId));
    }

    [Fact]
    public void A_second_engine_cannot_open_a_store_in_use()
    {
        using var first = new SqliteDurableStore(Database);
        first.Commit(Batch("arn-1"));
        var error = Assert.Throws<InvalidOperationException>(() => { using var second = new SqliteDurableStore(Database); second.Load(); });
        Assert.Contains("in use", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_engine_on_sqlite_recovers_a_waiting_execution_in_a_new_process_like_run()
    {
        var start = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var handler = DurableFunction.Create<string, string>(async (input, ctx) =>
        {
            var upper = await ctx.StepAsync(_ => input.ToUpperInvariant(), "upper");
            await ctx.WaitAsync(TimeSpan.FromDays(1), "overnight");
            return upper + "!";
        });

        string arn;
        using (var store = new SqliteDurableStore(Database, SqliteDurability.Full))
        using (var engine = new LocalDurableEngine(new LocalEngineOptions { Store = store, VirtualStartTime = start }))
        {
            engine.RegisterDurableFunction("fn", handler);
            engine.Recover();
            arn = engine.StartExecution("fn", "\"abc\"", "nightly");
            await engine.RunUntilAsync(() => engine.GetOperations(arn).Any(o => o.Type == OperationType.Wait));
        }

        using (var store = new SqliteDurableStore(Database))
        using (var engine = new LocalDurableEngine(new LocalEngineOptions { Store = store, VirtualStartTime = start.AddHours(1) }))
        {
            engine.RegisterDurableFunction("fn", handler);
            Assert.Equal(1, engine.Recover());
            var done = await engine.WaitForExecutionAsync(arn);
            Assert.Equal("\"ABC!\"", done.Result);
            var events = engine.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn }).Events;
            Assert.Equal(EventType.ExecutionSucceeded, events[^1].EventType);
        }
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static DurableStoreBatch Batch(string arn)
    {
        var batch = new DurableStoreBatch();
        batch.Executions.Add(new ExecutionRow(arn, "fn", 0, "{}"));
        return batch;
    }
}
