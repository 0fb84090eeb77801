using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Durable;

/// <summary>
/// Turns a checkpointed value into the string payload the service stores, and back. Every durable operation
/// accepts one, so a single step, callback or result can use its own format; by default the workflow's JSON
/// metadata is used.
/// </summary>
/// <remarks>
/// A <see cref="JsonTypeInfo{T}"/> (for example <c>MyJsonContext.Default.Order</c>) converts implicitly to a
/// serializer, so any operation that takes a <see cref="DurableSerializer{T}"/> also takes source-generated
/// System.Text.Json metadata.
/// </remarks>
/// <typeparam name="T">The value type.</typeparam>
public abstract class DurableSerializer<T>
{
    /// <summary>Serializes <paramref name="value"/>; null means "no payload".</summary>
    /// <param name="value">The value to store.</param>
    /// <param name="context">Which operation of which execution the payload belongs to.</param>
    public abstract string? Serialize(T value, SerializationContext context);

    /// <summary>Deserializes a stored payload; <paramref name="payload"/> is null when nothing was stored.</summary>
    /// <param name="payload">The stored payload, exactly as the service returned it.</param>
    /// <param name="context">Which operation of which execution the payload belongs to.</param>
    public abstract T Deserialize(string? payload, SerializationContext context);

    /// <summary>Uses System.Text.Json metadata (source-generated or otherwise) as the serializer.</summary>
    /// <param name="typeInfo">The metadata for <typeparamref name="T"/>.</param>
    public static implicit operator DurableSerializer<T>(JsonTypeInfo<T> typeInfo) => DurableSerializer.Json(typeInfo);
}

/// <summary>Factory methods for <see cref="DurableSerializer{T}"/>.</summary>
public static class DurableSerializer
{
    /// <summary>A serializer backed by System.Text.Json metadata.</summary>
    /// <param name="typeInfo">The metadata for <typeparamref name="T"/>.</param>
    /// <typeparam name="T">The value type.</typeparam>
    public static DurableSerializer<T> Json<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return new JsonDurableSerializer<T>(typeInfo);
    }

    /// <summary>A serializer built from two delegates.</summary>
    /// <param name="serialize">Value to payload.</param>
    /// <param name="deserialize">Payload (null when absent) to value.</param>
    /// <typeparam name="T">The value type.</typeparam>
    public static DurableSerializer<T> Create<T>(Func<T, string?> serialize, Func<string?, T> deserialize)
    {
        ArgumentNullException.ThrowIfNull(serialize);
        ArgumentNullException.ThrowIfNull(deserialize);
        return new DelegateDurableSerializer<T>(serialize, deserialize);
    }

    /// <summary>
    /// Stores and reads strings as they are, without JSON: for callback bodies that are plain text, or payloads
    /// another system reads verbatim.
    /// </summary>
    public static DurableSerializer<string> RawString { get; } = Create<string>(value => value, payload => payload ?? string.Empty);

    private sealed class DelegateDurableSerializer<T>(Func<T, string?> serialize, Func<string?, T> deserialize)
        : DurableSerializer<T>
    {
        public override string? Serialize(T value, SerializationContext context) => serialize(value);

        public override T Deserialize(string? payload, SerializationContext context) => deserialize(payload);
    }
}

/// <summary>Identifies the operation a payload belongs to, for serializers that need it (encryption, offloading).</summary>
/// <param name="OperationId">The operation ID, or the execution operation's ID for workflow input and output.</param>
/// <param name="DurableExecutionArn">The execution ARN.</param>
public readonly record struct SerializationContext(string OperationId, string DurableExecutionArn);

/// <summary>JSON payloads through <see cref="JsonTypeInfo{T}"/>; an absent or empty payload reads as default.</summary>
internal sealed class JsonDurableSerializer<T>(JsonTypeInfo<T> typeInfo) : DurableSerializer<T>
{
    public JsonTypeInfo<T> TypeInfo { get; } = typeInfo;

    public override string? Serialize(T value, SerializationContext context) =>
        JsonSerializer.Serialize(value, TypeInfo);

    public override T Deserialize(string? payload, SerializationContext context) =>
        string.IsNullOrEmpty(payload) ? default! : JsonSerializer.Deserialize(payload, TypeInfo)!;
}
