using System.Collections.Immutable;
using Durable.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Durable.Generators.Parsing;

/// <summary>
/// Walks the payload types of one workflow and everything reachable from them (members, elements, keys,
/// constructor parameters) and describes each in <c>JsonMetadataServices</c> terms, mirroring the decisions of
/// System.Text.Json's own generator so both write the same JSON. A type the generator does not support gets no
/// metadata; at run time the resolver chain then falls through to the user's <c>JsonSerializerContext</c>.
/// </summary>
internal sealed class JsonTypeCollector
{
    private const string SerializationNamespace = "System.Text.Json.Serialization";

    private static readonly Dictionary<string, string> s_builtInConverters = new(StringComparer.Ordinal)
    {
        ["System.Boolean"] = "BooleanConverter",
        ["System.Byte"] = "ByteConverter",
        ["System.SByte"] = "SByteConverter",
        ["System.Char"] = "CharConverter",
        ["System.Int16"] = "Int16Converter",
        ["System.UInt16"] = "UInt16Converter",
        ["System.Int32"] = "Int32Converter",
        ["System.UInt32"] = "UInt32Converter",
        ["System.Int64"] = "Int64Converter",
        ["System.UInt64"] = "UInt64Converter",
        ["System.Int128"] = "Int128Converter",
        ["System.UInt128"] = "UInt128Converter",
        ["System.Half"] = "HalfConverter",
        ["System.Single"] = "SingleConverter",
        ["System.Double"] = "DoubleConverter",
        ["System.Decimal"] = "DecimalConverter",
        ["System.String"] = "StringConverter",
        ["System.Object"] = "ObjectConverter",
        ["System.DateTime"] = "DateTimeConverter",
        ["System.DateTimeOffset"] = "DateTimeOffsetConverter",
        ["System.DateOnly"] = "DateOnlyConverter",
        ["System.TimeOnly"] = "TimeOnlyConverter",
        ["System.TimeSpan"] = "TimeSpanConverter",
        ["System.Guid"] = "GuidConverter",
        ["System.Uri"] = "UriConverter",
        ["System.Version"] = "VersionConverter",
        ["System.Text.Json.JsonElement"] = "JsonElementConverter",
        ["System.Text.Json.JsonDocument"] = "JsonDocumentConverter",
        ["System.Text.Json.Nodes.JsonNode"] = "JsonNodeConverter",
        ["System.Text.Json.Nodes.JsonObject"] = "JsonObjectConverter",
        ["System.Text.Json.Nodes.JsonArray"] = "JsonArrayConverter",
        ["System.Text.Json.Nodes.JsonValue"] = "JsonValueConverter",
    };

    // Generic collections by definition: the JsonMetadataServices factory and the type its ObjectCreator makes
    // ("{0}" is the element type, "{1}" the value type of dictionaries; null: no creator), as STJ's generator chooses.
    private static readonly Dictionary<string, (JsonTypeKind Kind, string Factory, string? Creator)> s_collections = new(StringComparer.Ordinal)
    {
        ["System.Collections.Generic.List`1"] = (JsonTypeKind.Collection, "CreateListInfo", "global::System.Collections.Generic.List<{0}>"),
        ["System.Collections.Generic.IList`1"] = (JsonTypeKind.Collection, "CreateIListInfo", null),
        ["System.Collections.Generic.ICollection`1"] = (JsonTypeKind.Collection, "CreateICollectionInfo", null),
        ["System.Collections.Generic.IEnumerable`1"] = (JsonTypeKind.Collection, "CreateIEnumerableInfo", null),
        ["System.Collections.Generic.IReadOnlyList`1"] = (JsonTypeKind.Collection, "CreateIEnumerableInfo", null),
        ["System.Collections.Generic.IReadOnlyCollection`1"] = (JsonTypeKind.Collection, "CreateIEnumerableInfo", null),
        ["System.Collections.Generic.IReadOnlySet`1"] = (JsonTypeKind.Collection, "CreateIEnumerableInfo", null),
        ["System.Collections.Generic.HashSet`1"] = (JsonTypeKind.Collection, "CreateISetInfo", "global::System.Collections.Generic.HashSet<{0}>"),
        ["System.Collections.Generic.ISet`1"] = (JsonTypeKind.Collection, "CreateISetInfo", null),
        ["System.Collections.Generic.Dictionary`2"] = (JsonTypeKind.Dictionary, "CreateDictionaryInfo", "global::System.Collections.Generic.Dictionary<{0}, {1}>"),
        ["System.Collections.Generic.IDictionary`2"] = (JsonTypeKind.Dictionary, "CreateIDictionaryInfo", "global::System.Collections.Generic.Dictionary<{0}, {1}>"),
        ["System.Collections.Generic.IReadOnlyDictionary`2"] = (JsonTypeKind.Dictionary, "CreateIReadOnlyDictionaryInfo", "global::System.Collections.Generic.Dictionary<{0}, {1}>"),
        ["System.Collections.Immutable.ImmutableArray`1"] = (JsonTypeKind.ImmutableCollection, "global::System.Collections.Immutable.ImmutableArray.CreateRange", "global::System.Collections.Immutable.ImmutableArray<{0}>"),
        ["System.Collections.Immutable.ImmutableList`1"] = (JsonTypeKind.ImmutableCollection, "global::System.Collections.Immutable.ImmutableList.CreateRange", null),
        ["System.Collections.Immutable.ImmutableHashSet`1"] = (JsonTypeKind.ImmutableCollection, "global::System.Collections.Immutable.ImmutableHashSet.CreateRange", null),
        ["System.Collections.Immutable.ImmutableDictionary`2"] = (JsonTypeKind.ImmutableDictionary, "global::System.Collections.Immutable.ImmutableDictionary.CreateRange", null),
    };

    private readonly KnownSymbols _known;
    private readonly INamedTypeSymbol _scope;
    private readonly Queue<ITypeSymbol> _pending = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<(ITypeSymbol Type, JsonTypeSpec Spec)> _described = [];

    /// <param name="known">The compilation's known symbols.</param>
    /// <param name="scope">The workflow class: generated metadata lives inside it, so it sees what the class sees.</param>
    public JsonTypeCollector(KnownSymbols known, INamedTypeSymbol scope)
    {
        _known = known;
        _scope = scope;
    }

    /// <summary>Adds a payload type (its nullable annotation is ignored).</summary>
    public void Add(ITypeSymbol? type)
    {
        if (type is not null)
        {
            _pending.Enqueue(type);
        }
    }

    /// <summary>Describes every added type and what it reaches, ordered by type name, with unique identifiers.</summary>
    public EquatableArray<JsonTypeSpec> Collect(CancellationToken cancellationToken)
    {
        while (_pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var type = _pending.Dequeue();
            if (type is ITypeParameterSymbol or IErrorTypeSymbol or IDynamicTypeSymbol or IPointerTypeSymbol or IFunctionPointerTypeSymbol)
            {
                continue;
            }

            type = type.WithNullableAnnotation(NullableAnnotation.None);
            var name = TypeNames.Plain(type);
            if (!_seen.Add(name))
            {
                continue;
            }

            if (Describe(type, name) is { } spec)
            {
                _described.Add((type, spec));
            }
        }

        // Identifiers come from type names; a clash (same name in two namespaces) gets a numeric suffix, assigned
        // in type-name order so the output is stable.
        var used = new HashSet<string>(StringComparer.Ordinal);
        return _described
            .OrderBy(d => d.Spec.TypeName, StringComparer.Ordinal)
            .Select(d =>
            {
                var id = IdOf(d.Type);
                var unique = id;
                for (var n = 2; !used.Add(unique); n++)
                {
                    unique = id + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return d.Spec with { Id = unique };
            })
            .ToEquatableArray();
    }

    private JsonTypeSpec? Describe(ITypeSymbol type, string name)
    {
        if (type is IArrayTypeSymbol array)
        {
            if (!array.IsSZArray)
            {
                return null;
            }

            if (array.ElementType.SpecialType == SpecialType.System_Byte)
            {
                return new JsonTypeSpec(name, string.Empty, JsonTypeKind.Value, Converter: "ByteArrayConverter");
            }

            Add(array.ElementType);
            return new JsonTypeSpec(name, string.Empty, JsonTypeKind.Array, ElementType: TypeNames.Plain(array.ElementType.WithNullableAnnotation(NullableAnnotation.None)));
        }

        if (type is not INamedTypeSymbol named
            || named.IsTupleType
            || named.IsAnonymousType
            || named.IsRefLikeType
            || named.IsUnboundGenericType
            || ContainsTypeParameters(named)
            || !_known.Compilation.IsSymbolAccessibleWithin(named, _scope))
        {
            return null;
        }

        var attributes = named.GetAttributes();
        if (Find(attributes, "JsonConverterAttribute") is { } converterAttribute)
        {
            return ConverterType(converterAttribute) is { } converter
                ? new JsonTypeSpec(name, string.Empty, JsonTypeKind.CustomConverter, Converter: converter)
                : null;
        }

        var definitionName = MetadataName(named.OriginalDefinition);
        if (s_builtInConverters.TryGetValue(definitionName, out var builtIn))
        {
            return new JsonTypeSpec(name, string.Empty, JsonTypeKind.Value, Converter: builtIn);
        }

        if (named.TypeKind == TypeKind.Enum)
        {
            return new JsonTypeSpec(name, string.Empty, JsonTypeKind.Enum);
        }

        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            Add(named.TypeArguments[0]);
            return new JsonTypeSpec(name, string.Empty, JsonTypeKind.Nullable, ElementType: Plain(named.TypeArguments[0]));
        }

        if (definitionName is "System.Memory`1" or "System.ReadOnlyMemory`1")
        {
            return named.TypeArguments[0].SpecialType == SpecialType.System_Byte
                ? new JsonTypeSpec(name, string.Empty, JsonTypeKind.Value, Converter: definitionName == "System.Memory`1" ? "MemoryByteConverter" : "ReadOnlyMemoryByteConverter")
                : null;
        }

        if (s_collections.TryGetValue(definitionName, out var collection))
        {
            return DescribeCollection(named, name, collection.Kind, collection.Factory, collection.Creator, NumberHandling(attributes));
        }

        if (named.TypeKind is not (TypeKind.Class or TypeKind.Struct)
            || named.IsStatic
            || IsSystemType(named)
            || named.AllInterfaces.Contains(_known.Enumerable, SymbolEqualityComparer.Default))
        {
            // Interfaces, delegates, BCL types without a built-in converter and custom collections: their shape is
            // not a plain object, and guessing would write different JSON than System.Text.Json.
            return null;
        }

        return DescribeObject(named, name, attributes);
    }

    private JsonTypeSpec DescribeCollection(INamedTypeSymbol type, string name, JsonTypeKind kind, string factory, string? creator, string? numberHandling)
    {
        foreach (var argument in type.TypeArguments)
        {
            Add(argument);
        }

        var isDictionary = kind is JsonTypeKind.Dictionary or JsonTypeKind.ImmutableDictionary;
        var element = Plain(type.TypeArguments[isDictionary ? 1 : 0]);
        var key = isDictionary ? Plain(type.TypeArguments[0]) : null;
        var creatorType = creator is null ? null : string.Format(System.Globalization.CultureInfo.InvariantCulture, creator, isDictionary ? key : element, element);
        return kind is JsonTypeKind.ImmutableCollection or JsonTypeKind.ImmutableDictionary
            ? new JsonTypeSpec(name, string.Empty, kind, ElementType: element, KeyType: key, CreatorType: creatorType, CreateRange: factory, NumberHandling: numberHandling)
            : new JsonTypeSpec(name, string.Empty, kind, ElementType: element, KeyType: key, Factory: factory, CreatorType: creatorType, NumberHandling: numberHandling);
    }

    private JsonTypeSpec? DescribeObject(INamedTypeSymbol type, string name, ImmutableArray<AttributeData> attributes)
    {
        if (HasUnsupportedAttribute(attributes) || !TrySelectConstructor(type, out var constructor))
        {
            return null;
        }

        var setsRequiredMembers = constructor is not null && constructor.GetAttributes().Any(a => KnownSymbols.Is(a.AttributeClass, _known.SetsRequiredMembers));
        var properties = new List<JsonPropertySpec>();
        var initializers = new List<(string Name, ITypeSymbol Type, bool IsNullable)>();
        var initializerNames = new HashSet<string>(StringComparer.Ordinal);
        var constructorParameterNames = new HashSet<string>(
            constructor?.Parameters.Select(p => p.Name) ?? [],
            StringComparer.OrdinalIgnoreCase);
        var requiredButUnset = false;

        // Most derived type first, and within each type its properties before its fields: the order System.Text.Json's
        // generator emits, which decides the order of members in the JSON.
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
        {
            var members = current.GetMembers();
            foreach (var member in members.OfType<IPropertySymbol>().Cast<ISymbol>().Concat(members.OfType<IFieldSymbol>()))
            {
                var outcome = DescribeMember(member, setsRequiredMembers, out var property);
                if (outcome == MemberOutcome.UnsupportedType)
                {
                    return null;
                }

                if (outcome == MemberOutcome.Skipped || property is null)
                {
                    continue;
                }

                properties.Add(property);
                var memberType = member is IPropertySymbol p ? p.Type : ((IFieldSymbol)member).Type;
                var isRequiredMember = member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true };
                var canInitialize = property.Setter is JsonSetter.Assign or JsonSetter.AssignUnboxed or JsonSetter.InitOnly;
                if (constructor is not null
                    && (property.Setter == JsonSetter.InitOnly || (isRequiredMember && !setsRequiredMembers))
                    && !constructorParameterNames.Contains(member.Name)
                    && initializerNames.Add(member.Name))
                {
                    if (canInitialize)
                    {
                        initializers.Add((member.Name, memberType, AcceptsNull(memberType, member, _known.AllowNull)));
                    }
                    else if (isRequiredMember && !setsRequiredMembers)
                    {
                        requiredButUnset = true;
                    }
                }
            }
        }

        if (requiredButUnset)
        {
            // A required member the generated creator cannot set would make `new T { ... }` fail to compile.
            return null;
        }

        var parameters = new List<JsonParameterSpec>();
        if (constructor is not null)
        {
            foreach (var parameter in constructor.Parameters)
            {
                if (parameter.RefKind != RefKind.None || parameter.Type is IPointerTypeSymbol or IFunctionPointerTypeSymbol || parameter.Type.IsRefLikeType)
                {
                    return null;
                }

                string? defaultValue = null;
                if (parameter.HasExplicitDefaultValue && (defaultValue = TypeNames.Constant(parameter.ExplicitDefaultValue, parameter.Type)) is null)
                {
                    return null;
                }

                Add(parameter.Type);
                parameters.Add(new JsonParameterSpec(
                    parameter.Name,
                    Plain(parameter.Type),
                    parameter.Ordinal,
                    parameter.HasExplicitDefaultValue,
                    defaultValue,
                    IsNullable: AcceptsNull(parameter.Type, parameter, _known.AllowNull),
                    IsMemberInitializer: false));
            }

            foreach (var initializer in initializers)
            {
                parameters.Add(new JsonParameterSpec(initializer.Name, Plain(initializer.Type), parameters.Count, false, null, initializer.IsNullable, IsMemberInitializer: true));
            }
        }

        var creation = constructor is null
            ? JsonCreation.None
            : parameters.Count == 0 ? JsonCreation.Parameterless : JsonCreation.Parameterized;
        return new JsonTypeSpec(
            name,
            string.Empty,
            JsonTypeKind.Object,
            NumberHandling: NumberHandling(attributes),
            Object: new JsonObjectSpec(type.IsValueType, creation, parameters.ToEquatableArray(), properties.ToEquatableArray()));
    }

    private enum MemberOutcome
    {
        Included,
        Skipped,
        UnsupportedType,
    }

    private MemberOutcome DescribeMember(ISymbol member, bool setsRequiredMembers, out JsonPropertySpec? spec)
    {
        spec = null;
        ITypeSymbol type;
        bool isProperty;
        switch (member)
        {
            case IPropertySymbol property
                when !property.IsStatic && !property.IsIndexer && property.ExplicitInterfaceImplementations.IsEmpty
                    && !property.ReturnsByRef && !property.ReturnsByRefReadonly:
                type = property.Type;
                isProperty = true;
                break;
            case IFieldSymbol field when !field.IsStatic && !field.IsConst && !field.IsImplicitlyDeclared && !field.IsFixedSizeBuffer:
                type = field.Type;
                isProperty = false;
                break;
            default:
                return MemberOutcome.Skipped;
        }

        if (type is IPointerTypeSymbol or IFunctionPointerTypeSymbol || type.IsRefLikeType)
        {
            return MemberOutcome.Skipped;
        }

        var attributes = member.GetAttributes();
        var hasInclude = Find(attributes, "JsonIncludeAttribute") is not null;
        if (member.DeclaredAccessibility != Accessibility.Public && !hasInclude)
        {
            return MemberOutcome.Skipped;
        }

        if (Find(attributes, "JsonObjectCreationHandlingAttribute") is not null)
        {
            return MemberOutcome.UnsupportedType;
        }

        var accessible = IsAccessible(member);
        if (hasInclude && !accessible)
        {
            // System.Text.Json reaches such members through reflection-free accessors only when visible.
            return MemberOutcome.UnsupportedType;
        }

        var ignore = IgnoreCondition(Find(attributes, "JsonIgnoreAttribute"));
        var ignoredAlways = ignore == "Always";
        bool hasGetter;
        JsonSetter setter;
        if (member is IPropertySymbol p)
        {
            hasGetter = p.GetMethod is not null && (p.GetMethod.DeclaredAccessibility == Accessibility.Public || (hasInclude && IsAccessible(p.GetMethod)));
            if (hasInclude && p.GetMethod is not null && !hasGetter)
            {
                return MemberOutcome.UnsupportedType;
            }

            setter = p.SetMethod switch
            {
                null => JsonSetter.None,
                { } set when set.DeclaredAccessibility == Accessibility.Public || (hasInclude && IsAccessible(set)) =>
                    set.IsInitOnly ? JsonSetter.InitOnly : member.ContainingType.IsValueType ? JsonSetter.AssignUnboxed : JsonSetter.Assign,
                _ when hasInclude => JsonSetter.Inaccessible,
                _ => JsonSetter.None,
            };
        }
        else
        {
            var field = (IFieldSymbol)member;
            hasGetter = true;
            setter = field.IsReadOnly ? JsonSetter.None : field.ContainingType.IsValueType ? JsonSetter.AssignUnboxed : JsonSetter.Assign;
        }

        string? converter = null;
        if (Find(attributes, "JsonConverterAttribute") is { } converterAttribute && (converter = ConverterType(converterAttribute)) is null)
        {
            return MemberOutcome.UnsupportedType;
        }

        if (ignoredAlways)
        {
            hasGetter = false;
            setter = JsonSetter.None;
        }
        else
        {
            Add(type);
        }

        var isRequired = Find(attributes, "JsonRequiredAttribute") is not null
            || (member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true } && !setsRequiredMembers);
        var disallowsNullOnGet = hasGetter && DisallowsNull(type, member, _known.MaybeNull);
        var disallowsNullOnSet = setter != JsonSetter.None && DisallowsNull(type, member, _known.AllowNull);
        spec = new JsonPropertySpec(
            DeclaringType: TypeNames.Plain(member.ContainingType),
            DeclaringTypeName: member.ContainingType.Name,
            PropertyType: TypeNames.Annotated(type),
            PropertyTypeOf: Plain(type),
            MemberName: member.Name,
            IsProperty: isProperty,
            IsPublic: member.DeclaredAccessibility == Accessibility.Public || (hasInclude && accessible),
            IsVirtual: member is IPropertySymbol { IsVirtual: true } or IPropertySymbol { IsOverride: true } or IPropertySymbol { IsAbstract: true },
            HasGetter: hasGetter,
            Setter: setter,
            IgnoreCondition: ignore,
            HasJsonInclude: hasInclude,
            IsExtensionData: Find(attributes, "JsonExtensionDataAttribute") is not null,
            NumberHandling: NumberHandling(attributes),
            JsonPropertyName: Argument(Find(attributes, "JsonPropertyNameAttribute")) as string,
            Order: Argument(Find(attributes, "JsonPropertyOrderAttribute")) is int order ? order : 0,
            IsRequired: isRequired,
            ConverterType: converter,
            GetterDisallowsNull: disallowsNullOnGet,
            SetterDisallowsNull: disallowsNullOnSet);
        return MemberOutcome.Included;
    }

    /// <summary>
    /// The constructor deserialization uses, as System.Text.Json picks it: a <c>[JsonConstructor]</c> one; for structs
    /// the parameterless one; otherwise the public parameterless one, else the only public one. False when the type
    /// cannot be described (an unusable <c>[JsonConstructor]</c>).
    /// </summary>
    private bool TrySelectConstructor(INamedTypeSymbol type, out IMethodSymbol? constructor)
    {
        constructor = null;
        var constructors = type.InstanceConstructors;
        var annotated = constructors.Where(c => Find(c.GetAttributes(), "JsonConstructorAttribute") is not null).ToList();
        if (annotated.Count > 1)
        {
            return false;
        }

        if (annotated.Count == 1)
        {
            constructor = annotated[0];
            return !type.IsAbstract && IsAccessible(constructor);
        }

        if (type.IsAbstract)
        {
            return true;
        }

        if (type.IsValueType)
        {
            constructor = constructors.FirstOrDefault(c => c.Parameters.IsEmpty);
            return true;
        }

        var visible = constructors.Where(c => c.DeclaredAccessibility == Accessibility.Public).ToList();
        constructor = visible.FirstOrDefault(c => c.Parameters.IsEmpty) ?? (visible.Count == 1 ? visible[0] : null);
        return true;
    }

    private bool IsAccessible(ISymbol symbol) => _known.Compilation.IsSymbolAccessibleWithin(symbol, _scope);

    /// <summary>The converter type of a <c>[JsonConverter]</c>, when generated code can instantiate it.</summary>
    private string? ConverterType(AttributeData attribute)
    {
        if (Argument(attribute) is not INamedTypeSymbol converter
            || converter.IsAbstract
            || converter.IsUnboundGenericType
            || ContainsTypeParameters(converter)
            || !converter.InstanceConstructors.Any(c => c.Parameters.IsEmpty && IsAccessible(c))
            || !IsAccessible(converter))
        {
            return null;
        }

        return TypeNames.Plain(converter);
    }

    private static string? IgnoreCondition(AttributeData? attribute)
    {
        if (attribute is null)
        {
            return null;
        }

        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == "Condition" && argument.Value.Type is INamedTypeSymbol enumType && argument.Value.Value is { } value)
            {
                return EnumMemberName(enumType, value);
            }
        }

        return "Always";
    }

    private static string? NumberHandling(ImmutableArray<AttributeData> attributes) =>
        Argument(Find(attributes, "JsonNumberHandlingAttribute")) is int handling
            ? "(global::System.Text.Json.Serialization.JsonNumberHandling)" + handling.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private static bool HasUnsupportedAttribute(ImmutableArray<AttributeData> attributes) =>
        attributes.Any(a => JsonAttributeName(a) is "JsonPolymorphicAttribute" or "JsonDerivedTypeAttribute"
            or "JsonUnmappedMemberHandlingAttribute" or "JsonObjectCreationHandlingAttribute");

    private static AttributeData? Find(ImmutableArray<AttributeData> attributes, string name)
    {
        foreach (var attribute in attributes)
        {
            if (JsonAttributeName(attribute) == name)
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>The value of an attribute's only constructor argument, or null.</summary>
    internal static object? Argument(AttributeData? attribute) =>
        attribute is { ConstructorArguments.Length: 1 } ? attribute.ConstructorArguments[0].Value : null;

    /// <summary>The simple name of a System.Text.Json.Serialization attribute; null for any other attribute.</summary>
    private static string? JsonAttributeName(AttributeData attribute) =>
        attribute.AttributeClass is { } type && type.ContainingNamespace?.ToDisplayString() == SerializationNamespace ? type.Name : null;

    /// <summary>
    /// Whether <paramref name="type"/> is a reference type annotated not-null where <paramref name="symbol"/> declares it,
    /// without an attribute (<paramref name="allowNull"/>) that lets null through.
    /// </summary>
    private static bool DisallowsNull(ITypeSymbol type, ISymbol symbol, INamedTypeSymbol? allowNull) =>
        type.IsReferenceType
        && type.NullableAnnotation == NullableAnnotation.NotAnnotated
        && !symbol.GetAttributes().Any(a => KnownSymbols.Is(a.AttributeClass, allowNull));

    /// <summary>Whether null is a valid value where <paramref name="symbol"/> declares <paramref name="type"/>.</summary>
    private static bool AcceptsNull(ITypeSymbol type, ISymbol symbol, INamedTypeSymbol? allowNull) =>
        type.IsValueType ? type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T : !DisallowsNull(type, symbol, allowNull);

    private static string? EnumMemberName(INamedTypeSymbol enumType, object value)
    {
        foreach (var field in enumType.GetMembers().OfType<IFieldSymbol>())
        {
            if (field.HasConstantValue && Equals(field.ConstantValue, value))
            {
                return field.Name;
            }
        }

        return null;
    }

    private static bool IsSystemType(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        return ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal) || ns == "Microsoft" || ns.StartsWith("Microsoft.", StringComparison.Ordinal);
    }

    private static bool ContainsTypeParameters(ITypeSymbol type) => type switch
    {
        ITypeParameterSymbol => true,
        IArrayTypeSymbol array => ContainsTypeParameters(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsTypeParameters) || (named.ContainingType is { } outer && ContainsTypeParameters(outer)),
        _ => false,
    };

    private static string Plain(ITypeSymbol type) => TypeNames.Plain(type.WithNullableAnnotation(NullableAnnotation.None));

    /// <summary><c>Namespace.Outer+Name`1</c>, the runtime's name of a type definition.</summary>
    private static string MetadataName(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.MetadataName + "+" + name;
        }

        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
    }

    /// <summary>A readable identifier for a type: <c>Order</c>, <c>ListOrderLine</c>, <c>NullableGuid</c>, <c>Int32Array</c>.</summary>
    private static string IdOf(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => IdOf(array.ElementType) + "Array",
        INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable => "Nullable" + IdOf(nullable.TypeArguments[0]),
        INamedTypeSymbol named => named.Name + string.Concat(named.TypeArguments.Select(IdOf)),
        _ => type.Name,
    };
}
