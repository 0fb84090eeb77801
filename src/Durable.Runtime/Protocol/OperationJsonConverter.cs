using System.Text.Json;
using System.Text.Json.Serialization;
using static Durable.Protocol.JsonReading;

namespace Durable.Protocol;

/// <summary>
/// Reads and writes <see cref="Operation"/> by hand. Operations are the bulk of every envelope and state page, and
/// replay decodes each one it touches, so this path avoids the general serializer's per-call read stack and
/// allocates only the objects it returns. Unknown members are skipped; Id, Type and Status are required. The two
/// subclasses differ only in the timestamp format (envelope: epoch milliseconds; REST: epoch seconds).
/// </summary>
internal abstract class OperationJsonConverter : JsonConverter<Operation>
{
    private static readonly InterningStringConverter Interned = new();

    public override bool HandleNull => false;

    protected abstract DateTimeOffset ReadTimestamp(ref Utf8JsonReader reader);

    protected abstract void WriteTimestamp(Utf8JsonWriter writer, ReadOnlySpan<byte> name, DateTimeOffset value);

    public override Operation Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, options, knownId: null);

    /// <summary>Reads an operation whose ID the caller already holds as a string (no second copy is made).</summary>
    public Operation Read(ref Utf8JsonReader reader, JsonSerializerOptions options, string? knownId)
    {
        Expect(ref reader, JsonTokenType.StartObject, "an operation");
        string? id = null, parentId = null, name = null, subType = null;
        OperationType? type = null;
        OperationStatus? status = null;
        DateTimeOffset start = default;
        DateTimeOffset? end = null;
        ExecutionDetails? execution = null;
        ContextDetails? context = null;
        StepDetails? step = null;
        WaitDetails? wait = null;
        CallbackDetails? callback = null;
        ChainedInvokeDetails? invoke = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("Id"u8))
            {
                if (knownId is null)
                {
                    id = ReadString(ref reader, "value");
                }
                else
                {
                    SkipValue(ref reader);
                    id = knownId;
                }
            }
            else if (reader.ValueTextEquals("Type"u8))
            {
                MoveToValue(ref reader);
                type = OperationTypeConverter.Instance.Read(ref reader, typeof(OperationType), options);
            }
            else if (reader.ValueTextEquals("Status"u8))
            {
                MoveToValue(ref reader);
                status = OperationStatusConverter.Instance.Read(ref reader, typeof(OperationStatus), options);
            }
            else if (reader.ValueTextEquals("Name"u8))
            {
                name = ReadInterned(ref reader, options);
            }
            else if (reader.ValueTextEquals("SubType"u8))
            {
                subType = ReadInterned(ref reader, options);
            }
            else if (reader.ValueTextEquals("ParentId"u8))
            {
                parentId = ReadString(ref reader, "value");
            }
            else if (reader.ValueTextEquals("StartTimestamp"u8))
            {
                start = ReadOptionalTimestamp(ref reader) ?? default;
            }
            else if (reader.ValueTextEquals("EndTimestamp"u8))
            {
                end = ReadOptionalTimestamp(ref reader);
            }
            else if (reader.ValueTextEquals("StepDetails"u8))
            {
                step = ReadStepDetails(ref reader);
            }
            else if (reader.ValueTextEquals("ContextDetails"u8))
            {
                context = ReadContextDetails(ref reader);
            }
            else if (reader.ValueTextEquals("ExecutionDetails"u8))
            {
                execution = ReadExecutionDetails(ref reader);
            }
            else if (reader.ValueTextEquals("WaitDetails"u8))
            {
                wait = ReadWaitDetails(ref reader);
            }
            else if (reader.ValueTextEquals("CallbackDetails"u8))
            {
                callback = ReadCallbackDetails(ref reader);
            }
            else if (reader.ValueTextEquals("ChainedInvokeDetails"u8))
            {
                invoke = ReadChainedInvokeDetails(ref reader);
            }
            else
            {
                MoveToValue(ref reader);
                reader.Skip();
            }
        }

        if (id is null || type is null || status is null)
        {
            throw new JsonException("An operation lacks one of the required members Id, Type and Status.");
        }

        return new Operation
        {
            Id = id,
            ParentId = parentId,
            Name = name,
            Type = type.Value,
            SubType = subType,
            StartTimestamp = start,
            EndTimestamp = end,
            Status = status.Value,
            ExecutionDetails = execution,
            ContextDetails = context,
            StepDetails = step,
            WaitDetails = wait,
            CallbackDetails = callback,
            ChainedInvokeDetails = invoke,
        };
    }

    public override void Write(Utf8JsonWriter writer, Operation value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("Id"u8, value.Id);
        WriteOptional(writer, "ParentId"u8, value.ParentId);
        WriteOptional(writer, "Name"u8, value.Name);
        writer.WritePropertyName("Type"u8);
        OperationTypeConverter.Instance.Write(writer, value.Type, options);
        WriteOptional(writer, "SubType"u8, value.SubType);
        WriteTimestamp(writer, "StartTimestamp"u8, value.StartTimestamp);
        if (value.EndTimestamp is { } end)
        {
            WriteTimestamp(writer, "EndTimestamp"u8, end);
        }

        writer.WritePropertyName("Status"u8);
        OperationStatusConverter.Instance.Write(writer, value.Status, options);
        if (value.ExecutionDetails is { } execution)
        {
            writer.WriteStartObject("ExecutionDetails"u8);
            WriteOptional(writer, "InputPayload"u8, execution.InputPayload);
            writer.WriteEndObject();
        }

        if (value.ContextDetails is { } context)
        {
            writer.WriteStartObject("ContextDetails"u8);
            if (context.ReplayChildren is { } replay)
            {
                writer.WriteBoolean("ReplayChildren"u8, replay);
            }

            WriteOptional(writer, "Result"u8, context.Result);
            WriteError(writer, context.Error);
            writer.WriteEndObject();
        }

        if (value.StepDetails is { } step)
        {
            writer.WriteStartObject("StepDetails"u8);
            if (step.Attempt is { } attempt)
            {
                writer.WriteNumber("Attempt"u8, attempt);
            }

            if (step.NextAttemptTimestamp is { } next)
            {
                WriteTimestamp(writer, "NextAttemptTimestamp"u8, next);
            }

            WriteOptional(writer, "Result"u8, step.Result);
            WriteError(writer, step.Error);
            writer.WriteEndObject();
        }

        if (value.WaitDetails is { } wait)
        {
            writer.WriteStartObject("WaitDetails"u8);
            if (wait.ScheduledEndTimestamp is { } scheduled)
            {
                WriteTimestamp(writer, "ScheduledEndTimestamp"u8, scheduled);
            }

            writer.WriteEndObject();
        }

        if (value.CallbackDetails is { } callback)
        {
            writer.WriteStartObject("CallbackDetails"u8);
            WriteOptional(writer, "CallbackId"u8, callback.CallbackId);
            WriteOptional(writer, "Result"u8, callback.Result);
            WriteError(writer, callback.Error);
            writer.WriteEndObject();
        }

        if (value.ChainedInvokeDetails is { } invoke)
        {
            writer.WriteStartObject("ChainedInvokeDetails"u8);
            WriteOptional(writer, "Result"u8, invoke.Result);
            WriteError(writer, invoke.Error);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private StepDetails? ReadStepDetails(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, "StepDetails"))
        {
            return null;
        }

        var details = new StepDetails();
        string? result = null;
        ErrorObject? error = null;
        while (NextProperty(ref reader))
        {
            if (TryReadOutcome(ref reader, ref result, ref error))
            {
                continue;
            }

            if (reader.ValueTextEquals("Attempt"u8))
            {
                MoveToValue(ref reader);
                details.Attempt = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32();
            }
            else if (reader.ValueTextEquals("NextAttemptTimestamp"u8))
            {
                details.NextAttemptTimestamp = ReadOptionalTimestamp(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        details.Result = result;
        details.Error = error;
        return details;
    }

    private static ContextDetails? ReadContextDetails(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, "ContextDetails"))
        {
            return null;
        }

        var details = new ContextDetails();
        string? result = null;
        ErrorObject? error = null;
        while (NextProperty(ref reader))
        {
            if (TryReadOutcome(ref reader, ref result, ref error))
            {
                continue;
            }

            if (reader.ValueTextEquals("ReplayChildren"u8))
            {
                MoveToValue(ref reader);
                details.ReplayChildren = reader.TokenType == JsonTokenType.Null ? null : reader.GetBoolean();
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        details.Result = result;
        details.Error = error;
        return details;
    }

    private static ExecutionDetails? ReadExecutionDetails(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, "ExecutionDetails"))
        {
            return null;
        }

        var details = new ExecutionDetails();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("InputPayload"u8))
            {
                details.InputPayload = ReadString(ref reader, "value");
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return details;
    }

    private WaitDetails? ReadWaitDetails(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, "WaitDetails"))
        {
            return null;
        }

        var details = new WaitDetails();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("ScheduledEndTimestamp"u8))
            {
                details.ScheduledEndTimestamp = ReadOptionalTimestamp(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return details;
    }

    private static CallbackDetails? ReadCallbackDetails(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, "CallbackDetails"))
        {
            return null;
        }

        var details = new CallbackDetails();
        string? result = null;
        ErrorObject? error = null;
        while (NextProperty(ref reader))
        {
            if (TryReadOutcome(ref reader, ref result, ref error))
            {
                continue;
            }

            if (reader.ValueTextEquals("CallbackId"u8))
            {
                details.CallbackId = ReadString(ref reader, "CallbackId");
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        details.Result = result;
        details.Error = error;
        return details;
    }

    private static ChainedInvokeDetails? ReadChainedInvokeDetails(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, "ChainedInvokeDetails"))
        {
            return null;
        }

        string? result = null;
        ErrorObject? error = null;
        while (NextProperty(ref reader))
        {
            if (!TryReadOutcome(ref reader, ref result, ref error))
            {
                SkipValue(ref reader);
            }
        }

        return new ChainedInvokeDetails { Result = result, Error = error };
    }

    /// <summary>Reads a <c>Result</c> or <c>Error</c> member, the two every outcome-carrying details object has; false for any other member.</summary>
    private static bool TryReadOutcome(ref Utf8JsonReader reader, ref string? result, ref ErrorObject? error)
    {
        if (reader.ValueTextEquals("Result"u8))
        {
            result = ReadString(ref reader, "Result");
            return true;
        }

        if (reader.ValueTextEquals("Error"u8))
        {
            error = ReadError(ref reader);
            return true;
        }

        return false;
    }

    private static ErrorObject? ReadError(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, "Error"))
        {
            return null;
        }

        var error = new ErrorObject();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("ErrorType"u8))
            {
                error.ErrorType = ReadString(ref reader, "value");
            }
            else if (reader.ValueTextEquals("ErrorMessage"u8))
            {
                error.ErrorMessage = ReadString(ref reader, "value");
            }
            else if (reader.ValueTextEquals("ErrorData"u8))
            {
                error.ErrorData = ReadString(ref reader, "value");
            }
            else if (reader.ValueTextEquals("StackTrace"u8))
            {
                MoveToValue(ref reader);
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }

                Expect(ref reader, JsonTokenType.StartArray, "StackTrace");
                error.StackTrace = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    error.StackTrace.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("StackTrace entries must be strings."));
                }
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return error;
    }

    private static void WriteError(Utf8JsonWriter writer, ErrorObject? error)
    {
        if (error is null)
        {
            return;
        }

        writer.WriteStartObject("Error"u8);
        WriteOptional(writer, "ErrorType"u8, error.ErrorType);
        WriteOptional(writer, "ErrorMessage"u8, error.ErrorMessage);
        WriteOptional(writer, "ErrorData"u8, error.ErrorData);
        if (error.StackTrace is { } trace)
        {
            writer.WriteStartArray("StackTrace"u8);
            foreach (var frame in trace)
            {
                writer.WriteStringValue(frame);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private DateTimeOffset? ReadOptionalTimestamp(ref Utf8JsonReader reader)
    {
        MoveToValue(ref reader);
        return reader.TokenType == JsonTokenType.Null ? null : ReadTimestamp(ref reader);
    }

    private static string? ReadInterned(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        MoveToValue(ref reader);
        return reader.TokenType == JsonTokenType.Null ? null : Interned.Read(ref reader, typeof(string), options);
    }

    private static bool StartObject(ref Utf8JsonReader reader, string what)
    {
        MoveToValue(ref reader);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        Expect(ref reader, JsonTokenType.StartObject, what);
        return true;
    }

    private static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}

/// <summary><see cref="Operation"/> with epoch-millisecond timestamps (the invocation envelope).</summary>
internal sealed class EnvelopeOperationConverter : OperationJsonConverter
{
    private static readonly EpochMillisecondsConverter Timestamps = new();

    protected override DateTimeOffset ReadTimestamp(ref Utf8JsonReader reader) => Timestamps.Read(ref reader, typeof(DateTimeOffset), EnvelopeJsonContext.Default.Options);

    protected override void WriteTimestamp(Utf8JsonWriter writer, ReadOnlySpan<byte> name, DateTimeOffset value) => writer.WriteNumber(name, value.ToUnixTimeMilliseconds());
}

/// <summary><see cref="Operation"/> with epoch-second timestamps (the REST API).</summary>
internal sealed class ApiOperationConverter : OperationJsonConverter
{
    private static readonly EpochSecondsConverter Timestamps = new();

    protected override DateTimeOffset ReadTimestamp(ref Utf8JsonReader reader) => Timestamps.Read(ref reader, typeof(DateTimeOffset), ApiJsonContext.Default.Options);

    protected override void WriteTimestamp(Utf8JsonWriter writer, ReadOnlySpan<byte> name, DateTimeOffset value) => writer.WriteNumber(name, value.ToUnixTimeMilliseconds() / 1000m);
}
