using Microsoft.CodeAnalysis;

namespace Durable.Analyzers;

/// <summary>
/// A set of members (methods, properties, constructors, fields) resolved by metadata name, compared by original
/// definition so that every constructed generic form matches. Types or members missing from the compilation are
/// simply left out.
/// </summary>
internal sealed class SymbolSet
{
    private readonly HashSet<ISymbol> _members = new(SymbolEqualityComparer.Default);
    private readonly Compilation _compilation;

    public SymbolSet(Compilation compilation)
    {
        _compilation = compilation;
    }

    public int Count => _members.Count;

    /// <summary>The members, as original definitions.</summary>
    public IEnumerable<ISymbol> Members => _members;

    /// <summary>Adds every member of <paramref name="typeName"/> called one of <paramref name="memberNames"/> (all overloads).</summary>
    public SymbolSet Add(string typeName, params string[] memberNames)
    {
        if (_compilation.GetTypeByMetadataName(typeName) is { } type)
        {
            foreach (var name in memberNames)
            {
                foreach (var member in type.GetMembers(name))
                {
                    _members.Add(member.OriginalDefinition);
                }
            }
        }

        return this;
    }

    /// <summary>Adds the constructors of <paramref name="typeName"/> accepted by <paramref name="filter"/> (all when null).</summary>
    public SymbolSet AddConstructors(string typeName, Func<IMethodSymbol, bool>? filter = null)
    {
        if (_compilation.GetTypeByMetadataName(typeName) is { } type)
        {
            foreach (var constructor in type.InstanceConstructors)
            {
                if (filter is null || filter(constructor))
                {
                    _members.Add(constructor.OriginalDefinition);
                }
            }
        }

        return this;
    }

    /// <summary>Adds every public static method of <paramref name="typeName"/>.</summary>
    public SymbolSet AddStaticMethods(string typeName)
    {
        if (_compilation.GetTypeByMetadataName(typeName) is { } type)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol { IsStatic: true, MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public } method)
                {
                    _members.Add(method.OriginalDefinition);
                }
            }
        }

        return this;
    }

    public bool Contains(ISymbol? symbol)
    {
        if (symbol is null)
        {
            return false;
        }

        if (_members.Contains(symbol.OriginalDefinition))
        {
            return true;
        }

        // An override (a TimeProvider subclass, a derived Stream) matches the member it overrides.
        for (var overridden = Overridden(symbol); overridden is not null; overridden = Overridden(overridden))
        {
            if (_members.Contains(overridden.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    private static ISymbol? Overridden(ISymbol symbol) => symbol switch
    {
        IMethodSymbol method => method.OverriddenMethod,
        IPropertySymbol property => property.OverriddenProperty,
        _ => null,
    };
}
