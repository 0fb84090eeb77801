using System.Diagnostics;

namespace Durable.Local.Server.Tests.Interop;

/// <summary>Runs the real AWS clients as child processes with dummy credentials and no user configuration.</summary>
public static class ExternalTool
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);

    public static async Task<ToolResult> RunAsync(string tool, IEnumerable<string> arguments, Uri endpoint, string? workingDirectory = null)
    {
        var path = Find(tool) ?? throw new InvalidOperationException($"'{tool}' is not on the PATH.");
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Dummy credentials and region, and nothing from the user's ~/.aws: the local front does not verify signatures.
        var scratch = Path.Combine(Path.GetTempPath(), "durable-interop-none");
        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_CONFIG_FILE"] = scratch;
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = scratch;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_ENDPOINT_URL_LAMBDA"] = endpoint.ToString();
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        start.Environment.Remove("AWS_PROFILE");
        start.Environment.Remove("AWS_SESSION_TOKEN");

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', start.ArgumentList)} did not finish within 60 s.");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>What a tool printed and how it exited.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {StandardOutput}\nstderr: {StandardError}";
}
