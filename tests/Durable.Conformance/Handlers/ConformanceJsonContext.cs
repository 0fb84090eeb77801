using System.Text.Json.Serialization;

namespace Durable.Conformance;

/// <summary>JSON metadata for the records the handlers exchange.</summary>
[JsonSerializable(typeof(Handlers.StepHandlers.UserProfile))]
[JsonSerializable(typeof(Handlers.StepHandlers.ProfileResponse))]
[JsonSerializable(typeof(Handlers.WaitHandlers.WaitCount))]
[JsonSerializable(typeof(Handlers.InvokeHandlers.NamedPayload))]
[JsonSerializable(typeof(Handlers.InvokeHandlers.TenantPayload))]
[JsonSerializable(typeof(Handlers.ConditionHandlers.JobState))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(int[]))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<int>))]
[JsonSerializable(typeof(IReadOnlyList<System.Text.Json.Nodes.JsonNode>))]
[JsonSerializable(typeof(IReadOnlyList<IReadOnlyList<string>>))]
internal sealed partial class ConformanceJsonContext : JsonSerializerContext;
