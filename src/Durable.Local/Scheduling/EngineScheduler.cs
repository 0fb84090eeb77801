namespace Durable.Local.Scheduling;

/// <summary>
/// Time and concurrency for the engine: what time it is, running work (invocations) and firing timers. The engine
/// never reads a clock or starts a task any other way, so swapping the scheduler swaps real time for virtual time.
/// </summary>
internal abstract class EngineScheduler : IDisposable
{
    public abstract DateTimeOffset UtcNow { get; }

    /// <summary>Runs <paramref name="work"/> (an invocation) asynchronously.</summary>
    public abstract void Post(Func<Task> work);

    /// <summary>Runs <paramref name="action"/> at <paramref name="due"/> (at once if it is past); dispose the result to cancel.</summary>
    public abstract IDisposable Schedule(DateTimeOffset due, Action action);

    public virtual void Dispose()
    {
    }
}

/// <summary>
/// Deterministic discrete-event scheduling. Time stands still while work runs; when no work is left, the clock
/// jumps to the earliest timer and every timer due at that instant fires (in scheduling order) before any work
/// they caused runs. Work items run one at a time, each to completion, so the order of events depends only on
/// virtual time and the order in which things were scheduled, never on thread timing.
/// </summary>
internal sealed class VirtualScheduler(DateTimeOffset start) : EngineScheduler
{
    private readonly object _gate = new();
    private readonly Queue<Func<Task>> _work = new();
    private readonly PriorityQueue<VirtualTimer, (DateTimeOffset Due, long Sequence)> _timers = new();
    private DateTimeOffset _now = start;
    private long _sequence;

    public override DateTimeOffset UtcNow
    {
        get
        {
            lock (_gate)
            {
                return _now;
            }
        }
    }

    public override void Post(Func<Task> work)
    {
        lock (_gate)
        {
            _work.Enqueue(work);
        }
    }

    public override IDisposable Schedule(DateTimeOffset due, Action action)
    {
        var timer = new VirtualTimer(action);
        lock (_gate)
        {
            _timers.Enqueue(timer, (due < _now ? _now : due, _sequence++));
        }

        return timer;
    }

    /// <summary>The time of the next live timer, if any.</summary>
    public DateTimeOffset? NextTimerDue
    {
        get
        {
            lock (_gate)
            {
                DropCancelledTimers();
                return _timers.TryPeek(out _, out var key) ? key.Due : null;
            }
        }
    }

    /// <summary>True when no work is queued.</summary>
    public bool HasPendingWork
    {
        get
        {
            lock (_gate)
            {
                return _work.Count > 0;
            }
        }
    }

    /// <summary>
    /// Runs queued work and fires timers, advancing virtual time, until nothing is left or
    /// <paramref name="shouldStop"/> says so (checked between steps).
    /// </summary>
    public async Task RunUntilIdleAsync(Func<bool>? shouldStop, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (shouldStop?.Invoke() == true)
            {
                return;
            }

            Func<Task>? work = null;
            List<VirtualTimer>? due = null;
            lock (_gate)
            {
                if (_work.Count > 0)
                {
                    work = _work.Dequeue();
                }
                else
                {
                    DropCancelledTimers();
                    if (!_timers.TryPeek(out _, out var first))
                    {
                        return;
                    }

                    _now = first.Due;
                    due = [];
                    while (_timers.TryPeek(out var timer, out var key) && key.Due <= _now)
                    {
                        _timers.Dequeue();
                        if (!timer.IsCancelled)
                        {
                            due.Add(timer);
                        }
                    }
                }
            }

            if (work is not null)
            {
                await work().ConfigureAwait(false);
            }
            else
            {
                foreach (var timer in due!)
                {
                    timer.Fire();
                }
            }
        }
    }

    /// <summary>Moves the clock forward without firing anything (timers that became due fire on the next run).</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_gate)
        {
            _now += by;
        }
    }

    private void DropCancelledTimers()
    {
        while (_timers.TryPeek(out var timer, out _) && timer.IsCancelled)
        {
            _timers.Dequeue();
        }
    }

    private sealed class VirtualTimer(Action action) : IDisposable
    {
        private int _cancelled;

        public bool IsCancelled => Volatile.Read(ref _cancelled) == 1;

        public void Fire()
        {
            if (Interlocked.Exchange(ref _cancelled, 1) == 0)
            {
                action();
            }
        }

        public void Dispose() => Interlocked.Exchange(ref _cancelled, 1);
    }
}

/// <summary>Real time: work on the thread pool, timers on <see cref="TimeProvider.System"/>.</summary>
internal sealed class RealTimeScheduler(TimeProvider time) : EngineScheduler
{
    // System.Threading timers accept at most ~49.7 days; longer waits re-arm in chunks.
    private static readonly TimeSpan MaxTimerSpan = TimeSpan.FromDays(30);

    public override DateTimeOffset UtcNow => time.GetUtcNow();

    public override void Post(Func<Task> work) => _ = Task.Run(work);

    public override IDisposable Schedule(DateTimeOffset due, Action action) => new RealTimer(this, due, action);

    private sealed class RealTimer : IDisposable
    {
        private readonly RealTimeScheduler _owner;
        private readonly DateTimeOffset _due;
        private readonly Action _action;
        private readonly object _gate = new();
        private ITimer? _timer;
        private bool _done;

        public RealTimer(RealTimeScheduler owner, DateTimeOffset due, Action action)
        {
            _owner = owner;
            _due = due;
            _action = action;
            Arm();
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _done = true;
                _timer?.Dispose();
            }
        }

        private void Arm()
        {
            lock (_gate)
            {
                if (_done)
                {
                    return;
                }

                var remaining = _due - _owner.UtcNow;
                if (remaining < TimeSpan.Zero)
                {
                    remaining = TimeSpan.Zero;
                }

                _timer?.Dispose();
                _timer = _owner.Time.CreateTimer(_ => OnTick(), null, remaining > MaxTimerSpan ? MaxTimerSpan : remaining, Timeout.InfiniteTimeSpan);
            }
        }

        private void OnTick()
        {
            if (_owner.UtcNow < _due)
            {
                Arm();
                return;
            }

            lock (_gate)
            {
                if (_done)
                {
                    return;
                }

                _done = true;
            }

            _action();
        }
    }

    private TimeProvider Time => time;
}
