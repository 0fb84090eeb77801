using Durable.Conformance.Driver;
using Durable.Conformance.Requirements;
using Xunit.Abstractions;

namespace Durable.Conformance.Tests;

/// <summary>
/// Every conformance requirement as one test case, run against the local engine. Only PASSED passes: failures,
/// optional failures, NOT_IMPLEMENTED and requirements without a handler fail the case with the matcher's reasons.
/// </summary>
public class RequirementTests(ITestOutputHelper output)
{
    public static TheoryData<string> RequirementIds()
    {
        var data = new TheoryData<string>();
        if (RequirementsFolder.Path is { } folder)
        {
            foreach (var requirement in RequirementLoader.LoadAll(folder))
            {
                data.Add(requirement.Id);
            }
        }

        return data;
    }

    [ConformanceRequirementsTheory]
    [MemberData(nameof(RequirementIds))]
    public async Task Requirement_holds_on_the_local_engine(string id)
    {
        var requirement = RequirementLoader.LoadAll(RequirementsFolder.Require()).Single(r => r.Id == id);
        var seed = Environment.TickCount & 0x7FFFFFFF;
        var outcome = await RequirementRunner.RunAsync(requirement, seed);
        output.WriteLine($"{id}: {RequirementOutcome.Label(outcome.Status)} (seed {seed})");
        foreach (var reason in outcome.Reasons)
        {
            output.WriteLine("  - " + reason);
        }

        if (outcome.Status is RequirementStatus.Passed)
        {
            return;
        }

        Assert.Fail($"{id} {RequirementOutcome.Label(outcome.Status)} (seed {seed}):\n  - {string.Join("\n  - ", outcome.Reasons)}\n\nHistory:\n{outcome.HistoryJson}");
    }
}

/// <summary>A theory over the shared requirement files: skipped locally without them, failing under CI=true.</summary>
public sealed class ConformanceRequirementsTheoryAttribute : TheoryAttribute
{
    public ConformanceRequirementsTheoryAttribute()
    {
        if (RequirementsFolder.Path is null && !RequirementsFolder.IsCi)
        {
            Skip = "The conformance requirements folder ../shared/conformance/requirements (next to the repository root) "
                + "is absent. Set CI=true to make its absence a failure.";
        }
    }
}
