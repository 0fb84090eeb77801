namespace Durable.Protocol;

/// <summary>One state change sent in <c>CheckpointDurableExecution</c> (the <c>OperationUpdate</c> shape).</summary>
public sealed class OperationUpdate
{
    /// <summary>The operation ID.</summary>
    public required string Id { get; set; }

    /// <summary>The enclosing CONTEXT operation, or null at the root.</summary>
    public string? ParentId { get; set; }

    /// <summary>The user-visible name (1–256 printable ASCII characters).</summary>
    public string? Name { get; set; }

    /// <summary>The operation type.</summary>
    public required OperationType Type { get; set; }

    /// <summary>The finer classifier (1–32 characters).</summary>
    public string? SubType { get; set; }

    /// <summary>The action to apply.</summary>
    public required OperationAction Action { get; set; }

    /// <summary>The result (SUCCEED), the new state (wait-for-condition RETRY) or the input (CHAINED_INVOKE START).</summary>
    public string? Payload { get; set; }

    /// <summary>The error (FAIL, or RETRY of a failed attempt).</summary>
    public ErrorObject? Error { get; set; }

    /// <summary>Options of a CONTEXT SUCCEED.</summary>
    public ContextOptions? ContextOptions { get; set; }

    /// <summary>Options of a STEP RETRY.</summary>
    public StepOptions? StepOptions { get; set; }

    /// <summary>Options of a WAIT START.</summary>
    public WaitOptions? WaitOptions { get; set; }

    /// <summary>Options of a CALLBACK START.</summary>
    public CallbackOptions? CallbackOptions { get; set; }

    /// <summary>Options of a CHAINED_INVOKE START.</summary>
    public ChainedInvokeOptions? ChainedInvokeOptions { get; set; }
}

/// <summary>Options of a CONTEXT SUCCEED.</summary>
public sealed class ContextOptions
{
    /// <summary>Keep the children and replay them to rebuild a result too large to store.</summary>
    public bool? ReplayChildren { get; set; }
}

/// <summary>Options of a STEP RETRY.</summary>
public sealed class StepOptions
{
    /// <summary>Seconds until the next attempt (1–31,622,400).</summary>
    public int? NextAttemptDelaySeconds { get; set; }
}

/// <summary>Options of a WAIT START.</summary>
public sealed class WaitOptions
{
    /// <summary>Seconds to wait (1–31,622,400).</summary>
    public int? WaitSeconds { get; set; }
}

/// <summary>Options of a CALLBACK START.</summary>
public sealed class CallbackOptions
{
    /// <summary>Seconds until the callback times out; 0 or absent means never.</summary>
    public int? TimeoutSeconds { get; set; }

    /// <summary>Seconds without a heartbeat until the callback times out; 0 or absent means no heartbeat timeout.</summary>
    public int? HeartbeatTimeoutSeconds { get; set; }
}

/// <summary>Options of a CHAINED_INVOKE START.</summary>
public sealed class ChainedInvokeOptions
{
    /// <summary>The name or ARN (optionally qualified) of the function to invoke.</summary>
    public required string FunctionName { get; set; }

    /// <summary>The tenant to invoke the function for.</summary>
    public string? TenantId { get; set; }
}
