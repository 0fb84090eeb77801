namespace Durable.Generators.Model;

/// <summary>
/// One payload type's JSON metadata, in the terms of <c>JsonMetadataServices</c>: which factory builds it and with
/// what. Types are fully qualified name strings as <c>typeof</c> takes them.
/// </summary>
/// <param name="TypeName">The type.</param>
/// <param name="Id">An identifier unique within the workflow, for the factory method's name.</param>
/// <param name="Kind">Which kind of metadata.</param>
/// <param name="Converter">
/// <see cref="JsonTypeKind.Value"/>: the <c>JsonMetadataServices</c> converter property;
/// <see cref="JsonTypeKind.CustomConverter"/>: the converter type to instantiate.
/// </param>
/// <param name="ElementType">The element (collections), value (dictionaries) or underlying (nullable) type.</param>
/// <param name="KeyType">The key type of dictionaries.</param>
/// <param name="Factory">The <c>JsonMetadataServices</c> method of collections and dictionaries.</param>
/// <param name="CreatorType">The type a collection's <c>ObjectCreator</c> instantiates, or null for none.</param>
/// <param name="CreateRange">The <c>CreateRange</c> method group of immutable collections.</param>
/// <param name="NumberHandling">The type's <c>[JsonNumberHandling]</c> value expression, or null.</param>
/// <param name="Object">The members and constructor of object types.</param>
internal sealed record JsonTypeSpec(
    string TypeName,
    string Id,
    JsonTypeKind Kind,
    string? Converter = null,
    string? ElementType = null,
    string? KeyType = null,
    string? Factory = null,
    string? CreatorType = null,
    string? CreateRange = null,
    string? NumberHandling = null,
    JsonObjectSpec? Object = null);

/// <summary>The kinds of metadata the generator emits.</summary>
internal enum JsonTypeKind
{
    /// <summary>A type with a built-in converter (primitives, strings, dates, <c>Uri</c>, JSON documents).</summary>
    Value,

    /// <summary>An enum (numbers, or what the options' converters say).</summary>
    Enum,

    /// <summary><c>Nullable&lt;T&gt;</c>.</summary>
    Nullable,

    /// <summary>A single-dimensional array.</summary>
    Array,

    /// <summary>A mutable collection or collection interface.</summary>
    Collection,

    /// <summary>A dictionary or dictionary interface.</summary>
    Dictionary,

    /// <summary>An immutable collection built with <c>CreateRange</c>.</summary>
    ImmutableCollection,

    /// <summary>An immutable dictionary built with <c>CreateRange</c>.</summary>
    ImmutableDictionary,

    /// <summary>A type with a <c>[JsonConverter]</c> attribute.</summary>
    CustomConverter,

    /// <summary>A class, struct or record serialized member by member.</summary>
    Object,
}

/// <summary>How an object type is created and which members it has.</summary>
/// <param name="IsValueType">Whether the type is a struct (setters unbox).</param>
/// <param name="Creation">Which constructor deserialization uses.</param>
/// <param name="Parameters">Constructor parameters, then member initializers (init-only and required members).</param>
/// <param name="Properties">Properties and fields, most derived type first, properties before fields.</param>
internal sealed record JsonObjectSpec(
    bool IsValueType,
    JsonCreation Creation,
    EquatableArray<JsonParameterSpec> Parameters,
    EquatableArray<JsonPropertySpec> Properties);

/// <summary>How deserialization creates an object.</summary>
internal enum JsonCreation
{
    /// <summary>It cannot (abstract, or no usable constructor): serialization only.</summary>
    None,

    /// <summary>Through the parameterless constructor, then setters.</summary>
    Parameterless,

    /// <summary>Through a constructor with arguments and/or member initializers.</summary>
    Parameterized,
}

/// <summary>A constructor parameter or member initializer of an object type.</summary>
/// <param name="Name">The parameter's (or member's) name.</param>
/// <param name="ParameterType">Its type.</param>
/// <param name="Position">Its index in the creator's argument array.</param>
/// <param name="HasDefaultValue">Whether the parameter is optional.</param>
/// <param name="DefaultValue">The default value expression when optional.</param>
/// <param name="IsNullable">Whether null is acceptable (nullable annotations).</param>
/// <param name="IsMemberInitializer">A member set in the object initializer rather than a constructor argument.</param>
internal sealed record JsonParameterSpec(
    string Name,
    string ParameterType,
    int Position,
    bool HasDefaultValue,
    string? DefaultValue,
    bool IsNullable,
    bool IsMemberInitializer);

/// <summary>A serialized property or field.</summary>
/// <param name="DeclaringType">The type that declares it (a base type for inherited members).</param>
/// <param name="DeclaringTypeName">The declaring type's short name, for messages.</param>
/// <param name="PropertyType">The member's type with its nullable annotations, so the generated accessors match it.</param>
/// <param name="PropertyTypeOf">The member's type as <c>typeof</c> takes it.</param>
/// <param name="MemberName">The member's name.</param>
/// <param name="IsProperty">Property or field.</param>
/// <param name="IsPublic">Whether serialization may use it without <c>[JsonInclude]</c> checks.</param>
/// <param name="IsVirtual">Whether it is virtual, abstract or an override.</param>
/// <param name="HasGetter">Whether the generated code reads it.</param>
/// <param name="Setter">How the generated code writes it.</param>
/// <param name="IgnoreCondition">The <c>JsonIgnoreCondition</c> member name, or null.</param>
/// <param name="HasJsonInclude">Whether it carries <c>[JsonInclude]</c>.</param>
/// <param name="IsExtensionData">Whether it carries <c>[JsonExtensionData]</c>.</param>
/// <param name="NumberHandling">Its <c>[JsonNumberHandling]</c> value expression, or null.</param>
/// <param name="JsonPropertyName">Its <c>[JsonPropertyName]</c>, or null.</param>
/// <param name="Order">Its <c>[JsonPropertyOrder]</c>, 0 by default.</param>
/// <param name="IsRequired">Required by <c>[JsonRequired]</c> or the <c>required</c> keyword.</param>
/// <param name="ConverterType">Its <c>[JsonConverter]</c> type, or null.</param>
/// <param name="GetterDisallowsNull">The getter is annotated not-null (reference types only).</param>
/// <param name="SetterDisallowsNull">The setter is annotated not-null (reference types only).</param>
internal sealed record JsonPropertySpec(
    string DeclaringType,
    string DeclaringTypeName,
    string PropertyType,
    string PropertyTypeOf,
    string MemberName,
    bool IsProperty,
    bool IsPublic,
    bool IsVirtual,
    bool HasGetter,
    JsonSetter Setter,
    string? IgnoreCondition,
    bool HasJsonInclude,
    bool IsExtensionData,
    string? NumberHandling,
    string? JsonPropertyName,
    int Order,
    bool IsRequired,
    string? ConverterType,
    bool GetterDisallowsNull,
    bool SetterDisallowsNull);

/// <summary>How generated metadata writes a member.</summary>
internal enum JsonSetter
{
    /// <summary>It does not (read-only, or ignored).</summary>
    None,

    /// <summary>Assigns through a cast of the instance.</summary>
    Assign,

    /// <summary>Assigns through the unboxed struct instance.</summary>
    AssignUnboxed,

    /// <summary>Init-only: set by the creator's member initializer; the setter itself throws.</summary>
    InitOnly,

    /// <summary>A <c>[JsonInclude]</c> setter the generated code cannot reach; throws.</summary>
    Inaccessible,
}
