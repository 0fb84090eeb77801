namespace Durable;

/// <summary>Decides, after each check of a wait-for-condition, whether to poll again and when.</summary>
/// <typeparam name="TState">The polled state.</typeparam>
public interface IWaitStrategy<in TState>
{
    /// <summary>Decides after a check. Throw <see cref="WaitForConditionException"/> to give up.</summary>
    /// <param name="state">The state the check returned.</param>
    /// <param name="attemptNumber">The check just made, 1-based.</param>
    WaitDecision Decide(TState state, int attemptNumber);
}

/// <summary>The outcome of <see cref="IWaitStrategy{TState}.Decide"/>.</summary>
/// <param name="ShouldContinue">True to poll again.</param>
/// <param name="Delay">How long until the next check; rounded up to whole seconds, at least one.</param>
public readonly record struct WaitDecision(bool ShouldContinue, TimeSpan Delay)
{
    /// <summary>The condition is met: the operation returns the state.</summary>
    public static WaitDecision Stop() => new(false, TimeSpan.Zero);

    /// <summary>Check again after <paramref name="delay"/>.</summary>
    /// <param name="delay">The delay.</param>
    public static WaitDecision ContinueAfter(TimeSpan delay) => new(true, delay);
}

/// <summary>Configuration of a wait-for-condition.</summary>
/// <typeparam name="TState">The polled state.</typeparam>
public sealed record WaitForConditionConfig<TState>
{
    /// <summary>The state the first check receives.</summary>
    public required TState InitialState { get; init; }

    /// <summary>When to check again; <see cref="WaitStrategy.Exponential{TState}"/> with its defaults when null (which never stops on its own).</summary>
    public IWaitStrategy<TState>? WaitStrategy { get; init; }

    /// <summary>How the state is stored between checks; the workflow's JSON metadata when null.</summary>
    public DurableSerializer<TState>? Serializer { get; init; }
}

/// <summary>Wait strategies for wait-for-condition.</summary>
public static class WaitStrategy
{
    /// <summary>
    /// Exponential polling: check n waits <c>min(initialDelay × backoffRate^(n-1), maxDelay)</c>, jittered, rounded up
    /// to whole seconds. Stops when <paramref name="isDone"/> holds (checked before the attempt limit: a met condition
    /// wins over exhaustion); after <paramref name="maxAttempts"/> checks it gives up with a <see cref="WaitForConditionException"/>.
    /// Defaults: 60 checks, 5 s, 300 s, ×1.5, full jitter.
    /// </summary>
    /// <param name="isDone">The condition.</param>
    /// <param name="maxAttempts">Checks before giving up (≥ 1).</param>
    /// <param name="initialDelay">Delay after the first check.</param>
    /// <param name="maxDelay">Cap on the delay.</param>
    /// <param name="backoffRate">Growth per check (≥ 1).</param>
    /// <param name="jitter">Randomization.</param>
    /// <param name="random">Random source for jitter.</param>
    /// <typeparam name="TState">The polled state.</typeparam>
    public static IWaitStrategy<TState> Exponential<TState>(
        Func<TState, bool>? isDone = null,
        int maxAttempts = 60,
        TimeSpan? initialDelay = null,
        TimeSpan? maxDelay = null,
        double backoffRate = 1.5,
        JitterStrategy jitter = JitterStrategy.Full,
        Random? random = null)
    {
        var delays = new ExponentialRetryStrategy(maxAttempts, initialDelay ?? TimeSpan.FromSeconds(5), maxDelay ?? TimeSpan.FromSeconds(300), backoffRate, jitter, random: random);
        return new DelegateWaitStrategy<TState>((state, attempt) =>
        {
            if (isDone?.Invoke(state) == true)
            {
                return WaitDecision.Stop();
            }

            var retry = delays.ShouldRetry(PollException.Instance, attempt);
            return retry.ShouldRetry
                ? WaitDecision.ContinueAfter(retry.Delay)
                : throw new WaitForConditionException(attempt, state);
        });
    }

    /// <summary>Linear polling: check n waits <c>initialDelay + increment × (n-1)</c>, capped; no jitter.</summary>
    /// <param name="isDone">The condition.</param>
    /// <param name="maxAttempts">Checks before giving up (≥ 1).</param>
    /// <param name="initialDelay">Delay after the first check; 5 s by default.</param>
    /// <param name="increment">Added per check; 5 s by default.</param>
    /// <param name="maxDelay">Cap on the delay; none by default.</param>
    /// <typeparam name="TState">The polled state.</typeparam>
    public static IWaitStrategy<TState> Linear<TState>(Func<TState, bool>? isDone = null, int maxAttempts = 60, TimeSpan? initialDelay = null, TimeSpan? increment = null, TimeSpan? maxDelay = null)
    {
        var delays = RetryStrategy.Linear(maxAttempts, initialDelay ?? TimeSpan.FromSeconds(5), increment ?? TimeSpan.FromSeconds(5), maxDelay);
        return FromRetryDelays(isDone, delays);
    }

    /// <summary>A constant delay between checks; no jitter.</summary>
    /// <param name="delay">The delay.</param>
    /// <param name="isDone">The condition.</param>
    /// <param name="maxAttempts">Checks before giving up (≥ 1).</param>
    /// <typeparam name="TState">The polled state.</typeparam>
    public static IWaitStrategy<TState> Fixed<TState>(TimeSpan delay, Func<TState, bool>? isDone = null, int maxAttempts = 60) =>
        FromRetryDelays(isDone, RetryStrategy.Fixed(delay, maxAttempts));

    /// <summary>A strategy from a delegate (throw <see cref="WaitForConditionException"/> to give up).</summary>
    /// <param name="decide">Receives the state and the check number (1-based).</param>
    /// <typeparam name="TState">The polled state.</typeparam>
    public static IWaitStrategy<TState> FromDelegate<TState>(Func<TState, int, WaitDecision> decide)
    {
        ArgumentNullException.ThrowIfNull(decide);
        return new DelegateWaitStrategy<TState>(decide);
    }

    private static IWaitStrategy<TState> FromRetryDelays<TState>(Func<TState, bool>? isDone, IRetryStrategy delays) =>
        new DelegateWaitStrategy<TState>((state, attempt) =>
        {
            if (isDone?.Invoke(state) == true)
            {
                return WaitDecision.Stop();
            }

            var retry = delays.ShouldRetry(PollException.Instance, attempt);
            return retry.ShouldRetry ? WaitDecision.ContinueAfter(retry.Delay) : throw new WaitForConditionException(attempt, state);
        });

    private sealed class DelegateWaitStrategy<TState>(Func<TState, int, WaitDecision> decide) : IWaitStrategy<TState>
    {
        public WaitDecision Decide(TState state, int attemptNumber) => decide(state, attemptNumber);
    }

    /// <summary>The "error" handed to retry delay formulas reused for polling; never thrown.</summary>
    private sealed class PollException : Exception
    {
        public static readonly PollException Instance = new();
    }
}
