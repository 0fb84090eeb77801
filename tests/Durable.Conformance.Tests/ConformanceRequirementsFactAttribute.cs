using Durable.Conformance.Requirements;

namespace Durable.Conformance.Tests;

/// <summary>
/// A fact over AWS's requirement files in <c>../shared/conformance/requirements</c>: skipped with a reason when
/// the folder is absent locally, but run (and failing) when <c>CI=true</c>, where the folder must exist.
/// </summary>
public sealed class ConformanceRequirementsFactAttribute : FactAttribute
{
    public ConformanceRequirementsFactAttribute()
    {
        if (RequirementsFolder.Path is null && !RequirementsFolder.IsCi)
        {
            Skip = "The conformance requirements folder ../shared/conformance/requirements (next to the repository root) "
                + "is absent; the requirement-corpus tests need it. Set CI=true to make its absence a failure.";
        }
    }
}

/// <summary>Where the shared requirement files are, found from the test assembly's directory.</summary>
public static class RequirementsFolder
{
    public static string? Path { get; } = RequirementLoader.FindRequirementsDirectory(AppContext.BaseDirectory);

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder, or a failure explaining that CI must provide it.</summary>
    public static string Require() =>
        Path ?? throw new InvalidOperationException(
            "CI=true but ../shared/conformance/requirements was not found next to the repository root "
            + $"(searched upwards from {AppContext.BaseDirectory} for {RequirementLoader.SolutionFileName}).");
}
