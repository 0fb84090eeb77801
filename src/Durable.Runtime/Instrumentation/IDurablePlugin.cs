namespace Durable.Instrumentation;

/// <summary>
/// Hooks the runtime calls around its own lifecycle, for logging, metrics and tracing. Every method has an empty
/// default, so a plugin implements only what it needs. Register plugins in
/// <see cref="Hosting.DurableFunctionOptions.Plugins"/>.
/// </summary>
/// <remarks>
/// <para>Plugins observe; they cannot change what the workflow does. An exception thrown by a hook is caught and
/// ignored (logged at debug level), and never stops the workflow or the other plugins.</para>
/// <para>Invocation, attempt and user-function hooks run on the workflow's own flow, in order. Operation-end and
/// operation-change hooks may run on the checkpointing flow, as the service's responses arrive; hooks of
/// different plugins have no defined relative order. Keep hooks fast: they run inside the invocation.</para>
/// <para>Replay: an operation already terminal when the invocation starts fires no hooks, unless it completed
/// outside the function since the last invocation (a timer, a callback, a chained invoke), in which case its
/// operation-end fires once. A recorded, non-terminal operation reached again fires operation-start with
/// <see cref="DurableOperationInfo.IsReplay"/> set.</para>
/// </remarks>
public interface IDurablePlugin
{
    /// <summary>An invocation starts, before any workflow code runs.</summary>
    /// <param name="info">The invocation.</param>
    void OnInvocationStart(InvocationStartInfo info)
    {
    }

    /// <summary>An invocation ends, after its last checkpoint.</summary>
    /// <param name="info">The invocation and how it ended.</param>
    void OnInvocationEnd(InvocationEndInfo info)
    {
    }

    /// <summary>An operation starts (live), or a recorded non-terminal operation is reached again (replay).</summary>
    /// <param name="info">The operation.</param>
    void OnOperationStart(DurableOperationInfo info)
    {
    }

    /// <summary>An operation reached a terminal status (once per operation and execution).</summary>
    /// <param name="info">The operation, with its checkpointed result or error.</param>
    void OnOperationEnd(DurableOperationInfo info)
    {
    }

    /// <summary>An attempt of a step (or of a wait-for-condition check) is about to run its function.</summary>
    /// <param name="info">The attempt.</param>
    void OnAttemptStart(AttemptInfo info)
    {
    }

    /// <summary>An attempt's function returned or threw.</summary>
    /// <param name="info">The attempt and its outcome.</param>
    void OnAttemptEnd(AttemptInfo info)
    {
    }

    /// <summary>The user function of a child context, parallel branch or map item starts.</summary>
    /// <param name="info">The context operation.</param>
    void OnUserFunctionStart(UserFunctionInfo info)
    {
    }

    /// <summary>The user function of a child context, parallel branch or map item returned or threw.</summary>
    /// <param name="info">The context operation and the outcome.</param>
    void OnUserFunctionEnd(UserFunctionInfo info)
    {
    }

    /// <summary>The service reported changed operations (a checkpoint response or a poll was merged).</summary>
    /// <param name="info">The changed operations and the full operation map.</param>
    void OnOperationChange(OperationChangeInfo info)
    {
    }
}
