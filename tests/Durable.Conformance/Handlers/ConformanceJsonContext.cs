using System.Text.Json.Serialization;

namespace Durable.Conformance;

/// <summary>JSON metadata for the records the handlers exchange.</summary>
[JsonSerializable(typeof(Handlers.StepHandlers.UserProfile))]
[JsonSerializable(typeof(Handlers.StepHandlers.ProfileResponse))]
[JsonSerializable(typeof(Handlers.WaitHandlers.WaitCount))]
internal sealed partial class ConformanceJsonContext : JsonSerializerContext;
