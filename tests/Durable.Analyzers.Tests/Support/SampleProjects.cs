using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Durable.Analyzers.Tests;

/// <summary>
/// The sample projects as the analyzer tests see them: their source files, the references their builds use, the
/// generators that run in their builds (ours and System.Text.Json's, which the samples' JSON contexts need), and
/// every analyzer of the pack.
/// </summary>
internal static class SampleProjects
{
    public const string ShowcaseName = "AnalyzerShowcase";

    private static readonly Lazy<IReadOnlyList<IIncrementalGenerator>> s_generators = new(LoadGenerators);

    /// <summary>Every analyzer of Durable.Analyzers.</summary>
    public static IReadOnlyList<DiagnosticAnalyzer> AllAnalyzers { get; } = typeof(DiagnosticDescriptors).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToList();

    /// <summary>The workflow generator and the System.Text.Json generator from the installed reference pack.</summary>
    public static IReadOnlyList<IIncrementalGenerator> Generators => s_generators.Value;

    /// <summary>
    /// What the samples reference beyond .NET: the runtime, its logging abstractions, the local engine and dependency
    /// injection (the workflows' services).
    /// </summary>
    public static IReadOnlyList<MetadataReference> References { get; } =
    [
        .. Verify.References,
        ReferenceAssemblies.FromAssembly(typeof(Durable.Local.LocalDurableEngine).Assembly),
        ReferenceAssemblies.FromAssembly(typeof(Microsoft.Extensions.DependencyInjection.ServiceCollection).Assembly),
        ReferenceAssemblies.FromAssembly(typeof(Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions).Assembly),
    ];

    /// <summary>The sample project directories (each with a .csproj), the showcase excluded unless asked for.</summary>
    public static IReadOnlyList<string> Directories(bool includeShowcase = false) =>
        System.IO.Directory.GetDirectories(RepositoryFiles.PathOf("samples"))
            .Where(d => System.IO.Directory.GetFiles(d, "*.csproj").Length > 0)
            .Where(d => includeShowcase || Path.GetFileName(d) != ShowcaseName)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The C# sources of a sample project as its build compiles them: the files under its directory (bin and obj
    /// excluded) and the files its project file links in with <c>&lt;Compile Include="..."&gt;</c>, in a stable order.
    /// </summary>
    public static IReadOnlyList<string> SourceFiles(string directory) =>
        System.IO.Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Concat(LinkedSourceFiles(directory))
            .Select(Path.GetFullPath)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static IEnumerable<string> LinkedSourceFiles(string directory) =>
        System.IO.Directory.GetFiles(directory, "*.csproj")
            .SelectMany(project => System.Xml.Linq.XDocument.Load(project).Descendants("Compile"))
            .Select(item => (string?)item.Attribute("Include"))
            .OfType<string>()
            .Select(include => Path.Combine(directory, include.Replace('\\', Path.DirectorySeparatorChar)));

    private static IReadOnlyList<IIncrementalGenerator> LoadGenerators()
    {
        var generators = new List<IIncrementalGenerator> { new Durable.Generators.WorkflowGenerator() };

        // packs/Microsoft.NETCore.App.Ref/<version>/ref/net10.0 -> packs/Microsoft.NETCore.App.Ref/<version>/analyzers/dotnet/cs
        var pack = Path.GetDirectoryName(Path.GetDirectoryName(ReferenceAssemblies.Net10Directory))!;
        var path = Path.Combine(pack, "analyzers", "dotnet", "cs", "System.Text.Json.SourceGeneration.dll");
        var assembly = Assembly.LoadFrom(path);
        generators.AddRange(assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(t))
            .Select(t => (IIncrementalGenerator)Activator.CreateInstance(t)!));
        return generators;
    }
}
