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

    /// <summary>
    /// Runs <paramref name="action"/> at <paramref name="due"/> (at once if it is past); dispose the result to cancel.
    /// A <paramref name="backstop"/> (an execution timeout) only matters if nothing else happens first: on the
    /// virtual clock, an engine whose only timers are backstops is idle.
    /// </summary>
    public abstract IDisposable Schedule(DateTimeOffset due, Action action, bool backstop = false);

    public virtual void Dispose()
    {
    }
}

/// <summary>
/// Deterministic discrete-event scheduling. Time stands still while work runs; when no work is left, the clock
/// jumps to the earliest timer and every timer due at that instant fires (in scheduling order) before any work
/// they caused runs. Work items run one at a time, each to completion, so the order of events depends only on
/// virtual time and the order in which things were scheduled, never on thread timing. Backstop timers fire only
/// when a regular timer lies beyond them or time is advanced explicitly.
/// </summary>
internal sealed class VirtualScheduler(DateTimeOffset start) : EngineScheduler
{
    private readonly object _gate = new();
    private readonly Queue<Func<Task>> _work = new();
    private readonly PriorityQueue<VirtualTimer, (DateTimeOffset Due, long Sequence)> _timers = new();
    private DateTimeOffset _now = start;
    private long _sequence;
    private int _liveRegularTimers;

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

    public override IDisposable Schedule(DateTimeOffset due, Action action, bool backstop = false)
    {
        var timer = new VirtualTimer(this, action, backstop);
        lock (_gate)
        {
            _timers.Enqueue(timer, (due < _now ? _now : due, _sequence++));
            if (!backstop)
            {
                _liveRegularTimers++;
            }
        }

        return timer;
    }

    /// <summary>
    /// Runs queued work and fires timers, advancing virtual time, until nothing is left (backstops aside) or
    /// <paramref name="shouldStop"/> says so (checked between steps). With <paramref name="until"/>, every timer due
    /// by then fires (backstops included), time never passes it, and it ends at exactly that time.
    /// </summary>
    public async Task RunUntilIdleAsync(Func<bool>? shouldStop, CancellationToken cancellationToken, DateTimeOffset? until = null)
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
                    if (!_timers.TryPeek(out var earliest, out var first)
                        || (until is null && earliest.IsBackstop && _liveRegularTimers == 0)
                        || first.Due > until)
                    {
                        if (until is { } end && end > _now)
                        {
                            _now = end;
                        }

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

    private void DropCancelledTimers()
    {
        while (_timers.TryPeek(out var timer, out _) && timer.IsCancelled)
        {
            _timers.Dequeue();
        }
    }

    private void OnRegularTimerDone()
    {
        lock (_gate)
        {
            _liveRegularTimers--;
        }
    }

    private sealed class VirtualTimer(VirtualScheduler owner, Action action, bool backstop) : IDisposable
    {
        private int _done;

        public bool IsBackstop { get; } = backstop;

        public bool IsCancelled => Volatile.Read(ref _done) == 1;

        public void Fire()
        {
            if (Finish())
            {
                action();
            }
        }

        public void Dispose() => Finish();

        private bool Finish()
        {
            if (Interlocked.Exchange(ref _done, 1) != 0)
            {
                return false;
            }

            if (!IsBackstop)
            {
                owner.OnRegularTimerDone();
            }

            return true;
        }
    }
}

/// <summary>Real time: work on the thread pool, timers on <see cref="TimeProvider.System"/>.</summary>
internal sealed class RealTimeScheduler(TimeProvider time) : EngineScheduler
{
    // System.Threading timers accept at most ~49.7 days; longer waits re-arm in chunks.
    private static readonly TimeSpan MaxTimerSpan = TimeSpan.FromDays(30);

    public override DateTimeOffset UtcNow => time.GetUtcNow();

    public override void Post(Func<Task> work) => _ = Task.Run(work);

    public override IDisposable Schedule(DateTimeOffset due, Action action, bool backstop = false) => new RealTimer(this, due, action);

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
