using System.Buffers;
using System.Text;
using System.Text.Json;
using Durable.Protocol;

namespace Durable.Execution;

/// <summary>
/// What a parallel or map records on its own CONTEXT SUCCEED: the completion reason and, per started unit, its
/// status and stored result or error. Completed children are not sent on later replays (protocol §5), so this
/// summary alone must rebuild the batch result. When it is too large, the stripped form (statuses only) is stored
/// with ReplayChildren and the units are replayed instead. SDK-private format, versioned.
/// </summary>
internal sealed record BatchSummary(CompletionReason Reason, IReadOnlyList<BatchSummary.Unit> Units)
{
    private const int Version = 1;

    public string Serialize(bool stripped)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v"u8, Version);
            writer.WriteString("reason"u8, ReasonName(Reason));
            writer.WriteStartArray("units"u8);
            foreach (var unit in Units)
            {
                writer.WriteStartObject();
                writer.WriteNumber("i"u8, unit.Index);
                if (unit.Name is not null)
                {
                    writer.WriteString("n"u8, unit.Name);
                }

                writer.WriteString("s"u8, StatusName(unit.Status));
                if (!stripped && unit.Result is not null)
                {
                    writer.WriteString("r"u8, unit.Result);
                }

                if (!stripped && unit.Error is not null)
                {
                    writer.WritePropertyName("e"u8);
                    writer.WriteRawValue(ProtocolJson.SerializeToUtf8Bytes(unit.Error));
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static BatchSummary Parse(string? payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload ?? string.Empty);
            var root = document.RootElement;
            if (root.GetProperty("v").GetInt32() != Version)
            {
                throw new JsonException($"Unsupported batch summary version {root.GetProperty("v").GetInt32()}.");
            }

            var units = new List<Unit>();
            foreach (var unit in root.GetProperty("units").EnumerateArray())
            {
                units.Add(new Unit(
                    unit.GetProperty("i").GetInt32(),
                    unit.TryGetProperty("n", out var n) ? n.GetString() : null,
                    ParseStatus(unit.GetProperty("s").GetString()),
                    unit.TryGetProperty("r", out var r) ? r.GetString() : null,
                    unit.TryGetProperty("e", out var e) ? ReadError(e) : null));
            }

            return new BatchSummary(ParseReason(root.GetProperty("reason").GetString()), units);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidEnvelopeException($"The recorded parallel/map summary cannot be read: {ex.Message}", ex);
        }
    }

    private static ErrorObject ReadError(JsonElement element) => new()
    {
        ErrorType = element.TryGetProperty("ErrorType", out var type) ? type.GetString() : null,
        ErrorMessage = element.TryGetProperty("ErrorMessage", out var message) ? message.GetString() : null,
        ErrorData = element.TryGetProperty("ErrorData", out var data) ? data.GetString() : null,
        StackTrace = element.TryGetProperty("StackTrace", out var trace) ? trace.EnumerateArray().Select(f => f.GetString()!).ToList() : null,
    };

    private static string ReasonName(CompletionReason reason) => reason switch
    {
        CompletionReason.MinSuccessfulReached => "MIN_SUCCESSFUL_REACHED",
        CompletionReason.FailureToleranceExceeded => "FAILURE_TOLERANCE_EXCEEDED",
        _ => "ALL_COMPLETED",
    };

    private static CompletionReason ParseReason(string? name) => name switch
    {
        "ALL_COMPLETED" => CompletionReason.AllCompleted,
        "MIN_SUCCESSFUL_REACHED" => CompletionReason.MinSuccessfulReached,
        "FAILURE_TOLERANCE_EXCEEDED" => CompletionReason.FailureToleranceExceeded,
        _ => throw new JsonException($"Unknown completion reason '{name}'."),
    };

    private static string StatusName(BatchItemStatus status) => status switch
    {
        BatchItemStatus.Succeeded => "SUCCEEDED",
        BatchItemStatus.Failed => "FAILED",
        _ => "STARTED",
    };

    private static BatchItemStatus ParseStatus(string? name) => name switch
    {
        "SUCCEEDED" => BatchItemStatus.Succeeded,
        "FAILED" => BatchItemStatus.Failed,
        "STARTED" => BatchItemStatus.Started,
        _ => throw new JsonException($"Unknown unit status '{name}'."),
    };

    /// <summary>One started unit: its stored result (SUCCEEDED) or error (FAILED).</summary>
    public sealed record Unit(int Index, string? Name, BatchItemStatus Status, string? Result, ErrorObject? Error);
}
