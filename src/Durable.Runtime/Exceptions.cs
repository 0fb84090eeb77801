using Durable.Protocol;

namespace Durable;

/// <summary>Base class of the errors Durable raises into workflow code.</summary>
public class DurableExecutionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DurableExecutionException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public DurableExecutionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public DurableExecutionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A durable operation ended in failure, with the error as it was checkpointed. The same exception (type, message,
/// data) is raised on the first run and on every replay, so workflow code that catches it behaves the same way
/// each time. The original exception's type survives as <see cref="ErrorType"/>, not as an inner exception,
/// because replay cannot rebuild arbitrary exception types.
/// </summary>
public class DurableOperationException : DurableExecutionException
{
    /// <summary>Creates the exception from a checkpointed error.</summary>
    /// <param name="message">The checkpointed error message.</param>
    /// <param name="error">The checkpointed error (type, data, stack trace).</param>
    /// <param name="operationId">The failed operation.</param>
    /// <param name="operationName">The failed operation's name, if it has one.</param>
    public DurableOperationException(string message, ErrorObject? error, string? operationId, string? operationName)
        : base(message)
    {
        ErrorType = error?.ErrorType;
        ErrorData = error?.ErrorData;
        OriginalStackTrace = error?.StackTrace;
        OperationId = operationId;
        OperationName = operationName;
    }

    /// <summary>The original error's type, by convention the full name of the exception type.</summary>
    public string? ErrorType { get; }

    /// <summary>Machine-readable data attached to the error.</summary>
    public string? ErrorData { get; }

    /// <summary>The original stack trace, one frame per entry.</summary>
    public IReadOnlyList<string>? OriginalStackTrace { get; }

    /// <summary>The failed operation's ID.</summary>
    public string? OperationId { get; }

    /// <summary>The failed operation's name.</summary>
    public string? OperationName { get; }

    /// <summary>The error as the protocol carries it.</summary>
    public ErrorObject ToErrorObject() => new()
    {
        ErrorType = ErrorType,
        ErrorMessage = Message,
        ErrorData = ErrorData,
        StackTrace = OriginalStackTrace?.ToList(),
    };
}

/// <summary>A step failed and its retry strategy gave up (or none allowed a retry).</summary>
public class StepException : DurableOperationException
{
    /// <summary>Creates the exception from a checkpointed step error.</summary>
    /// <param name="message">The checkpointed error message.</param>
    /// <param name="error">The checkpointed error.</param>
    /// <param name="operationId">The step's operation ID.</param>
    /// <param name="operationName">The step's name.</param>
    public StepException(string message, ErrorObject? error, string? operationId, string? operationName)
        : base(message, error, operationId, operationName)
    {
    }
}

/// <summary>A step attempt ran past its <see cref="StepConfig.Timeout"/> and ended when its token was cancelled.</summary>
public sealed class StepTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operationId">The step's operation ID.</param>
    /// <param name="operationName">The step's name.</param>
    /// <param name="attempt">The attempt that timed out.</param>
    /// <param name="timeout">The configured timeout.</param>
    /// <param name="innerException">The cancellation the attempt ended with.</param>
    public StepTimeoutException(string operationId, string? operationName, int attempt, TimeSpan timeout, Exception? innerException)
        : base($"Step '{operationName ?? operationId}' attempt {attempt} exceeded its timeout of {timeout}.", innerException)
    {
        OperationId = operationId;
        OperationName = operationName;
        Attempt = attempt;
        Timeout = timeout;
    }

    /// <summary>The step's operation ID.</summary>
    public string OperationId { get; }

    /// <summary>The step's name.</summary>
    public string? OperationName { get; }

    /// <summary>The attempt that timed out.</summary>
    public int Attempt { get; }

    /// <summary>The configured timeout.</summary>
    public TimeSpan Timeout { get; }
}

/// <summary>A child context (or a branch or item of a parallel or map) failed.</summary>
public class ChildContextException : DurableOperationException
{
    /// <summary>Creates the exception from a checkpointed context error.</summary>
    /// <param name="message">The checkpointed error message.</param>
    /// <param name="error">The checkpointed error (the original error's type, data and trace).</param>
    /// <param name="operationId">The context's operation ID.</param>
    /// <param name="operationName">The context's name.</param>
    /// <param name="subType">The context's subtype, e.g. <c>RunInChildContext</c> or <c>MapIteration</c>.</param>
    public ChildContextException(string message, ErrorObject? error, string? operationId, string? operationName, string? subType)
        : base(message, error, operationId, operationName)
    {
        SubType = subType;
    }

    /// <summary>The context's subtype.</summary>
    public string? SubType { get; }
}

/// <summary>Base of the errors a callback raises when its result is awaited.</summary>
public abstract class CallbackException : DurableOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="error">The recorded error.</param>
    /// <param name="operationId">The callback's (or wait-for-callback's) operation ID.</param>
    /// <param name="operationName">Its name.</param>
    /// <param name="callbackId">The callback ID, when known.</param>
    protected CallbackException(string message, ErrorObject? error, string? operationId, string? operationName, string? callbackId)
        : base(message, error, operationId, operationName)
    {
        CallbackId = callbackId;
    }

    /// <summary>The callback ID, when known.</summary>
    public string? CallbackId { get; }
}

/// <summary>The callback was completed with a failure by the outside system; the error is what it sent.</summary>
public sealed class CallbackFailedException : CallbackException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The error the outside system sent.</param>
    /// <param name="operationId">The operation ID.</param>
    /// <param name="operationName">The name.</param>
    /// <param name="callbackId">The callback ID.</param>
    public CallbackFailedException(ErrorObject? error, string? operationId, string? operationName, string? callbackId)
        : base(error?.ErrorMessage ?? "The callback failed.", error, operationId, operationName, callbackId)
    {
    }
}

/// <summary>The callback timed out: no result within its timeout, or no heartbeat within its heartbeat timeout.</summary>
public sealed class CallbackTimeoutException : CallbackException
{
    /// <summary>The service's error type for an overall timeout.</summary>
    public const string TimeoutErrorType = "Callback.Timeout";

    /// <summary>The service's error type for a missed heartbeat.</summary>
    public const string HeartbeatErrorType = "Callback.Heartbeat";

    /// <summary>Creates the exception.</summary>
    /// <param name="error">The timeout error the service recorded.</param>
    /// <param name="operationId">The operation ID.</param>
    /// <param name="operationName">The name.</param>
    /// <param name="callbackId">The callback ID.</param>
    public CallbackTimeoutException(ErrorObject? error, string? operationId, string? operationName, string? callbackId)
        : base(error?.ErrorMessage ?? "The callback timed out.", error, operationId, operationName, callbackId)
    {
    }

    /// <summary>True when no heartbeat arrived in time; false for the overall timeout.</summary>
    public bool IsHeartbeatTimeout => ErrorType == HeartbeatErrorType;
}

/// <summary>The submitter of a wait-for-callback failed and its retries were exhausted.</summary>
public sealed class CallbackSubmitterException : CallbackException
{
    /// <summary>The <see cref="ErrorObject.ErrorType"/> recorded for a submitter failure.</summary>
    public const string ErrorTypeName = "Durable.CallbackSubmitterException";

    /// <summary>Creates the exception.</summary>
    /// <param name="error">The recorded error; its data holds the submitter's original error type.</param>
    /// <param name="operationId">The operation ID.</param>
    /// <param name="operationName">The name.</param>
    public CallbackSubmitterException(ErrorObject? error, string? operationId, string? operationName)
        : base(error?.ErrorMessage ?? "The callback submitter failed.", error, operationId, operationName, null)
    {
    }

    /// <summary>The submitter's original error type.</summary>
    public string? SubmitterErrorType => ErrorData;
}

/// <summary>Base of the errors a chained invoke raises.</summary>
public abstract class InvokeException : DurableOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="error">The recorded error.</param>
    /// <param name="operationId">The operation ID.</param>
    /// <param name="operationName">The name.</param>
    /// <param name="functionName">The invoked function.</param>
    protected InvokeException(string message, ErrorObject? error, string? operationId, string? operationName, string? functionName)
        : base(message, error, operationId, operationName)
    {
        FunctionName = functionName;
    }

    /// <summary>The invoked function.</summary>
    public string? FunctionName { get; }
}

/// <summary>The invoked function failed; the error is the function's.</summary>
public sealed class InvokeFailedException : InvokeException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The function's error.</param>
    /// <param name="operationId">The operation ID.</param>
    /// <param name="operationName">The name.</param>
    /// <param name="functionName">The invoked function.</param>
    public InvokeFailedException(ErrorObject? error, string? operationId, string? operationName, string? functionName)
        : base(error?.ErrorMessage ?? "The invoked function failed.", error, operationId, operationName, functionName)
    {
    }
}

/// <summary>The invoked function's execution timed out.</summary>
public sealed class InvokeTimedOutException : InvokeException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The recorded error.</param>
    /// <param name="operationId">The operation ID.</param>
    /// <param name="operationName">The name.</param>
    /// <param name="functionName">The invoked function.</param>
    public InvokeTimedOutException(ErrorObject? error, string? operationId, string? operationName, string? functionName)
        : base(error?.ErrorMessage ?? "The invoked function timed out.", error, operationId, operationName, functionName)
    {
    }
}

/// <summary>The invoked function's execution was stopped.</summary>
public sealed class InvokeStoppedException : InvokeException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The recorded error.</param>
    /// <param name="operationId">The operation ID.</param>
    /// <param name="operationName">The name.</param>
    /// <param name="functionName">The invoked function.</param>
    public InvokeStoppedException(ErrorObject? error, string? operationId, string? operationName, string? functionName)
        : base(error?.ErrorMessage ?? "The invoked function was stopped.", error, operationId, operationName, functionName)
    {
    }
}

/// <summary>A wait-for-condition gave up: its wait strategy ran out of attempts before the condition held.</summary>
public sealed class WaitForConditionException : DurableOperationException
{
    /// <summary>The <see cref="ErrorObject.ErrorType"/> recorded when the strategy gives up.</summary>
    public const string ErrorTypeName = "Durable.WaitForConditionException";

    /// <summary>Thrown by a wait strategy to give up.</summary>
    /// <param name="attemptsExhausted">How many checks were made.</param>
    /// <param name="lastState">The last state a check returned.</param>
    public WaitForConditionException(int attemptsExhausted, object? lastState)
        : base($"The condition was not met after {attemptsExhausted} checks.", new ErrorObject { ErrorType = ErrorTypeName }, null, null)
    {
        AttemptsExhausted = attemptsExhausted;
        LastState = lastState;
    }

    /// <summary>Rebuilt from the checkpointed error (the last state deserialized by the operation).</summary>
    /// <param name="error">The checkpointed error.</param>
    /// <param name="attemptsExhausted">The checks made (the operation's recorded attempt count).</param>
    /// <param name="lastState">The last state.</param>
    /// <param name="operationId">The operation ID.</param>
    /// <param name="operationName">The name.</param>
    public WaitForConditionException(ErrorObject error, int attemptsExhausted, object? lastState, string? operationId, string? operationName)
        : base(error?.ErrorMessage ?? "The condition was not met.", error, operationId, operationName)
    {
        AttemptsExhausted = attemptsExhausted;
        LastState = lastState;
    }

    /// <summary>How many checks were made.</summary>
    public int AttemptsExhausted { get; }

    /// <summary>The last state a check returned.</summary>
    public object? LastState { get; }
}

/// <summary>
/// An at-most-once step was found started but unfinished on replay: its previous attempt may have had side
/// effects, so it is not re-run silently. Retry strategies receive this exception and decide.
/// </summary>
public sealed class StepInterruptedException : StepException
{
    /// <summary>The <see cref="ErrorObject.ErrorType"/> recorded for an interrupted attempt.</summary>
    public const string ErrorTypeName = "Durable.StepInterruptedException";

    /// <summary>Creates the exception for an interrupted attempt.</summary>
    /// <param name="operationId">The step's operation ID.</param>
    /// <param name="operationName">The step's name.</param>
    /// <param name="attempt">The attempt that was interrupted (1-based).</param>
    public StepInterruptedException(string operationId, string? operationName, int attempt)
        : base(
            $"Step '{operationName ?? operationId}' attempt {attempt} was interrupted before it finished (at-most-once semantics: not re-run).",
            new ErrorObject { ErrorType = ErrorTypeName },
            operationId,
            operationName)
    {
    }
}

/// <summary>
/// The workflow code no longer matches the execution's history: at this position a different operation (type,
/// name or subtype) was recorded. The execution fails with this error; it cannot be caught, because continuing
/// would apply recorded results to the wrong operations.
/// </summary>
public sealed class NonDeterministicExecutionException : DurableExecutionException
{
    /// <summary>The <see cref="ErrorObject.ErrorType"/> of the execution's failure.</summary>
    public const string ErrorTypeName = "Durable.NonDeterministicExecutionException";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which operation and what differed.</param>
    public NonDeterministicExecutionException(string message)
        : base(message)
    {
    }
}

/// <summary>The invocation payload is not a valid durable execution envelope.</summary>
public sealed class InvalidEnvelopeException : DurableExecutionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the envelope.</param>
    /// <param name="innerException">The parse error, if any.</param>
    public InvalidEnvelopeException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
