using System.Text;

namespace Durable.Conformance.Driver;

/// <summary>The report table: one row per requirement, failure reasons under their row, totals at the end.</summary>
internal static class ConformanceReport
{
    public static string Format(IReadOnlyList<RequirementOutcome> outcomes, int seed)
    {
        var text = new StringBuilder();
        var titleWidth = Math.Min(70, outcomes.Count == 0 ? 10 : outcomes.Max(o => o.Requirement.Description.Length));
        text.AppendLine($"{"ID",-6}  {"Title".PadRight(titleWidth)}  Status");
        text.AppendLine($"{new string('-', 6)}  {new string('-', titleWidth)}  {new string('-', 15)}");
        foreach (var outcome in outcomes)
        {
            var title = outcome.Requirement.Description.Length > titleWidth
                ? outcome.Requirement.Description[..(titleWidth - 3)] + "..."
                : outcome.Requirement.Description;
            text.AppendLine($"{outcome.Requirement.Id,-6}  {title.PadRight(titleWidth)}  {RequirementOutcome.Label(outcome.Status)}");
            if (outcome.Status != RequirementStatus.Passed)
            {
                foreach (var reason in outcome.Reasons)
                {
                    text.AppendLine($"        - {reason}");
                }
            }
        }

        text.AppendLine();
        var counts = outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {RequirementOutcome.Label(g.Key)}");
        text.AppendLine($"{outcomes.Count(o => o.Status == RequirementStatus.Passed)}/{outcomes.Count} PASSED ({string.Join(", ", counts)}); seed {seed}");
        return text.ToString();
    }
}
