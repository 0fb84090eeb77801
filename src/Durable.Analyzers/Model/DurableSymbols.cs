using System.Collections.Concurrent;
using Durable.Metadata;
using Microsoft.CodeAnalysis;

namespace Durable.Analyzers;

/// <summary>
/// The Durable.Runtime and BCL types the rules match, resolved once per compilation. Exists only when
/// <c>Durable.IDurableContext</c> resolves: without the runtime no rule registers anything.
/// </summary>
internal sealed class DurableSymbols
{
    private DurableSymbols(Compilation compilation, INamedTypeSymbol durableContext)
    {
        Compilation = compilation;
        DurableContext = durableContext;
        StepContext = compilation.GetTypeByMetadataName(DurableMetadataNames.StepContext);
        WaitForCallbackContext = compilation.GetTypeByMetadataName(DurableMetadataNames.WaitForCallbackContext);
        ConditionCheckContext = compilation.GetTypeByMetadataName(DurableMetadataNames.ConditionCheckContext);
        Callback = compilation.GetTypeByMetadataName(DurableMetadataNames.Callback);
        WorkflowAttribute = compilation.GetTypeByMetadataName(DurableMetadataNames.DurableWorkflowAttribute);
        StepAttribute = compilation.GetTypeByMetadataName(DurableMetadataNames.DurableStepAttribute);
        ContextScope = compilation.GetTypeByMetadataName(DurableMetadataNames.DurableContextScope);
        StepConfig = compilation.GetTypeByMetadataName(DurableMetadataNames.StepConfig);
        CallbackConfig = compilation.GetTypeByMetadataName(DurableMetadataNames.CallbackConfig);
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
        Enumerable = compilation.GetTypeByMetadataName("System.Linq.Enumerable");
    }

    private readonly ConcurrentDictionary<ITypeSymbol, bool> _durableContextTypes = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _stepContextTypes = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, bool> _stepMethods = new(SymbolEqualityComparer.Default);

    public Compilation Compilation { get; }

    public INamedTypeSymbol DurableContext { get; }

    public INamedTypeSymbol? StepContext { get; }

    public INamedTypeSymbol? WaitForCallbackContext { get; }

    public INamedTypeSymbol? ConditionCheckContext { get; }

    public INamedTypeSymbol? Callback { get; }

    public INamedTypeSymbol? WorkflowAttribute { get; }

    public INamedTypeSymbol? StepAttribute { get; }

    public INamedTypeSymbol? ContextScope { get; }

    public INamedTypeSymbol? StepConfig { get; }

    public INamedTypeSymbol? CallbackConfig { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? TimeSpan { get; }

    public INamedTypeSymbol? Enumerable { get; }

    public static DurableSymbols? TryCreate(Compilation compilation) =>
        compilation.GetTypeByMetadataName(DurableMetadataNames.DurableContext) is { } context
            ? new DurableSymbols(compilation, context)
            : null;

    /// <summary>True for <c>IDurableContext</c> and any type implementing it (cached per type: every rule asks).</summary>
    public bool IsDurableContext(ITypeSymbol? type) =>
        type is not null && _durableContextTypes.GetOrAdd(type, t => Implements(t, DurableContext));

    /// <summary>True for the contexts a step body receives: step, wait-for-callback submitter, condition check.</summary>
    public bool IsStepBodyContext(ITypeSymbol? type) =>
        type is not null && _stepContextTypes.GetOrAdd(type, t =>
            Implements(t, StepContext) || Implements(t, WaitForCallbackContext) || Implements(t, ConditionCheckContext));

    public bool IsStepMethod(ISymbol? symbol) =>
        symbol is not null && _stepMethods.GetOrAdd(symbol, s => HasAttribute(s, StepAttribute));

    public bool IsWorkflowClass(ISymbol? symbol) => HasAttribute(symbol, WorkflowAttribute);

    public AttributeData? WorkflowAttributeOf(INamedTypeSymbol? type) => FindAttribute(type, WorkflowAttribute);

    public AttributeData? StepAttributeOf(ISymbol? method) => FindAttribute(method, StepAttribute);

    /// <summary>True for Task, Task&lt;T&gt;, ValueTask and ValueTask&lt;T&gt;.</summary>
    public bool IsTaskLike(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol named)
        {
            return false;
        }

        var definition = named.OriginalDefinition;
        return SymbolEqualityComparer.Default.Equals(definition, Task)
            || SymbolEqualityComparer.Default.Equals(definition, TaskOfT)
            || SymbolEqualityComparer.Default.Equals(definition, ValueTask)
            || SymbolEqualityComparer.Default.Equals(definition, ValueTaskOfT);
    }

    public static bool Implements(ITypeSymbol? type, INamedTypeSymbol? target)
    {
        if (type is null || target is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, target))
        {
            return true;
        }

        foreach (var candidate in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, target))
            {
                return true;
            }
        }

        if (type is ITypeParameterSymbol parameter)
        {
            foreach (var constraint in parameter.ConstraintTypes)
            {
                if (Implements(constraint, target))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="type"/> is <paramref name="baseType"/> or derives from it (classes only).</summary>
    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        for (var current = type; current is not null && baseType is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAttribute(ISymbol? symbol, INamedTypeSymbol? attribute) => FindAttribute(symbol, attribute) is not null;

    private static AttributeData? FindAttribute(ISymbol? symbol, INamedTypeSymbol? attribute)
    {
        if (symbol is null || attribute is null)
        {
            return null;
        }

        foreach (var data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return data;
            }
        }

        return null;
    }
}
