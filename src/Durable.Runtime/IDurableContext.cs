using Microsoft.Extensions.Logging;

namespace Durable;

/// <summary>
/// The workflow's handle on durable execution. Every method records an operation at a position derived from the
/// order of calls, so a workflow must make the same calls in the same order on every replay: keep clocks, random
/// numbers, I/O and other side effects inside steps.
/// </summary>
public interface IDurableContext
{
    /// <summary>The ARN of the running durable execution.</summary>
    string DurableExecutionArn { get; }

    /// <summary>
    /// A logger that stays silent while the workflow replays code that already ran in an earlier invocation, so
    /// each line appears once per execution. Its scope carries <c>executionArn</c>.
    /// </summary>
    ILogger Logger { get; }

    /// <summary>
    /// True while the code at this point already ran in an earlier invocation (the next operation of this context
    /// is already recorded).
    /// </summary>
    bool IsReplaying { get; }

    /// <summary>
    /// Runs <paramref name="step"/> once and checkpoints its result; on replay the recorded result is returned and
    /// the function is not run. Failed attempts are retried by the configured strategy (by default
    /// <see cref="RetryStrategy.Default"/>), each retry in a later invocation. The result is stored with the
    /// workflow's JSON metadata; the overloads taking a <see cref="DurableSerializer{T}"/> choose another format.
    /// </summary>
    /// <param name="step">The work. It receives the attempt number, operation ID, logger and a cancellation token.</param>
    /// <param name="name">A name for the step, shown in history and logs and checked on replay.</param>
    /// <param name="config">Retry strategy and execution semantics.</param>
    /// <param name="cancellationToken">Cancels waiting for the step.</param>
    /// <typeparam name="T">The result type.</typeparam>
    /// <returns>The result, as read back from its checkpoint (identical on first run and replay).</returns>
    /// <exception cref="StepException">The step failed and its retry strategy gave up.</exception>
    Task<T> StepAsync<T>(Func<IStepContext, Task<T>> step, string? name = null, StepConfig? config = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a synchronous step once and checkpoints its result (see the asynchronous overload).</summary>
    /// <param name="step">The work.</param>
    /// <param name="name">A name for the step.</param>
    /// <param name="config">Retry strategy and execution semantics.</param>
    /// <param name="cancellationToken">Cancels waiting for the step.</param>
    /// <typeparam name="T">The result type.</typeparam>
    /// <returns>The result, as read back from its checkpoint.</returns>
    /// <exception cref="StepException">The step failed and its retry strategy gave up.</exception>
    Task<T> StepAsync<T>(Func<IStepContext, T> step, string? name = null, StepConfig? config = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a step without a result once and checkpoints its completion.</summary>
    /// <param name="step">The work.</param>
    /// <param name="name">A name for the step.</param>
    /// <param name="config">Retry strategy and execution semantics.</param>
    /// <param name="cancellationToken">Cancels waiting for the step.</param>
    /// <exception cref="StepException">The step failed and its retry strategy gave up.</exception>
    Task StepAsync(Func<IStepContext, Task> step, string? name = null, StepConfig? config = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a synchronous step without a result once and checkpoints its completion.</summary>
    /// <param name="step">The work.</param>
    /// <param name="name">A name for the step.</param>
    /// <param name="config">Retry strategy and execution semantics.</param>
    /// <param name="cancellationToken">Cancels waiting for the step.</param>
    /// <exception cref="StepException">The step failed and its retry strategy gave up.</exception>
    Task StepAsync(Action<IStepContext> step, string? name = null, StepConfig? config = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a step once and checkpoints its result with <paramref name="serializer"/>.</summary>
    /// <param name="step">The work.</param>
    /// <param name="serializer">How the result is stored; a <c>JsonTypeInfo&lt;T&gt;</c> converts implicitly.</param>
    /// <param name="name">A name for the step.</param>
    /// <param name="config">Retry strategy and execution semantics.</param>
    /// <param name="cancellationToken">Cancels waiting for the step.</param>
    /// <typeparam name="T">The result type.</typeparam>
    /// <returns>The result, as read back from its checkpoint.</returns>
    /// <exception cref="StepException">The step failed and its retry strategy gave up.</exception>
    Task<T> StepAsync<T>(Func<IStepContext, Task<T>> step, DurableSerializer<T> serializer, string? name = null, StepConfig? config = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a synchronous step once and checkpoints its result with <paramref name="serializer"/>.</summary>
    /// <param name="step">The work.</param>
    /// <param name="serializer">How the result is stored.</param>
    /// <param name="name">A name for the step.</param>
    /// <param name="config">Retry strategy and execution semantics.</param>
    /// <param name="cancellationToken">Cancels waiting for the step.</param>
    /// <typeparam name="T">The result type.</typeparam>
    /// <returns>The result, as read back from its checkpoint.</returns>
    /// <exception cref="StepException">The step failed and its retry strategy gave up.</exception>
    Task<T> StepAsync<T>(Func<IStepContext, T> step, DurableSerializer<T> serializer, string? name = null, StepConfig? config = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits durably: the invocation suspends at no cost and the service resumes the workflow when the time has
    /// passed, even months later.
    /// </summary>
    /// <param name="duration">From 1 second to 366 days; sub-second parts round up to whole seconds.</param>
    /// <param name="name">A name for the wait, shown in history and checked on replay.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <exception cref="ArgumentOutOfRangeException">The duration is below 1 second or above 31,622,400 seconds.</exception>
    Task WaitAsync(TimeSpan duration, string? name = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="function"/> in a child context: its operations are numbered in their own scope (so it
    /// can run concurrently with other contexts), its result is checkpointed, and on replay a completed child
    /// returns the recorded result without running. Results above 256 KB are rebuilt by replaying the children.
    /// </summary>
    /// <param name="function">The work, given its own context.</param>
    /// <param name="name">A name for the context.</param>
    /// <param name="config">Subtype and error mapping.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <typeparam name="T">The result type.</typeparam>
    /// <exception cref="ChildContextException">The function threw (mapped by <see cref="ChildContextConfig.ErrorMapping"/>).</exception>
    Task<T> RunInChildContextAsync<T>(Func<IDurableContext, Task<T>> function, string? name = null, ChildContextConfig? config = null, CancellationToken cancellationToken = default);

    /// <summary>Runs <paramref name="function"/> in a child context and checkpoints its result with <paramref name="serializer"/>.</summary>
    /// <param name="function">The work.</param>
    /// <param name="serializer">How the result is stored.</param>
    /// <param name="name">A name for the context.</param>
    /// <param name="config">Subtype and error mapping.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <typeparam name="T">The result type.</typeparam>
    /// <exception cref="ChildContextException">The function threw.</exception>
    Task<T> RunInChildContextAsync<T>(Func<IDurableContext, Task<T>> function, DurableSerializer<T> serializer, string? name = null, ChildContextConfig? config = null, CancellationToken cancellationToken = default);

    /// <summary>Runs <paramref name="function"/>, which has no result, in a child context.</summary>
    /// <param name="function">The work.</param>
    /// <param name="name">A name for the context.</param>
    /// <param name="config">Subtype and error mapping.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <exception cref="ChildContextException">The function threw.</exception>
    Task RunInChildContextAsync(Func<IDurableContext, Task> function, string? name = null, ChildContextConfig? config = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a callback that an outside system completes through the callback ID (for example
    /// <c>SendDurableExecutionCallbackSuccess</c>). The handle is returned even when the callback already failed or
    /// timed out; errors surface when the result is awaited, so the code in between replays identically.
    /// </summary>
    /// <param name="name">A name for the callback.</param>
    /// <param name="config">Timeout and heartbeat timeout.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <typeparam name="T">The result type, read from the JSON the outside system sends.</typeparam>
    Task<ICallback<T>> CreateCallbackAsync<T>(string? name = null, CallbackConfig? config = null, CancellationToken cancellationToken = default);

    /// <summary>Creates a callback whose result is read with <paramref name="serializer"/> (for example <see cref="DurableSerializer.RawString"/>).</summary>
    /// <param name="serializer">How the result body is read.</param>
    /// <param name="name">A name for the callback.</param>
    /// <param name="config">Timeout and heartbeat timeout.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <typeparam name="T">The result type.</typeparam>
    Task<ICallback<T>> CreateCallbackAsync<T>(DurableSerializer<T> serializer, string? name = null, CallbackConfig? config = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a callback, runs <paramref name="submitter"/> with its ID as a retried step (to hand the ID to the
    /// outside system), then waits for the result: the composite of a child context (subtype <c>WaitForCallback</c>).
    /// </summary>
    /// <param name="submitter">Sends the callback ID to whoever will complete it.</param>
    /// <param name="name">A name for the operation.</param>
    /// <param name="config">Timeouts and the submitter's retry strategy.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <typeparam name="T">The result type.</typeparam>
    /// <exception cref="CallbackFailedException">The outside system reported a failure.</exception>
    /// <exception cref="CallbackTimeoutException">The callback or its heartbeat timed out.</exception>
    /// <exception cref="CallbackSubmitterException">The submitter kept failing.</exception>
    Task<T> WaitForCallbackAsync<T>(Func<string, IWaitForCallbackContext, Task> submitter, string? name = null, WaitForCallbackConfig? config = null, CancellationToken cancellationToken = default);

    /// <summary>Waits for a callback whose result is read with <paramref name="serializer"/>.</summary>
    /// <param name="submitter">Sends the callback ID to whoever will complete it.</param>
    /// <param name="serializer">How the result body is read.</param>
    /// <param name="name">A name for the operation.</param>
    /// <param name="config">Timeouts and the submitter's retry strategy.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <typeparam name="T">The result type.</typeparam>
    Task<T> WaitForCallbackAsync<T>(Func<string, IWaitForCallbackContext, Task> submitter, DurableSerializer<T> serializer, string? name = null, WaitForCallbackConfig? config = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Polls durably: runs <paramref name="check"/> on the current state, then lets the wait strategy stop (the state is
    /// returned) or schedule another check after a delay, suspending in between. The check function throwing fails
    /// the operation; it is not retried.
    /// </summary>
    /// <param name="check">Computes the new state from the previous one.</param>
    /// <param name="config">The initial state, the wait strategy and the state's serializer.</param>
    /// <param name="name">A name for the operation.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <typeparam name="TState">The polled state.</typeparam>
    /// <exception cref="WaitForConditionException">The strategy gave up.</exception>
    /// <exception cref="StepException">The check function threw.</exception>
    Task<TState> WaitForConditionAsync<TState>(Func<TState, IConditionCheckContext, Task<TState>> check, WaitForConditionConfig<TState> config, string? name = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Invokes another Lambda function (durable or not) by name or ARN and waits for its result, suspending in
    /// between. Durable targets need a qualified name or ARN (a version, alias or <c>$LATEST</c>).
    /// </summary>
    /// <param name="functionName">The function's name or ARN, optionally qualified.</param>
    /// <param name="payload">The input.</param>
    /// <param name="name">A name for the operation.</param>
    /// <param name="config">The tenant.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <typeparam name="TPayload">The input type.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <exception cref="InvokeFailedException">The function failed.</exception>
    /// <exception cref="InvokeTimedOutException">Its execution timed out.</exception>
    /// <exception cref="InvokeStoppedException">Its execution was stopped.</exception>
    Task<TResult> InvokeAsync<TPayload, TResult>(string functionName, TPayload payload, string? name = null, InvokeConfig? config = null, CancellationToken cancellationToken = default);

    /// <summary>Invokes another function with custom serialization of the input and the result.</summary>
    /// <param name="functionName">The function's name or ARN.</param>
    /// <param name="payload">The input.</param>
    /// <param name="payloadSerializer">How the input is sent.</param>
    /// <param name="resultSerializer">How the result is read.</param>
    /// <param name="name">A name for the operation.</param>
    /// <param name="config">The tenant.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <typeparam name="TPayload">The input type.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    Task<TResult> InvokeAsync<TPayload, TResult>(string functionName, TPayload payload, DurableSerializer<TPayload> payloadSerializer, DurableSerializer<TResult> resultSerializer, string? name = null, InvokeConfig? config = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs branches concurrently, each in its own child context (or a virtual one, see <see cref="NestingType.Flat"/>),
    /// with a concurrency limit and a completion policy. Never throws because a branch failed: inspect the result.
    /// </summary>
    /// <param name="branches">The branches.</param>
    /// <param name="name">A name for the operation.</param>
    /// <param name="config">Concurrency, completion policy, nesting and serialization (<see cref="ParallelConfig{T}"/>).</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <typeparam name="T">The branch result type.</typeparam>
    /// <exception cref="ArgumentOutOfRangeException">The configuration is invalid (checked before anything is recorded).</exception>
    Task<IBatchResult<T>> ParallelAsync<T>(IReadOnlyList<Func<IDurableContext, Task<T>>> branches, string? name = null, ParallelConfig? config = null, CancellationToken cancellationToken = default);

    /// <summary>Runs named branches concurrently; see the other overload.</summary>
    /// <param name="branches">The branches.</param>
    /// <param name="name">A name for the operation.</param>
    /// <param name="config">Concurrency, completion policy, nesting and serialization.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <typeparam name="T">The branch result type.</typeparam>
    Task<IBatchResult<T>> ParallelAsync<T>(IReadOnlyList<DurableBranch<T>> branches, string? name = null, ParallelConfig? config = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="function"/> for every item, concurrently, each in its own child context, with a
    /// concurrency limit and a completion policy. Never throws because an item failed: inspect the result.
    /// </summary>
    /// <param name="items">The items.</param>
    /// <param name="function">Receives the item's context, the item and its index.</param>
    /// <param name="name">A name for the operation.</param>
    /// <param name="config">Concurrency, completion policy, nesting, item names and serialization (<see cref="MapConfig{TItem, TResult}"/>).</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <typeparam name="TResult">The item result type.</typeparam>
    /// <exception cref="ArgumentOutOfRangeException">The configuration is invalid (checked before anything is recorded).</exception>
    Task<IBatchResult<TResult>> MapAsync<TItem, TResult>(IReadOnlyList<TItem> items, Func<IDurableContext, TItem, int, Task<TResult>> function, string? name = null, MapConfig<TItem>? config = null, CancellationToken cancellationToken = default);
}

/// <summary>A callback created by <see cref="IDurableContext.CreateCallbackAsync{T}(string?, CallbackConfig?, CancellationToken)"/>.</summary>
/// <typeparam name="T">The result type.</typeparam>
public interface ICallback<T>
{
    /// <summary>The ID the outside system completes the callback with.</summary>
    string CallbackId { get; }

    /// <summary>Waits for the outside system (suspending the execution meanwhile) and returns its result.</summary>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <exception cref="CallbackFailedException">The outside system reported a failure.</exception>
    /// <exception cref="CallbackTimeoutException">The callback or its heartbeat timed out.</exception>
    Task<T> GetResultAsync(CancellationToken cancellationToken = default);
}

/// <summary>What a wait-for-callback submitter knows.</summary>
public interface IWaitForCallbackContext
{
    /// <summary>The submitter's attempt, 1-based.</summary>
    int AttemptNumber { get; }

    /// <summary>A logger scoped to the submitter's step.</summary>
    ILogger Logger { get; }

    /// <summary>Signalled when the invocation is ending.</summary>
    CancellationToken CancellationToken { get; }
}

/// <summary>What a wait-for-condition check knows.</summary>
public interface IConditionCheckContext
{
    /// <summary>The check, 1-based.</summary>
    int AttemptNumber { get; }

    /// <summary>The operation ID.</summary>
    string OperationId { get; }

    /// <summary>A logger scoped to the check.</summary>
    ILogger Logger { get; }

    /// <summary>Signalled when the invocation is ending.</summary>
    CancellationToken CancellationToken { get; }
}

/// <summary>What a step function knows about its attempt.</summary>
public interface IStepContext
{
    /// <summary>The attempt, 1-based: 1 for the first run, 2 for the first retry.</summary>
    int AttemptNumber { get; }

    /// <summary>The step's operation ID.</summary>
    string OperationId { get; }

    /// <summary>The step's name, if it has one.</summary>
    string? Name { get; }

    /// <summary>The ARN of the running durable execution.</summary>
    string DurableExecutionArn { get; }

    /// <summary>A logger whose scope carries the operation ID, name and attempt.</summary>
    ILogger Logger { get; }

    /// <summary>
    /// Signalled when the invocation is ending (the workflow suspended or a checkpoint failed) or the caller's token
    /// is cancelled. A step that stops because of it records nothing and runs again on the next invocation.
    /// </summary>
    CancellationToken CancellationToken { get; }
}

/// <summary>How a step's attempts relate to its side effects.</summary>
public enum StepSemantics
{
    /// <summary>
    /// The default. The attempt starts without waiting for the START checkpoint; if the invocation dies mid-attempt
    /// the attempt runs again, so side effects may happen more than once per retry.
    /// </summary>
    AtLeastOncePerRetry,

    /// <summary>
    /// The START checkpoint is acknowledged before the attempt runs; an attempt interrupted by a crash is not re-run
    /// but reported to the retry strategy as a <see cref="StepInterruptedException"/>.
    /// </summary>
    AtMostOncePerRetry,
}

/// <summary>Configuration of a step.</summary>
public sealed record StepConfig
{
    /// <summary>The retry strategy; null means <see cref="Durable.RetryStrategy.Default"/>. Use <see cref="Durable.RetryStrategy.None"/> for a single attempt.</summary>
    public IRetryStrategy? RetryStrategy { get; init; }

    /// <summary>Execution semantics; <see cref="StepSemantics.AtLeastOncePerRetry"/> by default.</summary>
    public StepSemantics Semantics { get; init; } = StepSemantics.AtLeastOncePerRetry;

    /// <summary>
    /// Cancels each attempt's <see cref="IStepContext.CancellationToken"/> after this long; an attempt that ends because
    /// of it fails with a <see cref="StepTimeoutException"/> (which the retry strategy sees). Null: no limit. Keep it
    /// below the function timeout, which Lambda enforces by killing the invocation.
    /// </summary>
    public TimeSpan? Timeout
    {
        get => _timeout;
        init
        {
            if (value is { } limit && limit <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(Timeout), limit, "A step timeout must be positive.");
            }

            _timeout = value;
        }
    }

    private readonly TimeSpan? _timeout;
}
