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
}
