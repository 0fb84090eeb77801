using System.IO.Compression;
using System.Xml.Linq;

namespace Durable.Generators.Tests.Packaging;

/// <summary>
/// The Durable.Runtime package as users get it: its files (the runtime for both frameworks, the three compiler
/// components as analyzers), and the order-processing sample built against the packed packages, published trimmed and
/// self-contained with no trim or AOT warning, then run to completion on the local engine.
/// </summary>
public sealed class PackageTests : IClassFixture<PackageTests.PackedFeed>
{
    private readonly PackedFeed _feed;

    public PackageTests(PackedFeed feed) => _feed = feed;

    [Fact]
    public void The_runtime_package_carries_the_compiler_components_as_analyzers()
    {
        using var package = ZipFile.OpenRead(_feed.RuntimePackage);

        var files = package.Entries
            .Select(e => e.FullName)
            .Where(name => !name.StartsWith("package/", StringComparison.Ordinal) && !name.StartsWith("_rels/", StringComparison.Ordinal) && name != "[Content_Types].xml")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(
            [
                "Durable.Runtime.nuspec",
                "analyzers/dotnet/cs/Durable.Analyzers.dll",
                "analyzers/dotnet/cs/Durable.CodeFixes.dll",
                "analyzers/dotnet/cs/Durable.Generators.dll",
                "build/Durable.Runtime.props",
                "buildTransitive/Durable.Runtime.props",
                "lib/net10.0/Durable.Runtime.dll",
                "lib/net10.0/Durable.Runtime.xml",
                "lib/net8.0/Durable.Runtime.dll",
                "lib/net8.0/Durable.Runtime.xml",
            ],
            files);
    }

    [Fact]
    public void The_compiler_components_are_not_package_dependencies()
    {
        using var package = ZipFile.OpenRead(_feed.RuntimePackage);
        using var nuspec = package.GetEntry("Durable.Runtime.nuspec")!.Open();

        var dependencies = XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).ToList();

        Assert.NotEmpty(dependencies);
        Assert.DoesNotContain(dependencies, id => id.StartsWith("Durable.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_sample_built_from_the_packages_publishes_trimmed_without_warnings_and_runs()
    {
        var project = Path.Combine(_feed.Directory, "consumer");
        Directory.CreateDirectory(project);
        var samples = Path.Combine(DotNetCli.RepositoryRoot, "samples");
        await File.WriteAllTextAsync(Path.Combine(project, "OrderProcessing.csproj"), ConsumerProject(
            """
            <OutputType>Exe</OutputType>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <IsAotCompatible>true</IsAotCompatible>
            """,
            $"""
            <Compile Include="{samples}/OrderProcessing/*.cs" />
            <PackageReference Include="Durable.Local" Version="{_feed.Version}" />
            <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.0" />
            """));
        await WriteNuGetConfigAsync(project);

        var publish = await DotNetCli.DotNetAsync(project, "publish", "-c", "Release", "-r", "linux-x64", "--self-contained", "-p:PublishTrimmed=true", "-o", "out", "--disable-build-servers", "-nodeReuse:false");

        publish.EnsureSucceeded("Publishing the sample against the packed packages");
        Assert.DoesNotMatch(@"\b(IL2|IL3)\d{3}\b", publish.Output);
        var run = await DotNetCli.RunAsync(Path.Combine(project, "out", "OrderProcessing"), project);
        run.EnsureSucceeded("Running the trimmed sample");
        Assert.Contains("Result: SUCCEEDED", run.Output, StringComparison.Ordinal);
        Assert.Contains("executed:         arrange-shipping", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MSBuild_settings_reach_the_generator_and_the_analyzers_of_a_package_user()
    {
        // No Main of its own (the generator's custom-runtime Main is the entry point only if DurableLambdaBootstrap
        // arrives), and a step that sleeps 90 s: silent under the default 900 s, DUR5001 under a 60 s function timeout.
        var project = Path.Combine(_feed.Directory, "settings");
        Directory.CreateDirectory(project);
        await File.WriteAllTextAsync(Path.Combine(project, "Settings.csproj"), ConsumerProject("""
            <OutputType>Exe</OutputType>
            <DurableLambdaBootstrap>true</DurableLambdaBootstrap>
            <DurableFunctionTimeoutSeconds>60</DurableFunctionTimeoutSeconds>
            """, ""));
        await File.WriteAllTextAsync(Path.Combine(project, "NapWorkflow.cs"), """
            using Durable;

            namespace Settings;

            [DurableWorkflow("nap")]
            public sealed partial class NapWorkflow
            {
                public async Task<string> RunAsync(string input, IDurableContext context)
                {
                    await Steps.NapAsync();
                    return input;
                }

                [DurableStep("nap")]
                private static void Nap() => Thread.Sleep(TimeSpan.FromSeconds(90));
            }
            """);
        await WriteNuGetConfigAsync(project);

        var build = await DotNetCli.DotNetAsync(project, "build", "-c", "Release", "--disable-build-servers", "-nodeReuse:false");

        build.EnsureSucceeded("Building a project that sets the Durable MSBuild properties");
        Assert.Matches(@"warning DUR5001: .*function timeout of 1 min", build.Output);
    }

    private string ConsumerProject(string properties, string items) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <RestorePackagesPath>{_feed.Directory}/packages</RestorePackagesPath>
            <RestoreFallbackFolders>{GlobalPackagesFolder()}</RestoreFallbackFolders>
            {properties}
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Durable.Runtime" Version="{_feed.Version}" />
            {items}
          </ItemGroup>
        </Project>
        """;

    private Task WriteNuGetConfigAsync(string project) => File.WriteAllTextAsync(Path.Combine(project, "NuGet.config"), $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="packed" value="{_feed.Feed}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
        </configuration>
        """);

    private static string GlobalPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>
    /// Durable.Runtime and Durable.Local packed once (from the build the tests already ran: no rebuild, so nothing races
    /// with other test projects) into a private feed; the consumer restores into its own folder, so the user-wide
    /// package cache never holds a test build of these packages.
    /// </summary>
    public sealed class PackedFeed : IAsyncLifetime
    {
        public string Directory { get; } = Path.Combine(Path.GetTempPath(), "durable-package-tests-" + Guid.NewGuid().ToString("N")[..8]);

        public string Feed => Path.Combine(Directory, "feed");

        public string Version => "0.1.0";

        public string RuntimePackage => Path.Combine(Feed, $"Durable.Runtime.{Version}.nupkg");

        public async Task InitializeAsync()
        {
            System.IO.Directory.CreateDirectory(Feed);
            foreach (var project in new[] { "src/Durable.Runtime/Durable.Runtime.csproj", "src/Durable.Local/Durable.Local.csproj" })
            {
                var pack = await DotNetCli.DotNetAsync(DotNetCli.RepositoryRoot, "pack", project, "-c", DotNetCli.Configuration, "--no-build", "-o", Feed, "-nodeReuse:false");
                pack.EnsureSucceeded("Packing " + project);
            }
        }

        public Task DisposeAsync()
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is not worth failing the run for.
            }

            return Task.CompletedTask;
        }
    }
}
