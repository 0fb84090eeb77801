using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Durable;

/// <summary>
/// Builds the <see cref="JsonSerializerOptions"/> used for checkpoint payloads and resolves serializers from them.
/// The default path uses source-generated metadata only (trim- and AOT-safe); reflection is an explicit opt-in.
/// </summary>
public static class DurableJson
{
    /// <summary>
    /// Options for payloads: web defaults (camelCase names, case-insensitive reads), metadata from
    /// <paramref name="resolvers"/> first and then the built-in metadata for primitives and JSON documents.
    /// </summary>
    /// <param name="resolvers">Source-generated contexts (ours or the user's) that describe the payload types.</param>
    public static JsonSerializerOptions CreateOptions(params IJsonTypeInfoResolver[] resolvers)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        foreach (var resolver in resolvers)
        {
            options.TypeInfoResolverChain.Add(resolver);
        }

        options.TypeInfoResolverChain.Add(BuiltInPayloadJsonContext.Default);
        return options;
    }

    /// <summary>
    /// Options with the settings of <paramref name="template"/> (naming policy, converters, number handling, ...) whose
    /// metadata comes from <paramref name="resolvers"/> first and then from the template's own resolvers. Generated
    /// workflow registrations use it to put the user's <c>JsonContext</c> and the generated metadata in front of
    /// whatever the host configured.
    /// </summary>
    /// <param name="template">The options to copy; not changed.</param>
    /// <param name="resolvers">Metadata consulted before the template's.</param>
    public static JsonSerializerOptions PrependResolvers(JsonSerializerOptions template, params IJsonTypeInfoResolver[] resolvers)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(resolvers);
        var options = new JsonSerializerOptions(template);
        for (var i = 0; i < resolvers.Length; i++)
        {
            options.TypeInfoResolverChain.Insert(i, resolvers[i]);
        }

        return options;
    }

    /// <summary>
    /// Adds reflection-based metadata as the last resort, for types no generated context describes. Not trim-safe:
    /// a trimmed or AOT application can lose the members it needs.
    /// </summary>
    /// <param name="options">Options that are not yet in use.</param>
    [RequiresUnreferencedCode("Reflection-based JSON metadata may need members that trimming removes. Describe payload types with generated metadata instead.")]
    [RequiresDynamicCode("Reflection-based JSON metadata may need code generated at run time. Describe payload types with generated metadata instead.")]
    public static JsonSerializerOptions WithReflectionFallback(this JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
        return options;
    }

    /// <summary>The default options: built-in metadata only.</summary>
    public static JsonSerializerOptions Default { get; } = CreateOptions();

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<JsonSerializerOptions, SerializerResolver> Resolvers = [];

    /// <summary>
    /// The serializer for <typeparamref name="T"/> from these options' metadata, as workflows use it (cached per
    /// options instance).
    /// </summary>
    /// <param name="options">Payload options.</param>
    /// <typeparam name="T">The payload type.</typeparam>
    /// <exception cref="InvalidOperationException">The options have no metadata for <typeparamref name="T"/>.</exception>
    public static DurableSerializer<T> GetDurableSerializer<T>(this JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ResolverFor(options).Get<T>();
    }

    internal static SerializerResolver ResolverFor(JsonSerializerOptions options) =>
        Resolvers.GetValue(options, static o => new SerializerResolver(o));
}

/// <summary>
/// Resolves and caches one <see cref="DurableSerializer{T}"/> per type from payload options. Failing to find
/// metadata is a configuration error, reported with what to do about it.
/// </summary>
internal sealed class SerializerResolver(JsonSerializerOptions options)
{
    private readonly ConcurrentDictionary<Type, object> _cache = new();

    public JsonSerializerOptions Options { get; } = options;

    public DurableSerializer<T> Get<T>() =>
        (DurableSerializer<T>)_cache.GetOrAdd(typeof(T), static (_, self) => self.Create<T>(), this);

    private DurableSerializer<T> Create<T>()
    {
        JsonTypeInfo? info;
        try
        {
            // Only the configured resolvers: options without any fail here rather than silently reflecting.
            info = Options.TypeInfoResolver?.GetTypeInfo(typeof(T), Options);
        }
        catch (NotSupportedException ex)
        {
            throw MissingMetadata(typeof(T), ex);
        }

        if (info is not JsonTypeInfo<T> typed)
        {
            throw MissingMetadata(typeof(T), null);
        }

        return new JsonDurableSerializer<T>(typed);
    }

    private static InvalidOperationException MissingMetadata(Type type, Exception? inner) => new(
        $"No JSON serialization metadata for payload type '{type.FullName}'. Declare the type in a " +
        "JsonSerializerContext ([JsonSerializable(typeof(...))]) and pass it to DurableJson.CreateOptions, " +
        "pass a DurableSerializer<T> (or JsonTypeInfo<T>) to this operation, or opt in to reflection with " +
        "DurableJson.WithReflectionFallback (not trim-safe).",
        inner);
}

/// <summary>Metadata for payload types every workflow may use without declaring them.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(Guid))]
[JsonSerializable(typeof(DateTime))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(TimeSpan))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonArray))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(int[]))]
[JsonSerializable(typeof(List<int>))]
[JsonSerializable(typeof(IReadOnlyList<int>))]
[JsonSerializable(typeof(long[]))]
[JsonSerializable(typeof(IReadOnlyList<long>))]
[JsonSerializable(typeof(IReadOnlyList<double>))]
[JsonSerializable(typeof(IReadOnlyList<decimal>))]
[JsonSerializable(typeof(IReadOnlyList<bool>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class BuiltInPayloadJsonContext : JsonSerializerContext;
