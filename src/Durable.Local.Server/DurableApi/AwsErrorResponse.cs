using System.Globalization;
using System.Text.Json;
using Durable.Client;
using Microsoft.AspNetCore.Http;

namespace Durable.Local.Server.DurableApi;

/// <summary>
/// Writes errors the way Lambda does, so AWS SDKs map them to their typed exceptions: the error code in the
/// <c>x-amzn-ErrorType</c> header, a JSON body <c>{"Type":"User"|"Service","message":…}</c> (the message member spelt
/// as the service model spells it for that exception), <c>Retry-After</c> on throttling.
/// </summary>
internal static class AwsErrorResponse
{
    /// <summary>An unknown path or method.</summary>
    public const string UnknownOperation = "UnknownOperationException";

    /// <summary>A body that is not the JSON the operation expects.</summary>
    public const string InvalidRequestContent = "InvalidRequestContentException";

    /// <summary>A body over the size limit.</summary>
    public const string RequestTooLarge = "RequestTooLargeException";

    // The model spells the message member "Message" for these exceptions and "message" for the others.
    private static readonly HashSet<string> CapitalMessageCodes = new(StringComparer.Ordinal)
    {
        ServiceErrorCodes.ResourceNotFound,
        ServiceErrorCodes.Service,
        ServiceErrorCodes.CallbackTimeout,
        ServiceErrorCodes.DurableExecutionAlreadyStarted,
        "KMSAccessDeniedException", "KMSDisabledException", "KMSInvalidStateException", "KMSNotFoundException",
    };

    public static DurableServiceException BadRequest(string code, string message) => new(code, message, 400);

    public static async Task WriteAsync(HttpContext context, DurableServiceException error)
    {
        var status = error.StatusCode is >= 400 and <= 599 ? error.StatusCode : 500;
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.Headers["x-amzn-ErrorType"] = error.ErrorCode;
        if (status == 429)
        {
            response.Headers.RetryAfter = (error.RetryAfterSeconds ?? 1).ToString(CultureInfo.InvariantCulture);
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("Type", status < 500 ? "User" : "Service");
            writer.WriteString(CapitalMessageCodes.Contains(error.ErrorCode) ? "Message" : "message", error.Message);
            writer.WriteEndObject();
        }

        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
    }
}
