using Durable.Conformance.Requirements;

namespace Durable.Conformance.Tests;

/// <summary>Every shared requirement file loads, and the values the runner derives from it are usable.</summary>
public class RequirementCorpusTests
{
    private static readonly Lazy<IReadOnlyList<Requirement>> All = new(() => RequirementLoader.LoadAll(RequirementsFolder.Require()));

    [ConformanceRequirementsFact]
    public void Every_requirement_file_parses()
    {
        string folder = RequirementsFolder.Require();
        int files = Directory.EnumerateFiles(folder, "*.yaml", SearchOption.AllDirectories).Count();

        IReadOnlyList<Requirement> requirements = All.Value;

        Assert.True(files > 0, $"no *.yaml files under {folder}");
        Assert.Equal(files, requirements.Count);
        Assert.All(requirements, requirement =>
        {
            Assert.False(string.IsNullOrWhiteSpace(requirement.Description), $"{requirement.Id} has no description");
            Assert.NotEmpty(requirement.ExpectedHistory);
            Assert.Equal(Path.GetFileName(Path.GetDirectoryName(requirement.FilePath)), requirement.Suite);
        });
    }

    [ConformanceRequirementsFact]
    public void Requirements_are_in_natural_id_order()
    {
        List<string> ids = All.Value.Select(requirement => requirement.Id).ToList();

        Assert.Equal(ids.Order(NaturalIdComparer.Instance), ids);
        if (ids.Contains("1-2") && ids.Contains("1-10"))
        {
            Assert.True(ids.IndexOf("1-2") < ids.IndexOf("1-10"));
        }
    }
}
