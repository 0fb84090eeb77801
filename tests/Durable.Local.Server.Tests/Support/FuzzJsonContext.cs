using System.Text.Json.Serialization;

namespace Durable.Local.Server.Tests.Support;

/// <summary>JSON metadata for the fuzzer's loosely typed request bodies.</summary>
[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(List<Dictionary<string, object?>>))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(int))]
internal sealed partial class FuzzJsonContext : JsonSerializerContext;
