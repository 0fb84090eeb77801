using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Durable.Protocol;

/// <summary>
/// Source-generated JSON metadata for the invocation envelope (epoch-millisecond timestamps).
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochMillisecondsConverter), typeof(EnvelopeOperationConverter)])]
[JsonSerializable(typeof(DurableExecutionInvocationInput))]
[JsonSerializable(typeof(DurableExecutionInvocationOutput))]
[JsonSerializable(typeof(Operation))]
internal sealed partial class EnvelopeJsonContext : JsonSerializerContext;

/// <summary>
/// Source-generated JSON metadata for the Lambda REST API bodies (epoch-second timestamps). Request shapes with URI,
/// header or payload members are registered whole for tools and emulators; on the wire
/// <c>Durable.Client.Http.LambdaDurableClient</c> sends only the body members (or the payload member) the model names.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter), typeof(ApiOperationConverter)])]
[JsonSerializable(typeof(CheckpointDurableExecutionRequest))]
[JsonSerializable(typeof(CheckpointDurableExecutionResponse))]
[JsonSerializable(typeof(GetDurableExecutionStateResponse))]
[JsonSerializable(typeof(GetDurableExecutionResponse))]
[JsonSerializable(typeof(GetDurableExecutionHistoryResponse))]
[JsonSerializable(typeof(ListDurableExecutionsByFunctionResponse))]
[JsonSerializable(typeof(StopDurableExecutionRequest))]
[JsonSerializable(typeof(StopDurableExecutionResponse))]
[JsonSerializable(typeof(ErrorObject))]
[JsonSerializable(typeof(GetDurableExecutionRequest))]
[JsonSerializable(typeof(SendDurableExecutionCallbackSuccessRequest))]
[JsonSerializable(typeof(SendDurableExecutionCallbackSuccessResponse))]
[JsonSerializable(typeof(SendDurableExecutionCallbackFailureRequest))]
[JsonSerializable(typeof(SendDurableExecutionCallbackFailureResponse))]
[JsonSerializable(typeof(SendDurableExecutionCallbackHeartbeatRequest))]
[JsonSerializable(typeof(SendDurableExecutionCallbackHeartbeatResponse))]
[JsonSerializable(typeof(List<OperationUpdate>))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;

/// <summary>
/// Serializes protocol shapes exactly as they travel: the invocation envelope with epoch-millisecond timestamps
/// and the REST API bodies with epoch-second timestamps. Trim-safe (source-generated metadata only).
/// </summary>
public static class ProtocolJson
{
    /// <summary>Reads an invocation envelope; throws <see cref="JsonException"/> naming the bad member.</summary>
    public static DurableExecutionInvocationInput DeserializeInput(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, EnvelopeJsonContext.Default.DurableExecutionInvocationInput)
        ?? throw new JsonException("The invocation payload is JSON null, not a durable execution envelope.");

    /// <summary>Reads an invocation envelope from a string.</summary>
    public static DurableExecutionInvocationInput DeserializeInput(string json) =>
        JsonSerializer.Deserialize(json, EnvelopeJsonContext.Default.DurableExecutionInvocationInput)
        ?? throw new JsonException("The invocation payload is JSON null, not a durable execution envelope.");

    /// <summary>Writes an invocation envelope.</summary>
    public static string Serialize(DurableExecutionInvocationInput input) =>
        JsonSerializer.Serialize(input, EnvelopeJsonContext.Default.DurableExecutionInvocationInput);

    /// <summary>Writes an invocation envelope as UTF-8.</summary>
    public static byte[] SerializeToUtf8Bytes(DurableExecutionInvocationInput input) =>
        JsonSerializer.SerializeToUtf8Bytes(input, EnvelopeJsonContext.Default.DurableExecutionInvocationInput);

    /// <summary>Writes the invocation output.</summary>
    public static string Serialize(DurableExecutionInvocationOutput output) =>
        JsonSerializer.Serialize(output, EnvelopeJsonContext.Default.DurableExecutionInvocationOutput);

    /// <summary>Writes the invocation output as UTF-8.</summary>
    public static byte[] SerializeToUtf8Bytes(DurableExecutionInvocationOutput output) =>
        JsonSerializer.SerializeToUtf8Bytes(output, EnvelopeJsonContext.Default.DurableExecutionInvocationOutput);

    /// <summary>Reads the invocation output.</summary>
    public static DurableExecutionInvocationOutput DeserializeOutput(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, EnvelopeJsonContext.Default.DurableExecutionInvocationOutput)
        ?? throw new JsonException("The invocation output is JSON null.");

    /// <summary>The error as the service measures it: its JSON in UTF-8.</summary>
    public static byte[] SerializeToUtf8Bytes(ErrorObject error) =>
        JsonSerializer.SerializeToUtf8Bytes(error, ApiJsonContext.Default.ErrorObject);

    /// <summary>Metadata of the REST API bodies (epoch-second timestamps), for clients and servers of the API.</summary>
    public static IJsonTypeInfoResolver ApiTypeInfoResolver => ApiJsonContext.Default;

    /// <summary>Metadata for one REST API body type.</summary>
    public static JsonTypeInfo<T> ApiTypeInfo<T>() =>
        (JsonTypeInfo<T>)(ApiJsonContext.Default.GetTypeInfo(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not a Lambda API body shape."));
}
