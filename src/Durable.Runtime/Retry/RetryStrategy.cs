using System.Text.RegularExpressions;

namespace Durable;

/// <summary>Decides whether a failed step attempt is retried, and after how long.</summary>
public interface IRetryStrategy
{
    /// <summary>Decides about a failed attempt.</summary>
    /// <param name="exception">The attempt's error (a <see cref="StepInterruptedException"/> for an interrupted at-most-once attempt).</param>
    /// <param name="attemptNumber">The failed attempt, 1-based.</param>
    RetryDecision ShouldRetry(Exception exception, int attemptNumber);
}

/// <summary>The outcome of <see cref="IRetryStrategy.ShouldRetry"/>.</summary>
/// <param name="ShouldRetry">True to schedule another attempt.</param>
/// <param name="Delay">How long until it; rounded up to whole seconds, at least one.</param>
public readonly record struct RetryDecision(bool ShouldRetry, TimeSpan Delay)
{
    /// <summary>Give up: the step fails with the attempt's error.</summary>
    public static RetryDecision DoNotRetry() => new(false, TimeSpan.Zero);

    /// <summary>Retry after <paramref name="delay"/>.</summary>
    /// <param name="delay">The delay; sub-second parts round up, and at least one second is used.</param>
    public static RetryDecision RetryAfter(TimeSpan delay) => new(true, delay);
}

/// <summary>How a computed delay is randomized, so that many failing executions do not retry in lockstep.</summary>
public enum JitterStrategy
{
    /// <summary>The exact delay.</summary>
    None,

    /// <summary>A uniformly random delay between zero and the computed delay.</summary>
    Full,

    /// <summary>Half the computed delay plus a random part of the other half.</summary>
    Half,
}

/// <summary>Retry strategies and presets.</summary>
public static class RetryStrategy
{
    /// <summary>The default when a step configures nothing: 6 attempts, 5 s initial delay, 60 s maximum, ×2, full jitter.</summary>
    public static IRetryStrategy Default { get; } = Exponential(6, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60), 2.0, JitterStrategy.Full);

    /// <summary>For brief glitches: 3 attempts, 1 s initial delay, 5 s maximum, ×2, half jitter.</summary>
    public static IRetryStrategy Transient { get; } = Exponential(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 2.0, JitterStrategy.Half);

    /// <summary>For a dependency that needs time to recover: 5 attempts, 5 s initial delay, 5 min maximum, ×2, full jitter.</summary>
    public static IRetryStrategy ResourceAvailability { get; } = Exponential(5, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), 2.0, JitterStrategy.Full);

    /// <summary>For work that must get through: 10 attempts, 1 s initial delay, 60 s maximum, ×1.5, no jitter.</summary>
    public static IRetryStrategy Critical { get; } = Exponential(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), 1.5, JitterStrategy.None);

    /// <summary>A single attempt: the first error fails the step.</summary>
    public static IRetryStrategy None { get; } = new DelegateRetryStrategy(static (_, _) => RetryDecision.DoNotRetry());

    /// <summary>
    /// Exponential back-off: attempt n waits <c>min(initialDelay × backoffRate^(n-1), maxDelay)</c>, then jitter, then
    /// rounded up to whole seconds (at least one). Errors are retried when no filter is given, or when the message
    /// matches one of <paramref name="retryableMessagePatterns"/> or the error is one of <paramref name="retryableExceptions"/>.
    /// </summary>
    /// <param name="maxAttempts">Total attempts, the first included (≥ 1).</param>
    /// <param name="initialDelay">Delay after the first failure (&gt; 0).</param>
    /// <param name="maxDelay">Cap on the delay (≥ <paramref name="initialDelay"/>).</param>
    /// <param name="backoffRate">Growth factor per attempt (≥ 1, finite).</param>
    /// <param name="jitter">Randomization of the delay.</param>
    /// <param name="retryableExceptions">Exception types to retry (instances of subclasses included).</param>
    /// <param name="retryableMessagePatterns">Regular expressions searched in the error message.</param>
    /// <param name="random">Random source for jitter; <see cref="Random.Shared"/> by default.</param>
    public static IRetryStrategy Exponential(
        int maxAttempts = 3,
        TimeSpan? initialDelay = null,
        TimeSpan? maxDelay = null,
        double backoffRate = 2.0,
        JitterStrategy jitter = JitterStrategy.Full,
        IReadOnlyList<Type>? retryableExceptions = null,
        IReadOnlyList<Regex>? retryableMessagePatterns = null,
        Random? random = null) =>
        new ExponentialRetryStrategy(
            maxAttempts,
            initialDelay ?? TimeSpan.FromSeconds(5),
            maxDelay ?? TimeSpan.FromMinutes(5),
            backoffRate,
            jitter,
            retryableExceptions,
            retryableMessagePatterns,
            random);

    /// <summary>Linear back-off: attempt n waits <c>initialDelay + increment × (n-1)</c>, capped, no jitter.</summary>
    /// <param name="maxAttempts">Total attempts (≥ 1).</param>
    /// <param name="initialDelay">Delay after the first failure; 1 s by default.</param>
    /// <param name="increment">Added per attempt; 1 s by default.</param>
    /// <param name="maxDelay">Cap on the delay; none by default.</param>
    public static IRetryStrategy Linear(int maxAttempts = 6, TimeSpan? initialDelay = null, TimeSpan? increment = null, TimeSpan? maxDelay = null)
    {
        var initial = initialDelay ?? TimeSpan.FromSeconds(1);
        var step = increment ?? TimeSpan.FromSeconds(1);
        RetryValidation.RequireAttempts(maxAttempts);
        RetryValidation.RequirePositive(initial, nameof(initialDelay));
        RetryValidation.RequireNonNegative(step, nameof(increment));
        if (maxDelay is { } cap)
        {
            RetryValidation.RequireAtLeast(cap, initial, nameof(maxDelay), nameof(initialDelay));
        }

        return new DelegateRetryStrategy((_, attempt) =>
        {
            if (attempt >= maxAttempts)
            {
                return RetryDecision.DoNotRetry();
            }

            var delay = initial + (step * (attempt - 1));
            return RetryDecision.RetryAfter(maxDelay is { } max && delay > max ? max : delay);
        });
    }

    /// <summary>A constant delay between attempts, no jitter.</summary>
    /// <param name="interval">The delay; 5 s by default.</param>
    /// <param name="maxAttempts">Total attempts (≥ 1).</param>
    public static IRetryStrategy Fixed(TimeSpan? interval = null, int maxAttempts = 5)
    {
        var delay = interval ?? TimeSpan.FromSeconds(5);
        RetryValidation.RequireAttempts(maxAttempts);
        RetryValidation.RequirePositive(delay, nameof(interval));
        return new DelegateRetryStrategy((_, attempt) =>
            attempt >= maxAttempts ? RetryDecision.DoNotRetry() : RetryDecision.RetryAfter(delay));
    }

    /// <summary>A strategy from a delegate.</summary>
    /// <param name="decide">Receives the error and the failed attempt number (1-based).</param>
    public static IRetryStrategy FromDelegate(Func<Exception, int, RetryDecision> decide)
    {
        ArgumentNullException.ThrowIfNull(decide);
        return new DelegateRetryStrategy(decide);
    }

    private sealed class DelegateRetryStrategy(Func<Exception, int, RetryDecision> decide) : IRetryStrategy
    {
        public RetryDecision ShouldRetry(Exception exception, int attemptNumber) => decide(exception, attemptNumber);
    }
}

/// <summary>The exponential strategy with error filters; see <see cref="RetryStrategy.Exponential"/>.</summary>
public sealed class ExponentialRetryStrategy : IRetryStrategy
{
    private readonly Random _random;

    /// <summary>Creates the strategy; see <see cref="RetryStrategy.Exponential"/> for the parameters.</summary>
    /// <param name="maxAttempts">Total attempts (≥ 1).</param>
    /// <param name="initialDelay">Delay after the first failure.</param>
    /// <param name="maxDelay">Cap on the delay.</param>
    /// <param name="backoffRate">Growth factor.</param>
    /// <param name="jitter">Randomization.</param>
    /// <param name="retryableExceptions">Exception types to retry.</param>
    /// <param name="retryableMessagePatterns">Message patterns to retry.</param>
    /// <param name="random">Random source for jitter.</param>
    public ExponentialRetryStrategy(
        int maxAttempts,
        TimeSpan initialDelay,
        TimeSpan maxDelay,
        double backoffRate,
        JitterStrategy jitter,
        IReadOnlyList<Type>? retryableExceptions = null,
        IReadOnlyList<Regex>? retryableMessagePatterns = null,
        Random? random = null)
    {
        RetryValidation.RequireAttempts(maxAttempts);
        RetryValidation.RequirePositive(initialDelay, nameof(initialDelay));
        RetryValidation.RequireAtLeast(maxDelay, initialDelay, nameof(maxDelay), nameof(initialDelay));
        if (!double.IsFinite(backoffRate) || backoffRate < 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(backoffRate), backoffRate, "The backoff rate must be a finite number of at least 1.");
        }

        if (!Enum.IsDefined(jitter))
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "Unknown jitter strategy.");
        }

        MaxAttempts = maxAttempts;
        InitialDelay = initialDelay;
        MaxDelay = maxDelay;
        BackoffRate = backoffRate;
        Jitter = jitter;
        RetryableExceptions = retryableExceptions ?? [];
        RetryableMessagePatterns = retryableMessagePatterns ?? [];
        _random = random ?? Random.Shared;
    }

    /// <summary>Total attempts, the first included.</summary>
    public int MaxAttempts { get; }

    /// <summary>Delay after the first failure.</summary>
    public TimeSpan InitialDelay { get; }

    /// <summary>Cap on the delay.</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>Growth factor per attempt.</summary>
    public double BackoffRate { get; }

    /// <summary>Randomization of the delay.</summary>
    public JitterStrategy Jitter { get; }

    /// <summary>Exception types that are retried; empty together with the patterns means every error is.</summary>
    public IReadOnlyList<Type> RetryableExceptions { get; }

    /// <summary>Message patterns that are retried.</summary>
    public IReadOnlyList<Regex> RetryableMessagePatterns { get; }

    /// <inheritdoc />
    public RetryDecision ShouldRetry(Exception exception, int attemptNumber)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (attemptNumber >= MaxAttempts || !IsRetryable(exception))
        {
            return RetryDecision.DoNotRetry();
        }

        var baseSeconds = Math.Min(
            InitialDelay.TotalSeconds * Math.Pow(BackoffRate, attemptNumber - 1),
            MaxDelay.TotalSeconds);
        var seconds = Jitter switch
        {
            JitterStrategy.Full => _random.NextDouble() * baseSeconds,
            JitterStrategy.Half => (baseSeconds / 2) + (_random.NextDouble() * baseSeconds / 2),
            _ => baseSeconds,
        };
        return RetryDecision.RetryAfter(TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(seconds))));
    }

    private bool IsRetryable(Exception exception)
    {
        if (RetryableExceptions.Count == 0 && RetryableMessagePatterns.Count == 0)
        {
            return true;
        }

        foreach (var pattern in RetryableMessagePatterns)
        {
            if (pattern.IsMatch(exception.Message))
            {
                return true;
            }
        }

        foreach (var type in RetryableExceptions)
        {
            if (type.IsInstanceOfType(exception))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Argument checks shared by the strategies, with messages that say what is allowed.</summary>
internal static class RetryValidation
{
    public static void RequireAttempts(int maxAttempts)
    {
        if (maxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "At least one attempt is required.");
        }
    }

    public static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "The delay must be positive.");
        }
    }

    public static void RequireNonNegative(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "The delay must not be negative.");
        }
    }

    public static void RequireAtLeast(TimeSpan value, TimeSpan minimum, string name, string minimumName)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {minimumName} ({minimum}).");
        }
    }
}
