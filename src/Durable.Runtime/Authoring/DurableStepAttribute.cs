namespace Durable;

/// <summary>
/// Marks a method of a <see cref="DurableWorkflowAttribute">[DurableWorkflow]</see> class as a step. Workflow code
/// calls it through the generated wrapper (<c>await Steps.ChargeAsync(order)</c>), which checkpoints the result under
/// a stable name, so that a replay returns the recorded result instead of running the method again.
/// </summary>
/// <remarks>
/// The method may be static or an instance method, synchronous or asynchronous (<see cref="Task"/>,
/// <see cref="Task{TResult}"/>, <see cref="ValueTask"/>, <see cref="ValueTask{TResult}"/>), with any parameters that
/// serialize to JSON, plus optionally an <see cref="IStepContext"/> and, last, a <see cref="CancellationToken"/>.
/// Calling the method directly bypasses the checkpoint; the analyzers report such calls (DUR4004).
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DurableStepAttribute : Attribute
{
    /// <summary>Marks a step named after its method (without an <c>Async</c> suffix).</summary>
    public DurableStepAttribute()
    {
    }

    /// <summary>Marks a step with an explicit checkpoint name.</summary>
    /// <param name="name">The name recorded in the execution history.</param>
    public DurableStepAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The checkpoint name; the method name without an <c>Async</c> suffix when null.</summary>
    public string? Name { get; }

    /// <summary>How attempts relate to side effects; <see cref="StepSemantics.AtLeastOncePerRetry"/> by default.</summary>
    public StepSemantics Semantics { get; set; } = StepSemantics.AtLeastOncePerRetry;

    /// <summary>A retry preset; <see cref="RetryPreset.Default"/> (6 attempts, 5 s to 60 s, full jitter) by default.</summary>
    public RetryPreset Retry { get; set; } = RetryPreset.Default;

    /// <summary>
    /// A custom retry strategy: a type implementing <see cref="IRetryStrategy"/> with a public parameterless
    /// constructor. Takes precedence over <see cref="Retry"/>.
    /// </summary>
    public Type? RetryStrategy { get; set; }

    /// <summary>
    /// Cancels each attempt's <see cref="CancellationToken"/> after this many seconds (0: no limit). An attempt that
    /// ends because of it fails with a <see cref="StepTimeoutException"/>, which the retry strategy sees.
    /// </summary>
    public int TimeoutSeconds { get; set; }
}

/// <summary>The retry presets of <see cref="Durable.RetryStrategy"/>, for use in attributes.</summary>
public enum RetryPreset
{
    /// <summary><see cref="Durable.RetryStrategy.Default"/>: 6 attempts, 5 s initial, 60 s max, x2, full jitter.</summary>
    Default,

    /// <summary><see cref="Durable.RetryStrategy.None"/>: a single attempt.</summary>
    None,

    /// <summary><see cref="Durable.RetryStrategy.Transient"/>: 3 attempts, 1 s to 5 s, half jitter.</summary>
    Transient,

    /// <summary><see cref="Durable.RetryStrategy.ResourceAvailability"/>: 5 attempts, 5 s to 5 min, full jitter.</summary>
    ResourceAvailability,

    /// <summary><see cref="Durable.RetryStrategy.Critical"/>: 10 attempts, 1 s to 60 s, x1.5, no jitter.</summary>
    Critical,
}
