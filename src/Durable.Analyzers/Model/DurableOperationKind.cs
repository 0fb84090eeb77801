namespace Durable.Analyzers;

/// <summary>What a call does in durable terms. <see cref="None"/> for anything that is not a durable operation.</summary>
internal enum DurableOperationKind
{
    None,
    Step,
    Wait,
    ChildContext,
    CreateCallback,
    WaitForCallback,
    WaitForCondition,
    Invoke,
    Parallel,
    Map,

    /// <summary><c>ICallback&lt;T&gt;.GetResultAsync</c>: suspends until the outside system answers.</summary>
    CallbackResult,

    /// <summary>A generated <c>Steps.XAsync(...)</c> wrapper: a step under the step method's name and configuration.</summary>
    StepWrapper,
}

/// <summary>The kind of durable callback a lambda is (the delegate a child context, branch or map item runs).</summary>
internal enum CallbackKind
{
    None,
    ChildContext,
    ParallelBranch,
    MapItem,
}

internal static class DurableOperationKindExtensions
{
    /// <summary>True for operations after which the invocation may suspend (so a new invocation's time budget starts).</summary>
    public static bool Suspends(this DurableOperationKind kind) => kind is
        DurableOperationKind.Wait or DurableOperationKind.WaitForCallback or DurableOperationKind.WaitForCondition
        or DurableOperationKind.Invoke or DurableOperationKind.CallbackResult;

    /// <summary>True for the operations that run a step body in the current invocation.</summary>
    public static bool IsStep(this DurableOperationKind kind) => kind is DurableOperationKind.Step or DurableOperationKind.StepWrapper;

    public static string Describe(this CallbackKind kind) => kind switch
    {
        CallbackKind.ParallelBranch => "parallel branch",
        CallbackKind.MapItem => "map item",
        _ => "child context",
    };
}
