using System.Collections.Immutable;
using Durable.Testing.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace Durable.Generators.Tests.Generation;

/// <summary>Runs the workflow generator over test sources compiled against the real Durable.Runtime.</summary>
internal static class GeneratorHarness
{
    /// <summary>Durable.Runtime and what its public API exposes (logging abstractions).</summary>
    public static ImmutableArray<MetadataReference> References { get; } =
    [
        ReferenceAssemblies.FromAssembly(typeof(IDurableContext).Assembly),
        ReferenceAssemblies.FromAssembly(typeof(ILogger).Assembly),
    ];

    public static Compilation Compile(params string[] sources) => TestCompilation.Create(sources, References);

    public static GeneratorTestRun Run(params string[] sources) =>
        GeneratorVerifier.Run(Compile(sources), [new WorkflowGenerator()]);
}
