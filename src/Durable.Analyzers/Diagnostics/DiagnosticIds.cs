namespace Durable.Analyzers;

/// <summary>
/// Every diagnostic ID of the pack: <c>DUR</c> and four digits, the first digit naming the category
/// (analyzers.md §5.1). Code fixes refer to these constants, never to string literals.
/// </summary>
public static class DiagnosticIds
{
    /// <summary>Clock read in workflow code.</summary>
    public const string ClockRead = "DUR1001";

    /// <summary>Randomness in workflow code.</summary>
    public const string Randomness = "DUR1002";

    /// <summary>Identifier generation in workflow code.</summary>
    public const string IdentifierGeneration = "DUR1003";

    /// <summary>In-process delay or blocking wait in workflow code.</summary>
    public const string InProcessDelay = "DUR1004";

    /// <summary>Network, cloud or database I/O in workflow code.</summary>
    public const string NetworkIO = "DUR1005";

    /// <summary>File, console or process I/O in workflow code.</summary>
    public const string LocalIO = "DUR1006";

    /// <summary>Environment or configuration read in workflow code.</summary>
    public const string EnvironmentRead = "DUR1007";

    /// <summary>Invocation-scoped Lambda value in workflow code.</summary>
    public const string InvocationValue = "DUR1008";

    /// <summary>Nondeterministic helper called from workflow code.</summary>
    public const string NondeterministicHelper = "DUR1009";

    /// <summary>Process-randomised hash code in workflow code.</summary>
    public const string RandomizedHashCode = "DUR1010";

    /// <summary>Unordered iteration drives durable operations.</summary>
    public const string UnorderedIteration = "DUR1011";

    /// <summary>Non-replay-aware logging in workflow code.</summary>
    public const string NonReplayAwareLogging = "DUR1012";

    /// <summary>Durable operation inside a step body.</summary>
    public const string OperationInStep = "DUR2001";

    /// <summary>Parent context used inside a child, branch or map callback.</summary>
    public const string ParentContextInCallback = "DUR2002";

    /// <summary>Durable operation started on a foreign thread.</summary>
    public const string OperationOnForeignThread = "DUR2003";

    /// <summary>Threading or parallel primitive in workflow code.</summary>
    public const string ThreadingPrimitive = "DUR2004";

    /// <summary><c>Task.WhenAll</c> over durable tasks.</summary>
    public const string WhenAllOverDurableTasks = "DUR2005";

    /// <summary><c>Task.WhenAny</c> over durable tasks.</summary>
    public const string WhenAnyOverDurableTasks = "DUR2006";

    /// <summary>Awaiting non-durable asynchronous work in workflow code.</summary>
    public const string NonDurableAwait = "DUR2007";

    /// <summary>Durable operation not awaited.</summary>
    public const string OperationNotAwaited = "DUR2008";

    /// <summary><c>async void</c> with durable work.</summary>
    public const string AsyncVoid = "DUR2009";

    /// <summary>Blocking on a durable task.</summary>
    public const string BlockingOnDurableTask = "DUR2010";

    /// <summary>Durable context escapes into a field or property.</summary>
    public const string ContextEscapes = "DUR2011";

    /// <summary>Child context, branch or map item does no durable work.</summary>
    public const string CallbackWithoutDurableWork = "DUR2012";

    /// <summary>Captured local or parameter written inside checkpointed code.</summary>
    public const string CapturedVariableWrite = "DUR3001";

    /// <summary>Invalid <c>[DurableStep]</c> signature.</summary>
    public const string InvalidStepSignature = "DUR4001";

    /// <summary><c>[DurableStep]</c> method called directly.</summary>
    public const string StepCalledDirectly = "DUR4004";

    /// <summary>Unsupported <c>[DurableWorkflow]</c> class shape.</summary>
    public const string UnsupportedWorkflowShape = "DUR4005";

    /// <summary>Step can outlive the Lambda function timeout.</summary>
    public const string StepOutlivesFunctionTimeout = "DUR5001";

    /// <summary>Wait or callback timeout outside the execution bounds.</summary>
    public const string TimeoutOutOfBounds = "DUR5002";

    /// <summary>Consecutive steps without a suspension exceed the function timeout.</summary>
    public const string InvocationBudgetExceeded = "DUR5007";

    /// <summary>Invalid value of a Durable analyzer option.</summary>
    public const string InvalidOption = "DUR5008";
}
