using System.Text.Json;
using static Durable.Protocol.JsonReading;

namespace Durable.Protocol;

/// <summary>
/// Reads the invocation envelope in one allocation-light pass without decoding its operations: each operation is
/// recorded as its ID, type and byte range, and decoded only when replay looks it up. Decoded operations then die
/// young instead of forming one large, long-lived object graph per invocation, which is what made replay cost per
/// step grow with the size of the history. Type and status are still validated here, so an unknown value fails
/// the envelope up front with the same message as a full decode.
/// </summary>
internal static class EnvelopeScanner
{
    public static ScannedEnvelope Scan(ReadOnlyMemory<byte> json)
    {
        var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException(reader.TokenType == JsonTokenType.Null
                ? "The invocation payload is JSON null, not a durable execution envelope."
                : "The invocation payload is not a JSON object.");
        }

        var envelope = new ScannedEnvelope(json);
        while (NextProperty(ref reader))
        {
            // Names are compared in place (never allocated): this loop runs for every member of every operation.
            var property = Property.Other;
            if (reader.ValueTextEquals("DurableExecutionArn"u8))
            {
                property = Property.Arn;
            }
            else if (reader.ValueTextEquals("CheckpointToken"u8))
            {
                property = Property.Token;
            }
            else if (reader.ValueTextEquals("UpdatedOperationIds"u8))
            {
                property = Property.UpdatedIds;
            }
            else if (reader.ValueTextEquals("InitialExecutionState"u8))
            {
                property = Property.InitialState;
            }

            MoveToValue(ref reader);
            switch (property)
            {
                case Property.Arn:
                    envelope.DurableExecutionArn = ReadCurrentString(ref reader, "DurableExecutionArn");
                    break;
                case Property.Token:
                    envelope.CheckpointToken = ReadCurrentString(ref reader, "CheckpointToken");
                    break;
                case Property.UpdatedIds:
                    envelope.UpdatedOperationIds = ReadStrings(ref reader, "UpdatedOperationIds");
                    break;
                case Property.InitialState:
                    ReadInitialState(ref reader, envelope);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return envelope;
    }

    private static void ReadInitialState(ref Utf8JsonReader reader, ScannedEnvelope envelope)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        Expect(ref reader, JsonTokenType.StartObject, "InitialExecutionState");
        envelope.HasInitialState = true;
        while (NextProperty(ref reader))
        {
            var isOperations = reader.ValueTextEquals("Operations"u8);
            var isMarker = !isOperations && reader.ValueTextEquals("NextMarker"u8);
            MoveToValue(ref reader);
            if (isOperations)
            {
                ReadOperations(ref reader, envelope);
            }
            else if (isMarker)
            {
                envelope.NextMarker = ReadCurrentString(ref reader, "NextMarker");
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadOperations(ref Utf8JsonReader reader, ScannedEnvelope envelope)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        Expect(ref reader, JsonTokenType.StartArray, "Operations");
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject, $"Operations[{index}]");
            var start = (int)reader.TokenStartIndex;
            var idStart = -1;
            var idLength = 0;
            string? escapedId = null;
            OperationType? type = null;
            var hasStatus = false;
            while (NextProperty(ref reader))
            {
                var property = reader.ValueTextEquals("Id"u8) ? Property.Id
                    : reader.ValueTextEquals("Type"u8) ? Property.Type
                    : reader.ValueTextEquals("Status"u8) ? Property.Status
                    : Property.Other;
                MoveToValue(ref reader);
                switch (property)
                {
                    case Property.Id:
                        if (reader.TokenType != JsonTokenType.String)
                        {
                            throw new JsonException($"Operations[{index}].Id must be a string but is {reader.TokenType}.");
                        }

                        // The ID stays a byte range of the envelope; only an escaped one needs a string.
                        idStart = (int)reader.TokenStartIndex + 1;
                        idLength = reader.ValueSpan.Length;
                        escapedId = reader.ValueIsEscaped ? reader.GetString() : null;
                        break;
                    case Property.Type:
                        type = OperationTypeConverter.Instance.Read(ref reader, typeof(OperationType), EnvelopeJsonContext.Default.Options);
                        break;
                    case Property.Status:
                        _ = OperationStatusConverter.Instance.Read(ref reader, typeof(OperationStatus), EnvelopeJsonContext.Default.Options);
                        hasStatus = true;
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (idStart < 0 || type is null || !hasStatus)
            {
                throw new JsonException($"Operations[{index}] lacks one of the required members Id, Type and Status.");
            }

            envelope.Operations.Add(start, (int)reader.BytesConsumed - start, idStart, idLength, escapedId, type.Value);
            index++;
        }

        envelope.Operations.Seal();
    }

    /// <summary>The members the scanner looks at.</summary>
    private enum Property
    {
        Other,
        Arn,
        Token,
        UpdatedIds,
        InitialState,
        Id,
        Type,
        Status,
    }

    private static List<string>? ReadStrings(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray, name);
        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(ReadCurrentString(ref reader, name) ?? throw new JsonException($"'{name}' contains null."));
        }

        return values;
    }
}

/// <summary>An envelope whose operations are still undecoded byte ranges of <see cref="Json"/>.</summary>
internal sealed class ScannedEnvelope(ReadOnlyMemory<byte> json)
{
    public ReadOnlyMemory<byte> Json { get; } = json;

    public string? DurableExecutionArn { get; set; }

    public string? CheckpointToken { get; set; }

    public bool HasInitialState { get; set; }

    public string? NextMarker { get; set; }

    public List<string>? UpdatedOperationIds { get; set; }

    /// <summary>The envelope's operations, undecoded.</summary>
    public EnvelopeIndex Operations { get; } = new(json);
}
