namespace Durable.Protocol;

/// <summary>
/// The payload Lambda passes to a durable function on every invocation (<c>DurableExecutionInvocationInput</c>).
/// Timestamps inside it are epoch milliseconds on the wire.
/// </summary>
public sealed class DurableExecutionInvocationInput
{
    /// <summary>The ARN of the durable execution.</summary>
    public string? DurableExecutionArn { get; set; }

    /// <summary>The token for the first checkpoint or state call of this invocation.</summary>
    public string? CheckpointToken { get; set; }

    /// <summary>The first page of the execution's operations.</summary>
    public InitialExecutionState? InitialExecutionState { get; set; }

    /// <summary>Operations whose state changed while the execution was suspended.</summary>
    public List<string>? UpdatedOperationIds { get; set; }
}

/// <summary>The first page of operations in the invocation envelope.</summary>
public sealed class InitialExecutionState
{
    /// <summary>The operations, ordered by start.</summary>
    public List<Operation>? Operations { get; set; }

    /// <summary>When non-empty, more operations must be read with <c>GetDurableExecutionState</c>.</summary>
    public string? NextMarker { get; set; }
}

/// <summary>What a durable function returns at the end of an invocation (<c>DurableExecutionInvocationOutput</c>).</summary>
public sealed class DurableExecutionInvocationOutput
{
    /// <summary>SUCCEEDED, FAILED or PENDING.</summary>
    public required InvocationStatus Status { get; set; }

    /// <summary>The serialized workflow result (SUCCEEDED only); empty when the result was checkpointed instead.</summary>
    public string? Result { get; set; }

    /// <summary>The workflow's error (FAILED only).</summary>
    public ErrorObject? Error { get; set; }
}
