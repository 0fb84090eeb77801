namespace Durable.Analyzers.Tests;

/// <summary>Files of this repository (rule pages, release tracking, samples), found from the test binaries upwards.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Durable.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Durable.sln not found above {AppContext.BaseDirectory}.");
    });

    public static string Root => s_root.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);
}
