using System.Text.Json.Serialization.Metadata;
using Durable.Conformance.Driver;

namespace Durable.Conformance.Handlers;

/// <summary>Typed JSON metadata for handlers that write payloads by hand (custom serializers).</summary>
internal static class PayloadJson
{
    public static JsonTypeInfo<string> String { get; } =
        (JsonTypeInfo<string>)ConformanceEnvironment.Json.GetTypeInfo(typeof(string));
}
