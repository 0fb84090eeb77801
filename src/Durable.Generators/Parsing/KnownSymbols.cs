using Durable.Metadata;
using Microsoft.CodeAnalysis;

namespace Durable.Generators.Parsing;

/// <summary>
/// The runtime and BCL symbols the parser compares against, looked up once per parse. Lives only inside a transform:
/// it must never reach a pipeline output.
/// </summary>
internal sealed class KnownSymbols
{
    private KnownSymbols(Compilation compilation, INamedTypeSymbol durableContext, INamedTypeSymbol stepContext, INamedTypeSymbol stepAttribute)
    {
        Compilation = compilation;
        DurableContext = durableContext;
        StepContext = stepContext;
        DurableStepAttribute = stepAttribute;
        RetryStrategy = compilation.GetTypeByMetadataName(DurableMetadataNames.RetryStrategyInterface);
        JsonSerializerContext = compilation.GetTypeByMetadataName(DurableMetadataNames.JsonSerializerContext);
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        SetsRequiredMembers = compilation.GetTypeByMetadataName("System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute");
        MaybeNull = compilation.GetTypeByMetadataName("System.Diagnostics.CodeAnalysis.MaybeNullAttribute");
        AllowNull = compilation.GetTypeByMetadataName("System.Diagnostics.CodeAnalysis.AllowNullAttribute");
        Enumerable = compilation.GetSpecialType(SpecialType.System_Collections_IEnumerable);
    }

    public Compilation Compilation { get; }

    public INamedTypeSymbol DurableContext { get; }

    public INamedTypeSymbol StepContext { get; }

    public INamedTypeSymbol DurableStepAttribute { get; }

    public INamedTypeSymbol? RetryStrategy { get; }

    public INamedTypeSymbol? JsonSerializerContext { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? SetsRequiredMembers { get; }

    public INamedTypeSymbol? MaybeNull { get; }

    public INamedTypeSymbol? AllowNull { get; }

    public INamedTypeSymbol Enumerable { get; }

    /// <summary>The symbols, or null when the compilation does not reference Durable.Runtime.</summary>
    public static KnownSymbols? From(Compilation compilation)
    {
        var context = compilation.GetTypeByMetadataName(DurableMetadataNames.DurableContext);
        var step = compilation.GetTypeByMetadataName(DurableMetadataNames.StepContext);
        var attribute = compilation.GetTypeByMetadataName(DurableMetadataNames.DurableStepAttribute);
        return context is null || step is null || attribute is null ? null : new KnownSymbols(compilation, context, step, attribute);
    }

    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        known is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, known);
}
