namespace Durable.Local;

/// <summary>Which clock the engine's timers run on.</summary>
public enum EngineClock
{
    /// <summary>
    /// Virtual time: timers fire as soon as nothing else is running, so a seven-day wait takes no time, and the order
    /// of events is deterministic. The default for tests and local runs.
    /// </summary>
    Virtual,

    /// <summary>Wall-clock time: a two-second wait takes two seconds.</summary>
    Real,
}

/// <summary>Configuration of a <see cref="LocalDurableEngine"/>.</summary>
public sealed record LocalEngineOptions
{
    /// <summary>Virtual (default) or real time.</summary>
    public EngineClock Clock { get; init; } = EngineClock.Virtual;

    /// <summary>The virtual clock's start; the current time (to the millisecond) by default.</summary>
    public DateTimeOffset? VirtualStartTime { get; init; }

    /// <summary>The real clock, for <see cref="EngineClock.Real"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The region in ARNs.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The account in ARNs.</summary>
    public string AccountId { get; init; } = "123456789012";

    /// <summary>Seeds execution IDs, request IDs, tokens and callback IDs, for reproducible runs; random by default.</summary>
    public int? RandomSeed { get; init; }

    /// <summary>Delay before re-invoking after the first failed invocation; doubles per consecutive failure.</summary>
    public TimeSpan InvocationRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on the delay between re-invocations after failures.</summary>
    public TimeSpan MaxInvocationRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Estimated bytes of operations in the invocation envelope before the rest is paged (5 MiB).</summary>
    public int EnvelopePageBytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>
    /// Where executions are kept so they survive a restart (for example a SQLite store); null (the default) keeps
    /// them only in this engine's memory. With a store, call <see cref="LocalDurableEngine.Recover"/> after
    /// registering functions, and closed executions are purged after their retention period. The caller owns the store.
    /// </summary>
    public Persistence.IDurableStore? Store { get; init; }

    /// <summary>Operations in the invocation envelope before the rest is paged; unlimited by default (tests lower it).</summary>
    public int EnvelopePageOperations { get; init; } = int.MaxValue;

    internal void Validate()
    {
        if (InvocationRetryDelay <= TimeSpan.Zero || MaxInvocationRetryDelay < InvocationRetryDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(InvocationRetryDelay), "Invocation retry delays must be positive, and the maximum at least the initial delay.");
        }

        if (EnvelopePageBytes < 1024 || EnvelopePageOperations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(EnvelopePageBytes), "Envelope pages must hold at least 1 KiB and one operation.");
        }

        if (string.IsNullOrWhiteSpace(Region) || AccountId.Length != 12 || !AccountId.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("The region must be set and the account ID must be 12 digits.", nameof(AccountId));
        }
    }
}
