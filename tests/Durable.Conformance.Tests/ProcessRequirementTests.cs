using Durable.Conformance.Driver;
using Durable.Conformance.Requirements;
using Xunit.Abstractions;

namespace Durable.Conformance.Tests;

/// <summary>
/// Requirements with the function under test as a real process behind the Lambda Runtime API: the ones that check
/// captured logs and plugin records, plus a representative of each other category. (Crash requirements always run
/// this way, in <see cref="RequirementTests"/>; the whole suite runs out of process with the report command's
/// <c>--transport process</c>.)
/// </summary>
public class ProcessRequirementTests(ITestOutputHelper output)
{
    private static readonly string[] Representative =
    [
        "1-1", "1-7", "1-15", "2-1", "3-17", "4-1", "5-1", "6-1", "7-1", "8-1", "9-1",
        "10-1", "10-3", "10-9", "10-13", "10-19", "10-23",
    ];

    public static TheoryData<string> RequirementIds()
    {
        var data = new TheoryData<string>();
        if (RequirementsFolder.Path is { } folder)
        {
            var known = RequirementLoader.LoadAll(folder).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var id in Representative.Where(known.Contains))
            {
                data.Add(id);
            }
        }

        return data;
    }

    [ConformanceRequirementsTheory]
    [MemberData(nameof(RequirementIds))]
    public async Task Requirement_holds_with_the_function_in_its_own_process(string id)
    {
        var requirement = RequirementLoader.LoadAll(RequirementsFolder.Require()).Single(r => r.Id == id);
        var seed = Environment.TickCount & 0x7FFFFFFF;
        var outcome = await RequirementRunner.RunAsync(requirement, seed, ConformanceTransport.Process);
        output.WriteLine($"{id} in a process: {RequirementOutcome.Label(outcome.Status)} (seed {seed})");
        if (outcome.Status is not RequirementStatus.Passed)
        {
            Assert.Fail($"{id} {RequirementOutcome.Label(outcome.Status)} in a process (seed {seed}):\n  - {string.Join("\n  - ", outcome.Reasons)}\n\nHistory:\n{outcome.HistoryJson}");
        }
    }
}
