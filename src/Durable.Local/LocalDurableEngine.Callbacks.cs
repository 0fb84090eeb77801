using System.Text;
using Durable.Client;
using Durable.Local.Engine;
using Durable.Protocol;

namespace Durable.Local;

/// <summary>
/// Callbacks: the engine allocates an unguessable callback ID on START, arms the overall and heartbeat timeouts,
/// and accepts success (body stored verbatim), failure and heartbeat from outside, as the
/// <c>SendDurableExecutionCallback*</c> APIs do.
/// </summary>
public sealed partial class LocalDurableEngine
{
    /// <summary>The largest callback success body the service accepts.</summary>
    public const int MaxCallbackResultBytes = 262_144;

    private readonly Dictionary<string, (ExecutionRecord Execution, StoredOperation Operation)> _callbacks = new(StringComparer.Ordinal);

    /// <summary>Completes a callback successfully, as <c>SendDurableExecutionCallbackSuccess</c>.</summary>
    /// <param name="callbackId">The callback ID the workflow received.</param>
    /// <param name="result">The result body, stored verbatim as UTF-8 text (JSON in practice); null for none.</param>
    /// <exception cref="DurableServiceException">Unknown or malformed ID, oversize body, or the callback is closed (<c>CallbackTimeoutException</c>).</exception>
    public void SendCallbackSuccess(string callbackId, ReadOnlySpan<byte> result)
    {
        if (result.Length > MaxCallbackResultBytes)
        {
            throw DurableServiceException.InvalidParameter($"The callback result exceeds {MaxCallbackResultBytes} bytes.");
        }

        var text = Encoding.UTF8.GetString(result);
        CompleteCallback(callbackId, (execution, callback, now) =>
        {
            callback.Status = OperationStatus.Succeeded;
            callback.Result = text;
            execution.AppendEvent(EventType.CallbackSucceeded, now, callback).CallbackSucceededDetails = new ResultDetails
            {
                Result = new EventPayload { Payload = text },
            };
        });
    }

    /// <summary>Completes a callback successfully with a UTF-8 string body.</summary>
    /// <param name="callbackId">The callback ID.</param>
    /// <param name="result">The body; null sends an empty body.</param>
    public void SendCallbackSuccess(string callbackId, string? result) =>
        SendCallbackSuccess(callbackId, Encoding.UTF8.GetBytes(result ?? string.Empty));

    /// <summary>Fails a callback, as <c>SendDurableExecutionCallbackFailure</c>.</summary>
    /// <param name="callbackId">The callback ID.</param>
    /// <param name="error">The error the workflow will see.</param>
    /// <exception cref="DurableServiceException">Unknown or malformed ID, or the callback is closed.</exception>
    public void SendCallbackFailure(string callbackId, ErrorObject? error)
    {
        if (error is not null && ProtocolJson.SerializeToUtf8Bytes(error).Length >= ProtocolValidation.MaxErrorBytes)
        {
            throw DurableServiceException.InvalidParameter("Error object size must be less than 32768 bytes.");
        }

        var stored = error?.Clone() ?? new ErrorObject();
        CompleteCallback(callbackId, (execution, callback, now) =>
        {
            callback.Status = OperationStatus.Failed;
            callback.Error = stored;
            execution.AppendEvent(EventType.CallbackFailed, now, callback).CallbackFailedDetails = ErrorEvent(stored);
        });
    }

    /// <summary>Resets a callback's heartbeat timeout, as <c>SendDurableExecutionCallbackHeartbeat</c>.</summary>
    /// <param name="callbackId">The callback ID.</param>
    /// <exception cref="DurableServiceException">Unknown or malformed ID, or the callback is closed.</exception>
    public void SendCallbackHeartbeat(string callbackId)
    {
        lock (_gate)
        {
            try
            {
                var (execution, callback) = FindOpenCallback(callbackId);
                if (callback.CallbackHeartbeatTimeoutSeconds is > 0 and var seconds)
                {
                    callback.HeartbeatDue = _scheduler.UtcNow.AddSeconds(seconds);
                    execution.MarkUnsaved(callback);
                    ArmCallbackTimeout(execution, callback, HeartbeatKey(callback), callback.HeartbeatDue.Value, CallbackHeartbeatErrorType);
                }
            }
            finally
            {
                SaveChanges();
            }
        }
    }

    private const string CallbackTimeoutErrorType = "Callback.Timeout";
    private const string CallbackHeartbeatErrorType = "Callback.Heartbeat";

    private void ApplyCallback(ExecutionRecord execution, StoredOperation callback, OperationUpdate update, DateTimeOffset now)
    {
        callback.Status = OperationStatus.Started;
        callback.CallbackId = NewCallbackId();
        callback.CallbackTimeoutSeconds = update.CallbackOptions?.TimeoutSeconds is > 0 and var timeout ? timeout : null;
        callback.CallbackHeartbeatTimeoutSeconds = update.CallbackOptions?.HeartbeatTimeoutSeconds is > 0 and var heartbeat ? heartbeat : null;
        _callbacks[callback.CallbackId] = (execution, callback);
        execution.AppendEvent(EventType.CallbackStarted, now, callback).CallbackStartedDetails = new CallbackStartedDetails
        {
            CallbackId = callback.CallbackId,
            Timeout = callback.CallbackTimeoutSeconds,
            HeartbeatTimeout = callback.CallbackHeartbeatTimeoutSeconds,
        };
        if (callback.CallbackTimeoutSeconds is { } overall)
        {
            ArmCallbackTimeout(execution, callback, TimeoutKey(callback), now.AddSeconds(overall), CallbackTimeoutErrorType);
        }

        if (callback.CallbackHeartbeatTimeoutSeconds is { } interval)
        {
            callback.HeartbeatDue = now.AddSeconds(interval);
            ArmCallbackTimeout(execution, callback, HeartbeatKey(callback), callback.HeartbeatDue.Value, CallbackHeartbeatErrorType);
        }
    }

    private void ArmCallbackTimeout(ExecutionRecord execution, StoredOperation callback, string key, DateTimeOffset due, string errorType) =>
        ArmTimer(execution, key, due, () =>
        {
            if (callback.Status != OperationStatus.Started)
            {
                return;
            }

            var now = _scheduler.UtcNow;
            var error = new ErrorObject
            {
                ErrorType = errorType,
                ErrorMessage = errorType == CallbackTimeoutErrorType
                    ? $"The callback timed out after {callback.CallbackTimeoutSeconds} seconds."
                    : $"No heartbeat arrived within {callback.CallbackHeartbeatTimeoutSeconds} seconds.",
            };
            callback.Status = OperationStatus.TimedOut;
            callback.Error = error;
            FinishCallback(execution, callback, now);
            execution.AppendEvent(EventType.CallbackTimedOut, now, callback).CallbackTimedOutDetails = ErrorEvent(error);
            RequestInvocation(execution);
        });

    private void CompleteCallback(string callbackId, Action<ExecutionRecord, StoredOperation, DateTimeOffset> complete)
    {
        lock (_gate)
        {
            try
            {
                var (execution, callback) = FindOpenCallback(callbackId);
                var now = _scheduler.UtcNow;
                complete(execution, callback, now);
                FinishCallback(execution, callback, now);
                RequestInvocation(execution);
            }
            finally
            {
                SaveChanges();
            }
        }
    }

    private static void FinishCallback(ExecutionRecord execution, StoredOperation callback, DateTimeOffset now)
    {
        callback.EndTimestamp = now;
        execution.MarkChanged(callback);
        execution.CancelTimer(TimeoutKey(callback));
        execution.CancelTimer(HeartbeatKey(callback));
    }

    private (ExecutionRecord Execution, StoredOperation Callback) FindOpenCallback(string callbackId)
    {
        if (!IsCallbackId(callbackId))
        {
            throw DurableServiceException.InvalidParameter("CallbackId must be 1–1024 base64 characters.");
        }

        if (!_callbacks.TryGetValue(callbackId, out var entry))
        {
            throw DurableServiceException.NotFound($"Callback not found: {callbackId}");
        }

        if (entry.Operation.Status != OperationStatus.Started || entry.Execution.Status != ExecutionStatus.Running)
        {
            throw new DurableServiceException(
                ServiceErrorCodes.CallbackTimeout,
                "The callback ID token has either expired or the callback associated with the token has already been closed.",
                400);
        }

        return entry;
    }

    private string NewCallbackId()
    {
        // 32 random bytes: unguessable, and in the service's base64 alphabet.
        Span<byte> bytes = stackalloc byte[32];
        lock (_random)
        {
            _random.NextBytes(bytes);
        }

        return Convert.ToBase64String(bytes);
    }

    private static bool IsCallbackId(string? value) =>
        value is { Length: <= 1024 } && ProtocolValidation.IsCheckpointToken(value);

    private static string TimeoutKey(StoredOperation callback) => callback.Id + "@timeout";

    private static string HeartbeatKey(StoredOperation callback) => callback.Id + "@heartbeat";
}
