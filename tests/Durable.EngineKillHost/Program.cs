using System.Globalization;
using System.Text.Json;
using Durable;
using Durable.Hosting;
using Durable.Local;
using Durable.Local.Sqlite;
using Durable.Protocol;

// Usage: Durable.EngineKillHost <database> <journal> <steps>
// Runs (or resumes) the execution "kill-test" of a workflow of <steps> steps. Every step appends "exec <i> <value>" to
// the journal before it returns, and the workflow appends "ack <i> <value>" once the step's checkpoint is
// acknowledged; it also prints "exec <i>" for the test to time its kill. On completion it prints the result and the
// StepSucceeded events as one line of JSON and exits 0.
var database = args[0];
var journal = args[1];
var steps = int.Parse(args[2], CultureInfo.InvariantCulture);

using var store = new SqliteDurableStore(database);
using var engine = new LocalDurableEngine(new LocalEngineOptions { Store = store, Clock = EngineClock.Real, InvocationRetryDelay = TimeSpan.FromMilliseconds(50) });
engine.RegisterDurableFunction("counter", DurableFunction.Create<long, long>(async (seed, ctx) =>
{
    var value = seed;
    for (var i = 0; i < steps; i++)
    {
        var index = i;
        var previous = value;
        value = await ctx.StepAsync(async _ =>
        {
            await Task.Delay(Random.Shared.Next(5, 20));
            var next = unchecked((previous * 6364136223846793005L) + 1442695040888963407L + index);
            Append(journal, $"exec {index} {next}");
            Console.WriteLine($"exec {index}"); // the test's cue for when to kill
            return next;
        }, $"step-{index}");
        Append(journal, $"ack {index} {value}");
    }

    return value;
}));

var recovered = engine.Recover();
var arn = recovered == 0
    ? engine.StartExecution("counter", "42", "kill-test")
    : engine.ListExecutionArns().Single();
var done = await engine.WaitForExecutionAsync(arn);
var history = engine.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn, IncludeExecutionData = true });
var succeeded = history.Events
    .Where(e => e.EventType == EventType.StepSucceeded)
    .Select(e => $"{e.Name}={e.StepSucceededDetails!.Result.Payload}")
    .ToArray();
Console.WriteLine(JsonSerializer.Serialize(
    new KillHostReport(WireNames.Of(done.Status), done.Result, succeeded, history.Events.Count(e => e.EventType == EventType.InvocationCompleted)),
    KillHostJson.Default.KillHostReport));
return 0;

static void Append(string path, string line)
{
    // Flushed before the step returns, so the journal never misses an execution the engine might have acknowledged.
    using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
    using var writer = new StreamWriter(stream);
    writer.WriteLine(line);
}

/// <summary>What the host prints when the execution completes.</summary>
internal sealed record KillHostReport(string Status, string? Result, string[] Succeeded, int Invocations);

/// <summary>JSON metadata for the report.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(KillHostReport))]
internal sealed partial class KillHostJson : System.Text.Json.Serialization.JsonSerializerContext;
