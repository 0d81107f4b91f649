namespace ContentFlows.Activities.Tests.Llm;

/// <summary>
/// A clock that moves only when told. Timers fire synchronously inside <see cref="Advance"/>, in due order, so
/// tests see exactly which waits ended (Microsoft.Extensions.TimeProvider.Testing does not restore here).
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<ManualTimer> timers = [];
    private readonly DateTimeOffset start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private TimeSpan elapsed;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Gets the time moved so far.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            lock (gate)
            {
                return elapsed;
            }
        }
    }

    /// <summary>Gets when the pending timers are due, as time since the start, earliest first.</summary>
    public IReadOnlyList<TimeSpan> PendingDueTimes
    {
        get
        {
            lock (gate)
            {
                return [.. timers.Select(timer => timer.Due).Order()];
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => start + Elapsed;

    public override long GetTimestamp() => Elapsed.Ticks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, at its due time.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        TimeSpan target;
        lock (gate)
        {
            target = elapsed + by;
        }

        while (true)
        {
            ManualTimer? next;
            lock (gate)
            {
                next = timers.Where(timer => timer.Due <= target).MinBy(timer => timer.Due);
                if (next is null)
                {
                    elapsed = target;
                    return;
                }

                elapsed = next.Due;
                timers.Remove(next);
                if (next.Period > TimeSpan.Zero && next.Period != Timeout.InfiniteTimeSpan)
                {
                    next.Due += next.Period;
                    timers.Add(next);
                }
            }

            next.Fire();
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimeSpan Due { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner.gate)
            {
                owner.timers.Remove(this);
                Period = period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    Due = owner.elapsed + dueTime;
                    owner.timers.Add(this);
                }
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner.gate)
            {
                owner.timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
