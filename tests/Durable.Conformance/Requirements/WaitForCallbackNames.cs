using System.Text.Json.Nodes;

namespace Durable.Conformance.Requirements;

/// <summary>
/// The runner's <c>inherit_wait_for_callback_event_names</c> patch (async path): newer service histories omit
/// <c>Name</c> on the <c>CallbackStarted</c>, <c>StepStarted</c> and <c>StepSucceeded</c> children of a
/// <c>SubType: WaitForCallback</c> context, while the requirements were written when they carried it. Children
/// that already have a name keep it; the input array is never modified.
/// </summary>
public static class WaitForCallbackNames
{
    private static readonly HashSet<string> PatchedEventTypes = new(StringComparer.Ordinal)
    {
        "CallbackStarted",
        "StepStarted",
        "StepSucceeded",
    };

    /// <summary>Returns a copy of <paramref name="events"/> with parent names copied onto unnamed children.</summary>
    public static JsonArray Inherit(JsonArray events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var copy = (JsonArray)events.DeepClone();
        var parentNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonNode? node in copy)
        {
            if (node is JsonObject e
                && PyValue.StringOrNull(e["SubType"]) == "WaitForCallback"
                && PyValue.StringOrNull(e["Id"]) is { } id
                && PyValue.StringOrNull(e["Name"]) is { Length: > 0 } name)
            {
                parentNames.TryAdd(id, name);
            }
        }

        foreach (JsonNode? node in copy)
        {
            if (node is JsonObject e
                && PyValue.StringOrNull(e["EventType"]) is { } type
                && PatchedEventTypes.Contains(type)
                && e["Name"] is null
                && PyValue.StringOrNull(e["ParentId"]) is { } parentId
                && parentNames.TryGetValue(parentId, out string? parentName))
            {
                e["Name"] = parentName;
            }
        }

        return copy;
    }
}
