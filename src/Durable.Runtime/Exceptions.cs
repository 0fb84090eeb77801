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
