using System.Text.Json.Serialization;

namespace Durable.Runtime.Tests.Support;

/// <summary>JSON metadata for the payload types the tests' workflows use.</summary>
[JsonSerializable(typeof(CompletionReason))]
[JsonSerializable(typeof(char))]
[JsonSerializable(typeof(IReadOnlyList<char>))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
