using Durable.Protocol;

namespace Durable.Testing;

/// <summary>The execution did not succeed although the test required it.</summary>
public sealed class TestExecutionFailedException : Exception
{
    internal TestExecutionFailedException(ExecutionStatus status, ErrorObject? error, IReadOnlyList<TestOperation> operations)
        : base($"The execution ended {WireNames.Of(status)}: {error?.ErrorType}: {error?.ErrorMessage}")
    {
        FinalStatus = status;
        FailureError = error;
        Operations = operations;
    }

    /// <summary>The final status.</summary>
    public ExecutionStatus FinalStatus { get; }

    /// <summary>The execution's error.</summary>
    public ErrorObject? FailureError { get; }

    /// <summary>The operations at the end.</summary>
    public IReadOnlyList<TestOperation> Operations { get; }
}

/// <summary>The workflow waits on something only the test can provide (a callback), or went over the invocation limit.</summary>
public sealed class WorkflowStalledException : Exception
{
    internal WorkflowStalledException(string message, string durableExecutionArn)
        : base(message)
    {
        DurableExecutionArn = durableExecutionArn;
    }

    /// <summary>The stalled execution.</summary>
    public string DurableExecutionArn { get; }
}
