using System.Text.Json.Nodes;
using Durable.Conformance.Driver;
using Durable.Conformance.Requirements;
using Xunit.Abstractions;

namespace Durable.Conformance.Tests;

/// <summary>
/// Every conformance requirement over the wire: the runtime's functions checkpoint through <c>LambdaDurableClient</c>
/// to the engine's HTTP front. Each must pass, and with the same seed its history must be byte for byte the history
/// of the in-process run.
/// </summary>
public class HttpRequirementTests(ITestOutputHelper output)
{
    public static TheoryData<string> RequirementIds() => RequirementTests.RequirementIds();

    [ConformanceRequirementsTheory]
    [MemberData(nameof(RequirementIds))]
    public async Task Requirement_holds_over_http_with_the_in_process_history(string id)
    {
        var requirement = RequirementLoader.LoadAll(RequirementsFolder.Require()).Single(r => r.Id == id);
        var seed = Environment.TickCount & 0x7FFFFFFF;
        var overHttp = await RequirementRunner.RunAsync(requirement, seed, ConformanceTransport.Http);
        output.WriteLine($"{id} over HTTP: {RequirementOutcome.Label(overHttp.Status)} (seed {seed})");
        if (overHttp.Status is not RequirementStatus.Passed)
        {
            Assert.Fail($"{id} {RequirementOutcome.Label(overHttp.Status)} over HTTP (seed {seed}):\n  - {string.Join("\n  - ", overHttp.Reasons)}\n\nHistory:\n{overHttp.HistoryJson}");
        }

        var inProcess = await RequirementRunner.RunAsync(requirement, seed);
        Assert.Equal(Comparable(inProcess.HistoryJson!), Comparable(overHttp.HistoryJson!));
    }

    /// <summary>
    /// The history as both runs must agree on it: every event, operation, name, payload and error in order, with what
    /// legitimately differs between two runs of the same seed taken out. Timestamps and retry delays carry the
    /// runtime's unseeded retry jitter; request and callback IDs come from the engine's seeded generator, whose
    /// sequence also feeds checkpoint tokens, so it shifts when the runtime batches checkpoints differently (the
    /// batches depend on timing, and HTTP is slower). IDs are replaced by their order of first appearance, so the
    /// places they appear in (error messages included) still have to agree.
    /// </summary>
    private static string Comparable(string historyJson)
    {
        var history = JsonNode.Parse(historyJson)!;
        var ids = new List<string>();
        Strip(history, ids);
        return Rename(history, ids)!.ToJsonString();
    }

    private static JsonNode? Rename(JsonNode? node, List<string> ids)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    obj[name] = Rename(value?.DeepClone(), ids);
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = Rename(array[i]?.DeepClone(), ids);
                }

                return array;
            case JsonValue value when value.TryGetValue<string>(out var text):
                for (var i = 0; i < ids.Count; i++)
                {
                    text = text.Replace(ids[i], $"<id{i}>", StringComparison.Ordinal);
                }

                return JsonValue.Create(text);
            default:
                return node;
        }
    }

    private static void Strip(JsonNode? node, List<string> ids)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (name.EndsWith("Timestamp", StringComparison.Ordinal) || name == "NextAttemptDelaySeconds")
                    {
                        obj.Remove(name);
                    }
                    else if (name is "RequestId" or "CallbackId" && value?.GetValue<string>() is { } id && !ids.Contains(id))
                    {
                        ids.Add(id);
                    }
                    else
                    {
                        Strip(value, ids);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Strip(item, ids);
                }

                break;
        }
    }
}
