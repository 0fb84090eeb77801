using System.Runtime.CompilerServices;

namespace Durable.Testing.Roslyn;

/// <summary>
/// Where generator snapshots live: <c>Snapshots/&lt;TestName&gt;/</c> next to the test's source file, so the files
/// are in the repository (not the build output) and reviewed like code. One directory per test.
/// </summary>
public static class SnapshotDirectory
{
    /// <summary>Environment variable that turns snapshot checks into snapshot (re)writes: <c>DURABLE_ACCEPT_SNAPSHOTS=1</c>.</summary>
    public const string AcceptVariable = "DURABLE_ACCEPT_SNAPSHOTS";

    /// <summary>True when <see cref="AcceptVariable"/> is <c>1</c>, <c>true</c> or <c>yes</c>.</summary>
    public static bool AcceptFromEnvironment =>
        Environment.GetEnvironmentVariable(AcceptVariable)?.Trim().ToUpperInvariant() is "1" or "TRUE" or "YES";

    /// <summary>
    /// <c>&lt;directory of the calling source file&gt;/Snapshots/&lt;testName&gt;</c>; by default the calling test method's name.
    /// The test project must keep these files out of compilation (<c>&lt;Compile Remove="Snapshots\**" /&gt;</c>).
    /// </summary>
    /// <exception cref="RoslynTestException">The calling file's directory does not exist (the build mapped source paths).</exception>
    public static string For([CallerMemberName] string testName = "", [CallerFilePath] string callerFilePath = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(testName);
        var directory = Path.GetDirectoryName(callerFilePath);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            throw new RoslynTestException(
                $"Cannot place snapshots next to '{callerFilePath}': that directory does not exist here. " +
                "The build probably maps source paths (PathMap, DeterministicSourcePaths or ContinuousIntegrationBuild); " +
                "pass an absolute snapshot directory instead.");
        }

        return Path.Combine(directory, "Snapshots", testName);
    }
}
