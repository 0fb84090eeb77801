using Microsoft.CodeAnalysis;

namespace Durable.Analyzers;

/// <summary>
/// Every descriptor of the pack, in one place. Messages say what goes wrong on replay and what to do instead; each
/// help link points at the rule's page <c>docs/rules/DURnnnn.md</c>. A test checks each descriptor against its page
/// and against AnalyzerReleases.Unshipped.md.
/// </summary>
public static class DiagnosticDescriptors
{
    /// <summary>
    /// Where the rule pages live. One constant, so a fork or a mirror changes one line; the descriptor test checks that
    /// every link ends in <c>docs/rules/{ID}.md</c> and that the page exists.
    /// </summary>
    public const string HelpLinkBase = "https://github.com/durable-dotnet/durable/blob/main/docs/rules/";

    /// <summary>DUR1001.</summary>
    public static readonly DiagnosticDescriptor ClockRead = Create(
        DiagnosticIds.ClockRead,
        "Clock read in workflow code",
        "'{0}' reads the clock in workflow code, which returns another time on every replay. Read it inside a step so the value is checkpointed.",
        DiagnosticCategories.Determinism,
        DiagnosticSeverity.Warning,
        "Workflow code runs again from the top on every invocation. A clock read gives a different value each time, so decisions and payloads derived from it differ between the first run and a replay.");

    /// <summary>DUR1002.</summary>
    public static readonly DiagnosticDescriptor Randomness = Create(
        DiagnosticIds.Randomness,
        "Randomness in workflow code",
        "'{0}' produces random values in workflow code, which differ on every replay. Generate them inside a step so they are checkpointed.",
        DiagnosticCategories.Determinism,
        DiagnosticSeverity.Warning,
        "Seedless random generators give different values on every replay. A seeded generator created in workflow code is deterministic and is not reported.");

    /// <summary>DUR1003.</summary>
    public static readonly DiagnosticDescriptor IdentifierGeneration = Create(
        DiagnosticIds.IdentifierGeneration,
        "Identifier generation in workflow code",
        "'{0}' creates a new identifier in workflow code, which differs on every replay. Create it inside a step so it is checkpointed.",
        DiagnosticCategories.Determinism,
        DiagnosticSeverity.Warning,
        "GUIDs and random file names differ on every replay, so an operation keyed by them is a different operation each time.");

    /// <summary>DUR1004.</summary>
    public static readonly DiagnosticDescriptor InProcessDelay = Create(
        DiagnosticIds.InProcessDelay,
        "In-process delay or blocking wait in workflow code",
        "'{0}' waits in process in workflow code: the invocation stays busy and the wait starts over on every replay. Use a durable wait (context.WaitAsync) that suspends the execution.",
        DiagnosticCategories.Determinism,
        DiagnosticSeverity.Warning,
        "An in-process delay keeps the Lambda invocation running (and billed), is bounded by the function timeout, and is repeated in full on every replay. A durable wait suspends the execution at no cost.");

    /// <summary>DUR1005.</summary>
    public static readonly DiagnosticDescriptor NetworkIO = Create(
        DiagnosticIds.NetworkIO,
        "Network, cloud or database I/O in workflow code",
        "'{0}' does network, cloud or database I/O in workflow code, so it runs again on every replay and its result is not checkpointed. Move it into a step.",
        DiagnosticCategories.Determinism,
        DiagnosticSeverity.Warning,
        "Calls to HTTP, sockets, databases, gRPC or AWS services from workflow code repeat on every replay and can return different results. Inside a step they run once and their result is recorded.");

    /// <summary>DUR1006.</summary>
    public static readonly DiagnosticDescriptor LocalIO = Create(
        DiagnosticIds.LocalIO,
        "File, console or process I/O in workflow code",
        "'{0}' does file, console or process I/O in workflow code, so it runs again on every replay and its result is not checkpointed. Move it into a step.",
        DiagnosticCategories.Determinism,
        DiagnosticSeverity.Warning,
        "File system contents, console input and child processes change between invocations; reading or writing them from workflow code repeats on every replay.");

    /// <summary>DUR1007.</summary>
    public static readonly DiagnosticDescriptor EnvironmentRead = Create(
        DiagnosticIds.EnvironmentRead,
        "Environment or configuration read in workflow code",
        "'{0}' reads environment or configuration in workflow code; a value changed between invocations takes another path on replay. Read it in a step or pass it in the workflow input.",
        DiagnosticCategories.Determinism,
        DiagnosticSeverity.Info,
        "An execution can run for up to a year across deployments; environment variables and configuration may change in that time, and workflow code that branches on them then replays differently.");

    /// <summary>DUR1008.</summary>
    public static readonly DiagnosticDescriptor InvocationValue = Create(
        DiagnosticIds.InvocationValue,
        "Invocation-scoped Lambda value in workflow code",
        "'{0}' belongs to one Lambda invocation and differs on every replay. Read it in a step, or use context.DurableExecutionArn for a stable identifier.",
        DiagnosticCategories.Determinism,
        DiagnosticSeverity.Warning,
        "Request IDs, deadlines, trace headers and log stream names change with every invocation, and a durable execution spans many invocations.");

    /// <summary>DUR1009.</summary>
    public static readonly DiagnosticDescriptor NondeterministicHelper = Create(
        DiagnosticIds.NondeterministicHelper,
        "Nondeterministic helper called from workflow code",
        "'{0}' is called from workflow code and {1} (through {2}), which runs again on every replay. Call it inside a step, or make it a [DurableStep].",
        DiagnosticCategories.Determinism,
        DiagnosticSeverity.Warning,
        "Helper methods called from workflow code run as workflow code. The analysis follows source methods of this compilation (bounded depth) and reports once, at the call in workflow code, with the call path.");

    /// <summary>DUR1010.</summary>
    public static readonly DiagnosticDescriptor RandomizedHashCode = Create(
        DiagnosticIds.RandomizedHashCode,
        "Process-randomised hash code in workflow code",
        "'{0}' gives a hash code that .NET randomises per process, so it differs between the first run and a replay. Use a stable hash, for example XxHash64 or SHA-256 of the UTF-8 bytes.",
        DiagnosticCategories.Determinism,
        DiagnosticSeverity.Warning,
        "String hash codes, HashCode.Combine and identity hash codes are seeded per process; names, keys or branches derived from them change after every cold start.");

    /// <summary>DUR1011.</summary>
    public static readonly DiagnosticDescriptor UnorderedIteration = Create(
        DiagnosticIds.UnorderedIteration,
        "Unordered iteration drives durable operations",
        "'{0}' has no stable iteration order and drives durable operations, whose order and positional IDs can then differ on replay. Sort the items first, for example with OrderBy and StringComparer.Ordinal.",
        DiagnosticCategories.Determinism,
        DiagnosticSeverity.Warning,
        "Hash-based collections order their items by process-randomised hash codes; directory listings and parallel queries have no defined order. Operation IDs are positional, so the order of durable calls must not change.");

    /// <summary>DUR1012.</summary>
    public static readonly DiagnosticDescriptor NonReplayAwareLogging = Create(
        DiagnosticIds.NonReplayAwareLogging,
        "Non-replay-aware logging in workflow code",
        "'{0}' logs from workflow code on every replay, so each line repeats. Log through context.Logger, which stays silent while replaying.",
        DiagnosticCategories.Determinism,
        DiagnosticSeverity.Info,
        "Console output, Lambda loggers and injected ILogger instances write again every time the workflow replays. IDurableContext.Logger writes each line once per execution. An ILogger received as a method parameter is not reported: it may be the replay-aware logger.");

    /// <summary>DUR2001.</summary>
    public static readonly DiagnosticDescriptor OperationInStep = Create(
        DiagnosticIds.OperationInStep,
        "Durable operation inside a step body",
        "Durable operation '{0}' is called inside a step body; a step checkpoints only its result, so operations inside it are not recorded and fail at run time. Call it from workflow code, or group operations with RunInChildContextAsync.",
        DiagnosticCategories.OperationStructure,
        DiagnosticSeverity.Error,
        "Step bodies ([DurableStep] methods, step lambdas, method-group and delegate steps, wait-for-callback submitters, wait-for-condition checks) run plain code. The runtime throws when a durable operation starts inside one.");

    /// <summary>DUR2002.</summary>
    public static readonly DiagnosticDescriptor ParentContextInCallback = Create(
        DiagnosticIds.ParentContextInCallback,
        "Parent context used inside a child, branch or map callback",
        "'{0}' is the context of the enclosing workflow, used inside a {1} callback; its operations are numbered in the parent while the callback runs concurrently. Use the callback's own context '{2}'.",
        DiagnosticCategories.OperationStructure,
        DiagnosticSeverity.Error,
        "Each child context, parallel branch and map item numbers its operations in its own scope so that it can run concurrently with others. Operations on the parent context from inside the callback race with the parent's own operations for positional IDs.");

    /// <summary>DUR2003.</summary>
    public static readonly DiagnosticDescriptor OperationOnForeignThread = Create(
        DiagnosticIds.OperationOnForeignThread,
        "Durable operation started on a foreign thread",
        "Durable operation '{0}' starts on another thread through '{1}'; positional operation IDs follow call order, which the thread pool does not keep. Call it from workflow code, or use ParallelAsync or MapAsync for concurrency.",
        DiagnosticCategories.OperationStructure,
        DiagnosticSeverity.Error,
        "Work scheduled with Task.Run, TaskFactory.StartNew, threads, the thread pool, Parallel, ContinueWith or timers runs in an order the workflow does not control, so replays assign operation IDs differently.");

    /// <summary>DUR2004.</summary>
    public static readonly DiagnosticDescriptor ThreadingPrimitive = Create(
        DiagnosticIds.ThreadingPrimitive,
        "Threading or parallel primitive in workflow code",
        "'{0}' runs work on other threads or synchronises threads in workflow code, which replays as one logical flow. Move the work into a step, or use ParallelAsync or MapAsync.",
        DiagnosticCategories.OperationStructure,
        DiagnosticSeverity.Warning,
        "Workflow code should be a single deterministic flow. Thread-pool work and locks make its timing, and with it the order of later durable operations, depend on scheduling.");

    /// <summary>DUR2005.</summary>
    public static readonly DiagnosticDescriptor WhenAllOverDurableTasks = Create(
        DiagnosticIds.WhenAllOverDurableTasks,
        "Task.WhenAll over durable tasks",
        "Task.WhenAll over durable tasks bypasses completion policies, concurrency limits and batch results. Use context.ParallelAsync or context.MapAsync.",
        DiagnosticCategories.OperationStructure,
        DiagnosticSeverity.Info,
        "ParallelAsync and MapAsync record the fan-out as one operation with a summary, limit concurrency and apply completion policies; Task.WhenAll does none of that.");

    /// <summary>DUR2006.</summary>
    public static readonly DiagnosticDescriptor WhenAnyOverDurableTasks = Create(
        DiagnosticIds.WhenAnyOverDurableTasks,
        "Task.WhenAny over durable tasks",
        "Task.WhenAny over durable tasks can pick another winner on replay than on the first run. Use context.ParallelAsync with a completion policy such as CompletionConfig.FirstSuccessful().",
        DiagnosticCategories.OperationStructure,
        DiagnosticSeverity.Warning,
        "On replay, recorded operations complete at once and in recorded order, not in the order they finished originally, so the first task to complete can differ.");

    /// <summary>DUR2007.</summary>
    public static readonly DiagnosticDescriptor NonDurableAwait = Create(
        DiagnosticIds.NonDurableAwait,
        "Awaiting non-durable asynchronous work in workflow code",
        "Awaiting '{0}' in workflow code waits for work that is not checkpointed, so it runs again on every replay. Await it inside a step.",
        DiagnosticCategories.OperationStructure,
        DiagnosticSeverity.Warning,
        "Only durable operations are recorded. Other awaited work (outside the analyzers' API catalog, for example a repository or SDK call) repeats on every replay and can return something else.");

    /// <summary>DUR2008.</summary>
    public static readonly DiagnosticDescriptor OperationNotAwaited = Create(
        DiagnosticIds.OperationNotAwaited,
        "Durable operation not awaited",
        "Durable operation '{0}' is not awaited; its failure goes unobserved and the workflow can finish or suspend before it completes. Await it.",
        DiagnosticCategories.OperationStructure,
        DiagnosticSeverity.Warning,
        "A discarded durable task is fire-and-forget: its exceptions are lost and the workflow's result no longer depends on it.");

    /// <summary>DUR2009.</summary>
    public static readonly DiagnosticDescriptor AsyncVoid = Create(
        DiagnosticIds.AsyncVoid,
        "async void with durable work",
        "'{0}' is async void and does durable work; nothing awaits it, so the workflow neither waits for its operations nor sees their failures. Return Task instead.",
        DiagnosticCategories.OperationStructure,
        DiagnosticSeverity.Error,
        "An async void method or lambda runs detached from its caller. Durable operations in it start at unpredictable points and their exceptions crash the process.");

    /// <summary>DUR2010.</summary>
    public static readonly DiagnosticDescriptor BlockingOnDurableTask = Create(
        DiagnosticIds.BlockingOnDurableTask,
        "Blocking on a durable task",
        "'{0}' blocks on a durable task; durable operations complete only when the workflow can suspend or be resumed, so blocking stalls or deadlocks the invocation. Await it instead.",
        DiagnosticCategories.OperationStructure,
        DiagnosticSeverity.Error,
        "A durable task may need the invocation to end (suspend) before it can complete; a blocked thread keeps the invocation alive until the function times out.");

    /// <summary>DUR2011.</summary>
    public static readonly DiagnosticDescriptor ContextEscapes = Create(
        DiagnosticIds.ContextEscapes,
        "Durable context escapes into a field or property",
        "The durable context is stored in '{0}', where code that uses it escapes the replay checks and can outlive its invocation. Pass the context as a parameter instead.",
        DiagnosticCategories.OperationStructure,
        DiagnosticSeverity.Warning,
        "A context is valid for one invocation of one workflow. Stored in a field or property it can be used from steps, other threads or later invocations, and the analyzers can no longer see where it runs.");

    /// <summary>DUR2012.</summary>
    public static readonly DiagnosticDescriptor CallbackWithoutDurableWork = Create(
        DiagnosticIds.CallbackWithoutDurableWork,
        "Child context, branch or map item does no durable work",
        "This {0} callback does no durable operation, so its context only adds records. Use a step for plain work.",
        DiagnosticCategories.OperationStructure,
        DiagnosticSeverity.Info,
        "A child context (also each parallel branch and map item) exists to group durable operations; plain code in it is not retried like a step and costs extra checkpoints.");

    /// <summary>DUR3001.</summary>
    public static readonly DiagnosticDescriptor CapturedVariableWrite = Create(
        DiagnosticIds.CapturedVariableWrite,
        "Captured variable written inside checkpointed code",
        "'{0}' is captured from outside and written inside a {1}; on replay the {1} returns its checkpointed result without running, so the write is lost. Return the value from the {1} and assign it outside.",
        DiagnosticCategories.LostState,
        DiagnosticSeverity.Warning,
        "Steps and child contexts run once; later invocations read their recorded results. Side effects on variables of the enclosing code (assignments, ++/--, deconstruction, out and ref arguments) happen only in the invocation that ran the body.");

    /// <summary>DUR4001.</summary>
    public static readonly DiagnosticDescriptor InvalidStepSignature = Create(
        DiagnosticIds.InvalidStepSignature,
        "Invalid [DurableStep] signature",
        "[DurableStep] method '{0}' is not supported: {1}",
        DiagnosticCategories.GeneratorContract,
        DiagnosticSeverity.Error,
        "The generator wraps [DurableStep] methods of [DurableWorkflow] classes; it needs JSON payload parameters, at most one IStepContext, an optional last CancellationToken and a T, void, Task, Task<T>, ValueTask or ValueTask<T> result. It emits nothing for other shapes.");

    /// <summary>DUR4004.</summary>
    public static readonly DiagnosticDescriptor StepCalledDirectly = Create(
        DiagnosticIds.StepCalledDirectly,
        "[DurableStep] method called directly",
        "[DurableStep] method '{0}' is called directly, so it is not checkpointed and runs again on every replay. Call the generated wrapper Steps.{1} instead.",
        DiagnosticCategories.GeneratorContract,
        DiagnosticSeverity.Error,
        "The generated wrapper records the step's result under its stable name; a direct call is plain workflow code.");

    /// <summary>DUR4005.</summary>
    public static readonly DiagnosticDescriptor UnsupportedWorkflowShape = Create(
        DiagnosticIds.UnsupportedWorkflowShape,
        "Unsupported [DurableWorkflow] class",
        "[DurableWorkflow] class '{0}' is not supported: {1}",
        DiagnosticCategories.GeneratorContract,
        DiagnosticSeverity.Error,
        "The generator adds members to the workflow class: it must be partial, not generic, with every enclosing type partial, and declare RunAsync(TInput, IDurableContext) returning Task or Task<T>. It emits nothing for other shapes.");

    /// <summary>DUR5001.</summary>
    public static readonly DiagnosticDescriptor StepOutlivesFunctionTimeout = Create(
        DiagnosticIds.StepOutlivesFunctionTimeout,
        "Step can outlive the Lambda function timeout",
        "{0}, which reaches the function timeout of {1}: Lambda stops the invocation before the step completes, every time, until the execution times out. Split the step, or wait for a callback.",
        DiagnosticCategories.Timeouts,
        DiagnosticSeverity.Warning,
        "A step runs inside one invocation. The function timeout comes from [DurableWorkflow(FunctionTimeoutSeconds)], the .editorconfig option durable.function_timeout_seconds or the MSBuild property DurableFunctionTimeoutSeconds, and defaults to 900 seconds.");

    /// <summary>DUR5002.</summary>
    public static readonly DiagnosticDescriptor TimeoutOutOfBounds = Create(
        DiagnosticIds.TimeoutOutOfBounds,
        "Wait or callback timeout outside the execution bounds",
        "{0} of {1} is outside the allowed range of 1 second to the execution timeout ({2})",
        DiagnosticCategories.Timeouts,
        DiagnosticSeverity.Warning,
        "Durable waits and callback timeouts must be at least one second; one that reaches the execution timeout can never fire before the execution ends. The execution timeout comes from [DurableWorkflow(ExecutionTimeoutSeconds)], durable.execution_timeout_seconds or DurableExecutionTimeoutSeconds, and defaults to 366 days.");

    /// <summary>DUR5007.</summary>
    public static readonly DiagnosticDescriptor InvocationBudgetExceeded = Create(
        DiagnosticIds.InvocationBudgetExceeded,
        "Consecutive steps exceed the function timeout",
        "Steps {0} run back to back for up to {1} with no suspension between them, more than the function timeout of {2}; Lambda stops the invocation inside the last one, which then runs again. Add a durable wait between them or shorten the steps.",
        DiagnosticCategories.Timeouts,
        DiagnosticSeverity.Warning,
        "Steps that follow each other without a wait, callback, invoke or condition check share one invocation. When their constant delays or configured timeouts add up to more than the function timeout, the invocation is killed mid-step and the step's side effects happen twice.");

    /// <summary>DUR5008.</summary>
    public static readonly DiagnosticDescriptor InvalidOption = Create(
        DiagnosticIds.InvalidOption,
        "Invalid Durable analyzer option",
        "Option '{0}' has the invalid value '{1}' and is ignored; expected {2}",
        DiagnosticCategories.Timeouts,
        DiagnosticSeverity.Warning,
        "The timeout options are whole numbers of seconds: the function timeout 1 to 900, the execution timeout 1 to 31,622,400.");

    /// <summary>The help link of a rule: its page under <c>docs/rules</c>.</summary>
    /// <param name="id">The diagnostic ID.</param>
    /// <returns>The URL of <c>docs/rules/{id}.md</c>.</returns>
    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity, string description) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, description, HelpLink(id));
}
