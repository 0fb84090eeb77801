namespace Durable;

/// <summary>Why a parallel or map completed.</summary>
public enum CompletionReason
{
    /// <summary>Every started branch or item finished.</summary>
    AllCompleted,

    /// <summary>Enough succeeded (<see cref="CompletionConfig.MinSuccessful"/>) before all finished.</summary>
    MinSuccessfulReached,

    /// <summary>Too many failed (fail-fast, <see cref="CompletionConfig.ToleratedFailureCount"/> or percentage).</summary>
    FailureToleranceExceeded,
}

/// <summary>How one branch or item ended.</summary>
public enum BatchItemStatus
{
    /// <summary>It returned a result.</summary>
    Succeeded,

    /// <summary>It threw.</summary>
    Failed,

    /// <summary>It was still running when the operation completed early.</summary>
    Started,
}

/// <summary>The overall verdict of a batch.</summary>
public enum BatchStatus
{
    /// <summary>No branch or item failed.</summary>
    Succeeded,

    /// <summary>At least one branch or item failed.</summary>
    Failed,
}

/// <summary>One branch or item of a parallel or map.</summary>
/// <param name="Index">Its position in the declared branches or items.</param>
/// <param name="Name">Its name, if it has one.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Result">Its result, when it succeeded.</param>
/// <param name="Error">Its error, when it failed.</param>
/// <typeparam name="T">The result type.</typeparam>
public sealed record BatchItem<T>(int Index, string? Name, BatchItemStatus Status, T? Result, DurableOperationException? Error);

/// <summary>
/// The outcome of a parallel or map. It never throws on its own: inspect it, or call <see cref="ThrowIfError"/>.
/// Branches or items never started (because the operation completed early) are not listed.
/// </summary>
/// <typeparam name="T">The result type.</typeparam>
public interface IBatchResult<T>
{
    /// <summary>Every started branch or item, by index.</summary>
    IReadOnlyList<BatchItem<T>> All { get; }

    /// <summary>Why the operation completed.</summary>
    CompletionReason CompletionReason { get; }

    /// <summary>The succeeded ones, by index.</summary>
    IReadOnlyList<BatchItem<T>> Succeeded { get; }

    /// <summary>The failed ones, by index.</summary>
    IReadOnlyList<BatchItem<T>> Failed { get; }

    /// <summary>The ones still running when the operation completed early.</summary>
    IReadOnlyList<BatchItem<T>> Started { get; }

    /// <summary>True when any failed.</summary>
    bool HasFailure { get; }

    /// <summary>Failed when any failed, otherwise Succeeded.</summary>
    BatchStatus Status { get; }

    /// <summary>How many succeeded.</summary>
    int SuccessCount { get; }

    /// <summary>How many failed.</summary>
    int FailureCount { get; }

    /// <summary>How many were still running.</summary>
    int StartedCount { get; }

    /// <summary>How many were started.</summary>
    int TotalCount { get; }

    /// <summary>The results of the succeeded ones, by index.</summary>
    IReadOnlyList<T> GetResults();

    /// <summary>The errors of the failed ones, by index.</summary>
    IReadOnlyList<DurableOperationException> GetErrors();

    /// <summary>Throws the first failed one's error, if any.</summary>
    /// <exception cref="DurableOperationException">A branch or item failed.</exception>
    void ThrowIfError();
}

/// <summary>The standard <see cref="IBatchResult{T}"/>; public so custom result serializers can rebuild one.</summary>
/// <typeparam name="T">The result type.</typeparam>
public sealed class BatchResult<T> : IBatchResult<T>
{
    /// <summary>Creates a batch result.</summary>
    /// <param name="items">The started branches or items (sorted by index here).</param>
    /// <param name="completionReason">Why the operation completed.</param>
    public BatchResult(IEnumerable<BatchItem<T>> items, CompletionReason completionReason)
    {
        ArgumentNullException.ThrowIfNull(items);
        All = items.OrderBy(i => i.Index).ToList();
        CompletionReason = completionReason;
        Succeeded = All.Where(i => i.Status == BatchItemStatus.Succeeded).ToList();
        Failed = All.Where(i => i.Status == BatchItemStatus.Failed).ToList();
        Started = All.Where(i => i.Status == BatchItemStatus.Started).ToList();
    }

    /// <inheritdoc />
    public IReadOnlyList<BatchItem<T>> All { get; }

    /// <inheritdoc />
    public CompletionReason CompletionReason { get; }

    /// <inheritdoc />
    public IReadOnlyList<BatchItem<T>> Succeeded { get; }

    /// <inheritdoc />
    public IReadOnlyList<BatchItem<T>> Failed { get; }

    /// <inheritdoc />
    public IReadOnlyList<BatchItem<T>> Started { get; }

    /// <inheritdoc />
    public bool HasFailure => Failed.Count > 0;

    /// <inheritdoc />
    public BatchStatus Status => HasFailure ? BatchStatus.Failed : BatchStatus.Succeeded;

    /// <inheritdoc />
    public int SuccessCount => Succeeded.Count;

    /// <inheritdoc />
    public int FailureCount => Failed.Count;

    /// <inheritdoc />
    public int StartedCount => Started.Count;

    /// <inheritdoc />
    public int TotalCount => All.Count;

    /// <inheritdoc />
    public IReadOnlyList<T> GetResults() => Succeeded.Select(i => i.Result!).ToList();

    /// <inheritdoc />
    public IReadOnlyList<DurableOperationException> GetErrors() => Failed.Select(i => i.Error!).ToList();

    /// <inheritdoc />
    public void ThrowIfError()
    {
        if (Failed.Count > 0)
        {
            throw Failed[0].Error!;
        }
    }
}
