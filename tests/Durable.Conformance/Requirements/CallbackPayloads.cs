using System.Text.Json.Nodes;

namespace Durable.Conformance.Requirements;

/// <summary>The error object a failure callback sends (the <c>ErrorObject</c> shape; absent fields are null).</summary>
/// <param name="ErrorType">The error type.</param>
/// <param name="ErrorMessage">The message.</param>
/// <param name="ErrorData">Machine-readable data.</param>
/// <param name="StackTrace">Stack trace entries.</param>
public sealed record CallbackFailureError(string? ErrorType, string? ErrorMessage, string? ErrorData, IReadOnlyList<string>? StackTrace);

/// <summary>Thrown when an action's payload cannot be sent (the runner records such a send as an error).</summary>
public sealed class CallbackPayloadException(string message) : Exception(message);

/// <summary>
/// Turns a (substituted) action into what the runner puts on the wire: the success result is exactly
/// <c>json.dumps(Payload).encode()</c>; the failure error takes the <c>ErrorType</c>, <c>ErrorMessage</c>,
/// <c>ErrorData</c> and <c>StackTrace</c> present in the payload mapping.
/// </summary>
public static class CallbackPayloads
{
    /// <summary>The success result bytes, or <see langword="null"/> when the action has no payload (send no result).</summary>
    public static byte[]? SuccessResult(CallbackAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (action.Operation != CallbackOperation.Success)
        {
            throw new ArgumentException($"Expected a success action, got {action.Operation}.", nameof(action));
        }

        return action.Payload is null ? null : PythonJson.DumpsUtf8(action.Payload);
    }

    /// <summary>
    /// The failure error, or <see langword="null"/> when the payload is absent or names none of the four fields
    /// (send no error). A payload that is not a mapping, or fields of the wrong type, throw
    /// <see cref="CallbackPayloadException"/>.
    /// </summary>
    public static CallbackFailureError? FailureError(CallbackAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (action.Operation != CallbackOperation.Failure)
        {
            throw new ArgumentException($"Expected a failure action, got {action.Operation}.", nameof(action));
        }

        if (action.Payload is null)
        {
            return null;
        }

        if (action.Payload is not JsonObject payload)
        {
            throw new CallbackPayloadException(
                "Failure callback payload must be a mapping containing ErrorType/ErrorMessage/ErrorData/StackTrace fields, "
                + $"got {PythonFormat.Repr(action.Payload)}");
        }

        bool any = false;
        string? Field(string key)
        {
            if (!payload.TryGetPropertyValue(key, out JsonNode? value))
            {
                return null;
            }

            any = true;
            PyValue py = PyValue.Of(value);
            return py.Kind == PyKind.Str ? py.Str : throw new CallbackPayloadException($"Failure callback {key} must be a string, got {PythonFormat.Repr(value)}");
        }

        string? errorType = Field("ErrorType");
        string? errorMessage = Field("ErrorMessage");
        string? errorData = Field("ErrorData");
        List<string>? stackTrace = null;
        if (payload.TryGetPropertyValue("StackTrace", out JsonNode? trace))
        {
            any = true;
            stackTrace = trace is JsonArray entries && entries.All(entry => PyValue.Of(entry).Kind == PyKind.Str)
                ? entries.Select(entry => PyValue.Of(entry).Str!).ToList()
                : throw new CallbackPayloadException($"Failure callback StackTrace must be a list of strings, got {PythonFormat.Repr(trace)}");
        }

        return any ? new CallbackFailureError(errorType, errorMessage, errorData, stackTrace) : null;
    }
}
