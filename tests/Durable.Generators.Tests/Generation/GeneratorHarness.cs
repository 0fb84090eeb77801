using System.Collections.Immutable;
using System.Reflection;
using Durable.Testing.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace Durable.Generators.Tests.Generation;

/// <summary>
/// Runs the workflow generator over test sources compiled against the real Durable.Runtime, alone (snapshots, caching)
/// or together with System.Text.Json's generator from the SDK's reference pack (compile checks: user contexts need
/// their generated members).
/// </summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<IIncrementalGenerator> s_systemTextJson = new(LoadSystemTextJsonGenerator);

    /// <summary>Durable.Runtime and what its public API exposes (logging abstractions).</summary>
    public static ImmutableArray<MetadataReference> References { get; } =
    [
        ReferenceAssemblies.FromAssembly(typeof(IDurableContext).Assembly),
        ReferenceAssemblies.FromAssembly(typeof(ILogger).Assembly),
    ];

    public static Compilation Compile(params string[] sources) => TestCompilation.Create(sources, References);

    /// <summary>Our generator alone.</summary>
    public static GeneratorTestRun Run(params string[] sources) =>
        GeneratorVerifier.Run(Compile(sources), [new WorkflowGenerator()]);

    /// <summary>Our generator alone, with MSBuild properties or other analyzer config.</summary>
    public static GeneratorTestRun Run(Compilation compilation, TestAnalyzerConfig analyzerConfig) =>
        GeneratorVerifier.Run(compilation, [new WorkflowGenerator()], analyzerConfig);

    /// <summary>Our generator and System.Text.Json's, as in a real build.</summary>
    public static GeneratorTestRun RunWithSystemTextJson(Compilation compilation, TestAnalyzerConfig? analyzerConfig = null) =>
        GeneratorVerifier.Run(compilation, [new WorkflowGenerator(), s_systemTextJson.Value], analyzerConfig);

    private static IIncrementalGenerator LoadSystemTextJsonGenerator()
    {
        // Next to the reference assemblies: packs/Microsoft.NETCore.App.Ref/<version>/analyzers/dotnet/cs.
        var path = Path.GetFullPath(Path.Combine(ReferenceAssemblies.Net10Directory, "..", "..", "analyzers", "dotnet", "cs", "System.Text.Json.SourceGeneration.dll"));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("System.Text.Json's source generator is not in the SDK's reference pack.", path);
        }

        var type = Assembly.LoadFrom(path).GetTypes().Single(t => typeof(IIncrementalGenerator).IsAssignableFrom(t) && !t.IsAbstract);
        return (IIncrementalGenerator)Activator.CreateInstance(type)!;
    }
}
