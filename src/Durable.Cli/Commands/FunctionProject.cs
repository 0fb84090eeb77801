using System.Diagnostics;

namespace Durable.Cli.Commands;

/// <summary>
/// Finds the program a function runs: a built <c>.dll</c> or executable as given, or the output of a project
/// (a <c>.csproj</c>, or a folder with exactly one), built first unless asked not to.
/// </summary>
internal static class FunctionProject
{
    public static async Task<string> ResolveAsync(string path, bool build, string configuration, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full) && !full.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
        {
            return full;
        }

        var project = full;
        if (Directory.Exists(full))
        {
            var projects = Directory.GetFiles(full, "*.csproj");
            project = projects.Length == 1
                ? projects[0]
                : throw new ArgumentException(projects.Length == 0
                    ? $"'{path}' has no .csproj; pass the project file or the built program."
                    : $"'{path}' has several projects; pass one of them.");
        }
        else if (!File.Exists(full))
        {
            throw new ArgumentException($"'{path}' does not exist.");
        }

        // -getProperty prints the property after the build (or, with msbuild alone, without building).
        var arguments = build
            ? new[] { "build", project, "-c", configuration, "-nologo", "-getProperty:TargetPath" }
            : new[] { "msbuild", project, $"-p:Configuration={configuration}", "-nologo", "-getProperty:TargetPath" };
        var (exitCode, output) = await RunDotnetAsync(arguments, cancellationToken);
        var targetPath = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (exitCode != 0 || targetPath is null || !File.Exists(targetPath))
        {
            throw new ArgumentException(exitCode != 0
                ? $"Building '{project}' failed:\n{output}"
                : $"'{project}' has no built output at '{targetPath}'; build it first or leave out --no-build.");
        }

        return targetPath;
    }

    private static async Task<(int ExitCode, string Output)> RunDotnetAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, (await output) + (await error));
    }
}
