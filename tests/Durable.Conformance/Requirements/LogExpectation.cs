using System.Text.Json.Nodes;

namespace Durable.Conformance.Requirements;

/// <summary>
/// One <c>ExpectedLogs</c> item: records whose fields match <see cref="Match"/> must occur <see cref="Count"/>
/// times (or within <see cref="MinCount"/>..<see cref="MaxCount"/>; at least once when none is given), and lie
/// after/before records matching each anchor in <see cref="After"/>/<see cref="Before"/>.
/// </summary>
/// <param name="Match">Field name to expected value, unsubstituted.</param>
/// <param name="Count">Exact count, or null.</param>
/// <param name="MinCount">Minimum count, or null.</param>
/// <param name="MaxCount">Maximum count, or null.</param>
/// <param name="Before">Anchors (match maps) every matching record must precede.</param>
/// <param name="After">Anchors (match maps) every matching record must follow.</param>
public sealed record LogExpectation(
    JsonObject Match,
    int? Count,
    int? MinCount,
    int? MaxCount,
    IReadOnlyList<JsonObject> Before,
    IReadOnlyList<JsonObject> After);
