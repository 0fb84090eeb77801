using System.Text.Json.Serialization;
using Durable.Protocol;

namespace Durable.Local.Persistence;

/// <summary>
/// The engine's persisted form of an execution: every field of its record that outlives an invocation, including
/// what crash recovery needs (the invocation in flight, a wanted re-invocation, the retry due time).
/// </summary>
internal sealed class ExecutionDocument
{
    public required string Arn { get; init; }

    public required string Name { get; init; }

    public required string ExecutionId { get; init; }

    public required string FunctionName { get; init; }

    public required string Version { get; init; }

    public long StartOrder { get; init; }

    public DateTimeOffset StartTimestamp { get; init; }

    public string? InputPayload { get; init; }

    public string? InvokedByArn { get; init; }

    public string? InvokedByOperationId { get; init; }

    public int ExecutionTimeoutSeconds { get; init; }

    /// <summary>Wire name (<c>RUNNING</c>, …).</summary>
    public required string Status { get; init; }

    public string? Result { get; init; }

    public ErrorObject? Error { get; init; }

    public DateTimeOffset? EndTimestamp { get; init; }

    public int InvocationCount { get; init; }

    public int ConsecutiveFailedInvocations { get; init; }

    public long TokenSequence { get; init; }

    public string? PendingCloseStatus { get; init; }

    public string? PendingCloseResult { get; init; }

    public ErrorObject? PendingCloseError { get; init; }

    /// <summary>The invocation in flight when saved: after a crash it is recorded as interrupted.</summary>
    public string? InFlightRequestId { get; init; }

    public DateTimeOffset? InFlightStartTimestamp { get; init; }

    /// <summary>An invocation was queued or asked for: a restarted engine invokes again.</summary>
    public bool InvocationWanted { get; init; }

    public DateTimeOffset? RetryDue { get; init; }
}

/// <summary>The engine's persisted form of an operation: every field of <c>StoredOperation</c>.</summary>
internal sealed class OperationDocument
{
    public required string Id { get; init; }

    public string? ParentId { get; init; }

    public string? Name { get; init; }

    /// <summary>Wire name (<c>STEP</c>, …).</summary>
    public required string Type { get; init; }

    public string? SubType { get; init; }

    public long StartSequence { get; init; }

    public DateTimeOffset StartTimestamp { get; init; }

    public DateTimeOffset? EndTimestamp { get; init; }

    /// <summary>Wire name (<c>STARTED</c>, …).</summary>
    public required string Status { get; init; }

    public string? InputPayload { get; init; }

    public string? Result { get; init; }

    public ErrorObject? Error { get; init; }

    public int Attempt { get; init; }

    public DateTimeOffset? NextAttemptTimestamp { get; init; }

    public int? WaitSeconds { get; init; }

    public DateTimeOffset? ScheduledEndTimestamp { get; init; }

    public bool? ReplayChildren { get; init; }

    public string? CallbackId { get; init; }

    public int? CallbackTimeoutSeconds { get; init; }

    public int? CallbackHeartbeatTimeoutSeconds { get; init; }

    public DateTimeOffset? HeartbeatDue { get; init; }

    public string? FunctionName { get; init; }

    public string? TenantId { get; init; }

    public string? InvokedExecutionArn { get; init; }

    public bool HasUndeliveredChange { get; init; }
}

/// <summary>Source-generated metadata for the persisted documents (ISO-8601 timestamps at full precision, enums by wire name).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExecutionDocument))]
[JsonSerializable(typeof(OperationDocument))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;

/// <summary>Reads the wire names the documents keep enums as; a name no version wrote means a damaged store.</summary>
internal static class StoredNames
{
    public static ExecutionStatus ExecutionStatus(string name) =>
        WireNames.TryParse(name, out Protocol.ExecutionStatus value) ? value : throw Damaged(name);

    public static OperationStatus OperationStatus(string name) =>
        WireNames.TryParse(name, out Protocol.OperationStatus value) ? value : throw Damaged(name);

    public static OperationType OperationType(string name) =>
        WireNames.TryParse(name, out Protocol.OperationType value) ? value : throw Damaged(name);

    private static InvalidDataException Damaged(string name) => new($"The store holds an unknown enum value '{name}'.");
}
