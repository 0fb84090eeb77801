using Durable.Protocol;

namespace Durable.Client;

/// <summary>
/// The two calls a running workflow makes to the durable-execution service. Implemented over HTTP for AWS and
/// in-process by the local engine; everything the runtime sends goes through this seam.
/// </summary>
public interface IDurableExecutionClient
{
    /// <summary>Applies updates (possibly none: a poll) and returns the next token and the changed operations.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="DurableServiceException">The service rejected the call.</exception>
    Task<CheckpointDurableExecutionResponse> CheckpointDurableExecutionAsync(
        CheckpointDurableExecutionRequest request,
        CancellationToken cancellationToken = default);

    /// <summary>Reads a page of the execution's operations.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="DurableServiceException">The service rejected the call.</exception>
    Task<GetDurableExecutionStateResponse> GetDurableExecutionStateAsync(
        GetDurableExecutionStateRequest request,
        CancellationToken cancellationToken = default);
}

/// <summary>
/// An error response of the durable-execution service (or the local engine, which answers the same way): the AWS
/// error code, the HTTP status and the message.
/// </summary>
public class DurableServiceException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">The AWS error code, e.g. <c>InvalidParameterValueException</c>.</param>
    /// <param name="message">The service's message.</param>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="innerException">A transport error, if any.</param>
    public DurableServiceException(string errorCode, string message, int statusCode, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    /// <summary>The AWS error code, e.g. <c>InvalidParameterValueException</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>Seconds the service asked to wait before retrying (throttling), if it said.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>An invalid request (400 <c>InvalidParameterValueException</c>).</summary>
    public static DurableServiceException InvalidParameter(string message) =>
        new(ServiceErrorCodes.InvalidParameterValue, message, 400);

    /// <summary>An unknown execution, function or callback (404 <c>ResourceNotFoundException</c>).</summary>
    public static DurableServiceException NotFound(string message) =>
        new(ServiceErrorCodes.ResourceNotFound, message, 404);
}

/// <summary>The service's error codes that the runtime and tools act on.</summary>
public static class ServiceErrorCodes
{
    /// <summary>400: the request is invalid (including a stale checkpoint token).</summary>
    public const string InvalidParameterValue = "InvalidParameterValueException";

    /// <summary>404: no such execution, function or callback.</summary>
    public const string ResourceNotFound = "ResourceNotFoundException";

    /// <summary>429: throttled.</summary>
    public const string TooManyRequests = "TooManyRequestsException";

    /// <summary>500: the service failed.</summary>
    public const string Service = "ServiceException";

    /// <summary>400/408: the callback expired or was already completed.</summary>
    public const string CallbackTimeout = "CallbackTimeoutException";

    /// <summary>409: an execution with this name already exists for the function.</summary>
    public const string DurableExecutionAlreadyStarted = "DurableExecutionAlreadyStartedException";

    /// <summary>The message prefix all SDKs treat as a retryable token mismatch.</summary>
    public const string InvalidCheckpointTokenPrefix = "Invalid Checkpoint Token";
}

/// <summary>
/// Decides whether a failed service call is worth an invocation retry (transient) or must fail the execution
/// (permanent), with the rule every durable SDK applies (protocol §4.6).
/// </summary>
public static class ServiceErrorClassifier
{
    private static readonly string[] PermanentKmsErrors =
    [
        "KMSAccessDeniedException", "KMSDisabledException", "KMSInvalidStateException", "KMSNotFoundException",
    ];

    /// <summary>
    /// True when retrying the invocation cannot help: a 4xx other than 429 and other than a stale checkpoint
    /// token, or a KMS configuration error. Throttling, 5xx and transport failures are transient.
    /// </summary>
    /// <param name="exception">The failure of a service call.</param>
    public static bool IsPermanent(Exception exception)
    {
        if (exception is not DurableServiceException service)
        {
            return false;
        }

        if (Array.IndexOf(PermanentKmsErrors, service.ErrorCode) >= 0)
        {
            return true;
        }

        if (service.StatusCode is < 400 or >= 500 or 429)
        {
            return false;
        }

        return !(service.ErrorCode == ServiceErrorCodes.InvalidParameterValue
            && service.Message.StartsWith(ServiceErrorCodes.InvalidCheckpointTokenPrefix, StringComparison.Ordinal));
    }
}
