using System.Text.Json.Nodes;
using Durable.Hosting;
using Durable.Local;
using Durable.Local.Functions;
using Durable.Local.Server.DurableApi;
using Durable.Local.Server.Processes;
using Durable.Processes.Tests.Support;
using Durable.Protocol;
using Microsoft.Extensions.DependencyInjection;
using OrderProcessing;

namespace Durable.Processes.Tests;

/// <summary>
/// The order sample's published, trimmed, self-contained executable under the local engine, through the Lambda
/// Runtime API, against the same workflow run in process: the two executions must record the same history.
/// </summary>
public sealed class PublishedSampleTests(PublishedSample sample) : IClassFixture<PublishedSample>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private const string Order = """{"orderId":"o-7","customerId":"c-1","lines":[{"sku":"SKU-KETTLE","quantity":1,"unitPrice":39.9},{"sku":"SKU-MUG","quantity":4,"unitPrice":6.5}],"shippingAddress":"1 Quay"}""";

    [Fact]
    public void The_trimmed_publish_has_no_trim_or_aot_warning() =>
        Assert.DoesNotMatch(@"\b(IL2|IL3)\d{3}\b", sample.PublishOutput);

    [Fact]
    public async Task The_published_executable_records_the_same_history_as_the_in_process_run()
    {
        var inProcess = await RunAsync(engine =>
        {
            _ = typeof(OrderWorkflow); // loads the sample assembly, whose module initializer registers the workflow
            Assert.True(DurableWorkflowRegistry.TryFind("order-processing", out var workflow));
            var services = new ServiceCollection().AddSingleton(new OrderServices()).BuildServiceProvider();
            engine.RegisterDurableFunction("order-processing", workflow!.CreateHandler(new DurableFunctionOptions { Services = services }));
            return Task.FromResult<IAsyncDisposable>(services);
        });

        var outOfProcess = await RunAsync(async engine =>
        {
            var front = await DurableApiServer.StartAsync(engine);
            var invoker = new ProcessFunctionInvoker(new ProcessFunctionOptions { ExecutablePath = sample.Executable, Handler = "order-processing" }, front.BaseAddress);
            engine.RegisterFunction("order-processing", invoker);
            return new Owned(invoker, front);
        });

        Assert.Equal("ExecutionSucceeded", (string?)inProcess[^1]!["EventType"]);
        Assert.Equal(Render(inProcess), Render(outOfProcess));
    }

    /// <summary>Runs one order on a fresh engine (same virtual start, same seed), answering the approval after 3 h.</summary>
    private static async Task<JsonArray> RunAsync(Func<LocalDurableEngine, Task<IAsyncDisposable>> register)
    {
        using var engine = new LocalDurableEngine(new LocalEngineOptions { VirtualStartTime = Start, RandomSeed = 7 });
        await using var owned = await register(engine);
        engine.InvocationCompleted += (_, invocation) =>
        {
            foreach (var started in invocation.Events.Where(e => e.EventType == EventType.CallbackStarted))
            {
                var callbackId = started.CallbackStartedDetails!.CallbackId;
                engine.ScheduleAt(engine.UtcNow + TimeSpan.FromHours(3), () => engine.SendCallbackSuccess(callbackId, """{"approved":true,"approver":"dana@example.com","comment":"ok"}"""));
            }
        };
        var arn = engine.StartExecution("order-processing", Order, "order-o-7");
        var execution = await engine.WaitForExecutionAsync(arn).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(execution.Status == ExecutionStatus.Succeeded, $"{execution.Status}: {execution.Error?.ErrorMessage}");
        var history = engine.GetDurableExecutionHistory(new GetDurableExecutionHistoryRequest { DurableExecutionArn = arn, IncludeExecutionData = true });
        return (JsonArray)JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(history, ProtocolJson.ApiTypeInfo<GetDurableExecutionHistoryResponse>()))!["Events"]!;
    }

    /// <summary>
    /// The history without what differs between any two runs: the payment retry's jittered delay (and so the
    /// timestamps after it) and the invocations' request IDs.
    /// </summary>
    private static string Render(JsonArray events)
    {
        foreach (var node in events)
        {
            Strip(node);
        }

        return events.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static void Strip(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            foreach (var key in new[] { "EventTimestamp", "StartTimestamp", "EndTimestamp", "ScheduledEndTimestamp", "NextAttemptDelaySeconds", "RequestId" })
            {
                obj.Remove(key);
            }

            foreach (var (_, child) in obj.ToList())
            {
                Strip(child);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                Strip(child);
            }
        }
    }

    private sealed class Owned(ProcessFunctionInvoker invoker, DurableApiServer front) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await invoker.DisposeAsync();
            await front.DisposeAsync();
        }
    }
}
