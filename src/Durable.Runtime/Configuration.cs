namespace Durable;

/// <summary>How branches and map items are recorded.</summary>
public enum NestingType
{
    /// <summary>Each branch or item is a child context with its own START and SUCCEED/FAIL records.</summary>
    Nested,

    /// <summary>
    /// Branches and items record no context of their own ("virtual" contexts): their operations are children of the
    /// parallel or map operation, and their results live only in its summary. About a third fewer records.
    /// </summary>
    Flat,
}

/// <summary>Configuration of a child context.</summary>
public sealed record ChildContextConfig
{
    /// <summary>The subtype recorded on the context; <c>RunInChildContext</c> by default.</summary>
    public string? SubType { get; init; }

    /// <summary>Maps the context's failure to the exception the caller sees (on the first run and on replay).</summary>
    public Func<ChildContextException, Exception>? ErrorMapping { get; init; }
}

/// <summary>Configuration of a callback.</summary>
public record CallbackConfig
{
    /// <summary>How long the callback may stay open; <see cref="TimeSpan.Zero"/> (the default) means no limit. At least one second otherwise.</summary>
    public TimeSpan Timeout { get; init; }

    /// <summary>How long may pass without a heartbeat; <see cref="TimeSpan.Zero"/> (the default) means no heartbeat is required.</summary>
    public TimeSpan HeartbeatTimeout { get; init; }

    internal void Validate()
    {
        ValidateTimeout(Timeout, nameof(Timeout));
        ValidateTimeout(HeartbeatTimeout, nameof(HeartbeatTimeout));
    }

    private static void ValidateTimeout(TimeSpan value, string name)
    {
        if (value != TimeSpan.Zero && (value < TimeSpan.FromSeconds(1) || value > TimeSpan.FromSeconds(31_622_400)))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be zero (none) or between 1 second and 366 days.");
        }
    }
}

/// <summary>Configuration of a wait-for-callback: the callback's timeouts and the submitter's retries.</summary>
public sealed record WaitForCallbackConfig : CallbackConfig
{
    /// <summary>Retries of the submitter; <see cref="Durable.RetryStrategy.Default"/> when null.</summary>
    public IRetryStrategy? RetryStrategy { get; init; }
}

/// <summary>Configuration of a chained invoke.</summary>
public sealed record InvokeConfig
{
    /// <summary>The tenant to invoke the function for (tenant-isolated functions).</summary>
    public string? TenantId { get; init; }
}

/// <summary>
/// When a parallel or map completes. With nothing set it is fail-fast: the first failure ends it. Failures are
/// checked before successes.
/// </summary>
public sealed record CompletionConfig
{
    /// <summary>Complete as soon as this many branches or items succeeded (at least 1).</summary>
    public int? MinSuccessful { get; init; }

    /// <summary>Complete (as failed) once more than this many failed (at least 0).</summary>
    public int? ToleratedFailureCount { get; init; }

    /// <summary>
    /// Complete (as failed) once more than this percentage of all branches or items failed: 0 to 100 (the Python and
    /// JavaScript SDKs' unit; AWS's .NET SDK uses a 0–1 ratio under this name).
    /// </summary>
    public double? ToleratedFailurePercentage { get; init; }

    /// <summary>Fail fast: the first failure ends the operation.</summary>
    public static CompletionConfig AllSuccessful() => new() { ToleratedFailureCount = 0 };

    /// <summary>Run everything whatever fails.</summary>
    public static CompletionConfig AllCompleted() => new() { ToleratedFailureCount = int.MaxValue };

    /// <summary>Complete at the first success.</summary>
    public static CompletionConfig FirstSuccessful() => new() { MinSuccessful = 1 };

    internal void Validate()
    {
        if (MinSuccessful is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinSuccessful), MinSuccessful, "MinSuccessful must be at least 1.");
        }

        if (ToleratedFailureCount is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ToleratedFailureCount), ToleratedFailureCount, "ToleratedFailureCount must not be negative.");
        }

        if (ToleratedFailurePercentage is { } percentage && (double.IsNaN(percentage) || percentage is < 0 or > 100))
        {
            throw new ArgumentOutOfRangeException(nameof(ToleratedFailurePercentage), percentage, "ToleratedFailurePercentage must be between 0 and 100.");
        }
    }
}

/// <summary>Configuration of a parallel.</summary>
public record ParallelConfig
{
    /// <summary>How many branches run at once; unlimited when null. At least 1.</summary>
    public int? MaxConcurrency { get; init; }

    /// <summary>When the parallel completes; fail-fast when null.</summary>
    public CompletionConfig? CompletionConfig { get; init; }

    /// <summary>How branches are recorded.</summary>
    public NestingType NestingType { get; init; } = NestingType.Nested;

    internal void Validate() => BatchValidation.Validate(MaxConcurrency, CompletionConfig, NestingType);
}

/// <summary>Configuration of a parallel with custom serialization of branch results and of the whole result.</summary>
/// <typeparam name="T">The branch result type.</typeparam>
public sealed record ParallelConfig<T> : ParallelConfig
{
    /// <summary>How each branch result is stored; the workflow's JSON metadata when null.</summary>
    public DurableSerializer<T>? BranchSerializer { get; init; }

    /// <summary>How the whole result is stored on the parallel operation; the built-in summary when null.</summary>
    public DurableSerializer<IBatchResult<T>>? ResultSerializer { get; init; }
}

/// <summary>Configuration of a map.</summary>
/// <typeparam name="TItem">The item type.</typeparam>
public record MapConfig<TItem>
{
    /// <summary>How many items run at once; unlimited when null. At least 1.</summary>
    public int? MaxConcurrency { get; init; }

    /// <summary>When the map completes; fail-fast when null.</summary>
    public CompletionConfig? CompletionConfig { get; init; }

    /// <summary>How items are recorded.</summary>
    public NestingType NestingType { get; init; } = NestingType.Nested;

    /// <summary>Names each item's operation from the item and its index (for observability only).</summary>
    public Func<TItem, int, string?>? ItemNamer { get; init; }

    internal void Validate() => BatchValidation.Validate(MaxConcurrency, CompletionConfig, NestingType);
}

/// <summary>Configuration of a map with custom serialization of item results and of the whole result.</summary>
/// <typeparam name="TItem">The item type.</typeparam>
/// <typeparam name="TResult">The item result type.</typeparam>
public sealed record MapConfig<TItem, TResult> : MapConfig<TItem>
{
    /// <summary>How each item result is stored; the workflow's JSON metadata when null.</summary>
    public DurableSerializer<TResult>? ItemSerializer { get; init; }

    /// <summary>How the whole result is stored on the map operation; the built-in summary when null.</summary>
    public DurableSerializer<IBatchResult<TResult>>? ResultSerializer { get; init; }
}

/// <summary>A named branch of a parallel.</summary>
/// <param name="Name">The branch name (recorded on its context).</param>
/// <param name="Function">The branch, run in its own child context.</param>
/// <typeparam name="T">The branch result type.</typeparam>
public sealed record DurableBranch<T>(string? Name, Func<IDurableContext, Task<T>> Function);

/// <summary>Argument checks shared by parallel and map, done before anything is recorded.</summary>
internal static class BatchValidation
{
    public static void Validate(int? maxConcurrency, CompletionConfig? completion, NestingType nesting)
    {
        if (maxConcurrency is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxConcurrency), maxConcurrency, "MaxConcurrency must be at least 1, or null for no limit.");
        }

        if (!Enum.IsDefined(nesting))
        {
            throw new ArgumentOutOfRangeException(nameof(nesting), nesting, "Unknown nesting type.");
        }

        completion?.Validate();
    }
}
