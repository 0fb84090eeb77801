namespace Durable.Local.Scheduling;

/// <summary>
/// The engine's clock as a <see cref="TimeProvider"/>, handed to in-process invocations so that their polling
/// timers run on the same (possibly virtual) time as the engine. On the virtual clock such a timer cannot fire while
/// its invocation runs, since virtual time only moves when the engine is idle; runs stay deterministic.
/// </summary>
internal sealed class EngineTimeProvider(EngineScheduler scheduler) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => scheduler.UtcNow;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new EngineTimer(scheduler, callback, state, dueTime, period);

    /// <summary>A timer armed on the engine's scheduler; periodic timers re-arm after each tick.</summary>
    private sealed class EngineTimer : ITimer
    {
        private readonly EngineScheduler _scheduler;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly object _gate = new();
        private IDisposable? _armed;
        private TimeSpan _period;
        private bool _disposed;

        public EngineTimer(EngineScheduler scheduler, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _scheduler = scheduler;
            _callback = callback;
            _state = state;
            Change(dueTime, period);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return false;
                }

                _armed?.Dispose();
                _armed = null;
                _period = period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    _armed = _scheduler.Schedule(_scheduler.UtcNow + dueTime, Tick);
                }

                return true;
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _armed?.Dispose();
                _armed = null;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Tick()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _armed = _period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan
                    ? _scheduler.Schedule(_scheduler.UtcNow + _period, Tick)
                    : null;
            }

            _callback(_state);
        }
    }
}
