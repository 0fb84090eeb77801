using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Durable;

/// <summary>
/// The base of the JSON metadata the source generator emits for each workflow's payload types (the nested
/// <c>JsonMetadata</c> class). Not meant for hand-written code.
/// </summary>
/// <remarks>
/// As in System.Text.Json's own generated contexts, a converter registered in the options for a type wins over the
/// generated metadata, and every type info reports this resolver as its origin.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GeneratedJsonTypeResolver : IJsonTypeInfoResolver
{
    /// <inheritdoc />
    public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        var typeInfo = CreateTypeInfo(type, options);
        if (typeInfo is not null)
        {
            typeInfo.OriginatingResolver = this;
        }

        return typeInfo;
    }

    /// <summary>The generated metadata for <paramref name="type"/>, or null when this resolver does not describe it.</summary>
    /// <param name="type">The requested type.</param>
    /// <param name="options">The options the metadata is for.</param>
    protected abstract JsonTypeInfo? CreateTypeInfo(Type type, JsonSerializerOptions options);

    /// <summary>Metadata from a converter in <paramref name="options"/> that handles <typeparamref name="T"/>, if any.</summary>
    /// <param name="options">The options.</param>
    /// <param name="typeInfo">The metadata built on that converter.</param>
    /// <typeparam name="T">The type.</typeparam>
    /// <returns>Whether the options have such a converter.</returns>
    protected static bool TryCreateFromOptionsConverter<T>(JsonSerializerOptions options, [NotNullWhen(true)] out JsonTypeInfo<T>? typeInfo)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var converter in options.Converters)
        {
            if (converter?.CanConvert(typeof(T)) == true)
            {
                typeInfo = JsonMetadataServices.CreateValueInfo<T>(options, Expand(typeof(T), converter, options));
                return true;
            }
        }

        typeInfo = null;
        return false;
    }

    /// <summary>
    /// The converter for <paramref name="type"/> from a <c>[JsonConverter]</c> attribute's converter: itself, or what a
    /// converter factory creates.
    /// </summary>
    /// <param name="type">The converted type.</param>
    /// <param name="converter">The attribute's converter.</param>
    /// <param name="options">The options.</param>
    /// <exception cref="InvalidOperationException">The converter cannot convert the type, or the factory returned no converter.</exception>
    protected static JsonConverter ExpandConverter(Type type, JsonConverter converter, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(converter);
        if (!converter.CanConvert(type))
        {
            throw new InvalidOperationException($"The converter '{converter.GetType()}' of a [JsonConverter] attribute cannot convert '{type}'.");
        }

        return Expand(type, converter, options);
    }

    private static JsonConverter Expand(Type type, JsonConverter converter, JsonSerializerOptions options)
    {
        if (converter is not JsonConverterFactory factory)
        {
            return converter;
        }

        return factory.CreateConverter(type, options) switch
        {
            null or JsonConverterFactory => throw new InvalidOperationException($"The converter factory '{factory.GetType()}' returned no converter for '{type}'."),
            { } created => created,
        };
    }
}
