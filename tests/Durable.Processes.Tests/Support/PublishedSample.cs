using System.Diagnostics;

namespace Durable.Processes.Tests.Support;

/// <summary>
/// The order-processing sample published trimmed and self-contained for linux-x64, once per test run, from a
/// throw-away project that compiles the sample's sources against the assemblies this build produced (so nothing in
/// the repository's obj folders changes while other tests run).
/// </summary>
public sealed class PublishedSample : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("durable-published-sample-").FullName;

    /// <summary>The native executable.</summary>
    public string Executable => Path.Combine(_folder, "out", "OrderProcessing");

    /// <summary>What <c>dotnet publish</c> printed (for the trim-warning check).</summary>
    public string PublishOutput { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var repository = RepositoryRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        string Built(string project) => Path.Combine(repository, "src", project, "bin", configuration, "net10.0", project + ".dll");
        await File.WriteAllTextAsync(Path.Combine(_folder, "OrderProcessing.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <IsAotCompatible>true</IsAotCompatible>
                <RootNamespace>OrderProcessing</RootNamespace>
              </PropertyGroup>
              <ItemGroup>
                <Compile Include="{repository}/samples/OrderProcessing/*.cs" />
                <Reference Include="{Built("Durable.Runtime")}" />
                <Reference Include="{Built("Durable.Local")}" />
                <Analyzer Include="{Path.Combine(repository, "src", "Durable.Generators", "bin", configuration, "netstandard2.0", "Durable.Generators.dll")}" />
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.0" />
                <PackageReference Include="Microsoft.Extensions.Logging.Abstractions" Version="10.0.0" />
              </ItemGroup>
            </Project>
            """);
        var (exitCode, output) = await RunAsync("dotnet", _folder, "publish", "-c", "Release", "-r", "linux-x64", "--self-contained", "-p:PublishTrimmed=true", "-o", "out", "--disable-build-servers", "-nodeReuse:false");
        PublishOutput = output;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"Publishing the sample failed ({exitCode}):\n{output}");
        }
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the run for.
        }

        return Task.CompletedTask;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Durable.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with Durable.sln) was not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string directory, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
