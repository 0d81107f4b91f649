namespace ContentFlows.Temporal.DevServer.TimeSkipping;

/// <summary>
/// A timer of the <see cref="SkippableTimeProvider"/>: due at a moment of the skippable clock, fired either by a wall
/// timer when that moment arrives in real time or by the clock when it skips to it. The wall timer is armed for at most
/// <see cref="MaxWallDelay"/> and re-armed on waking, so deadlines months away (a 60-day workflow timer) are fine
/// although System.Threading.Timer refuses delays beyond about 49.7 days.
/// </summary>
internal sealed class SkippableTimer : ITimer
{
    private static readonly TimeSpan MaxWallDelay = TimeSpan.FromDays(30);

    private readonly SkippableTimeProvider _clock;
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private readonly Lock _gate = new();
    private ITimer? _wallTimer;
    private TimeSpan _period = Timeout.InfiniteTimeSpan;
    private bool _disposed;

    public SkippableTimer(SkippableTimeProvider clock, TimerCallback callback, object? state)
    {
        _clock = clock;
        _callback = callback;
        _state = state;
    }

    /// <summary>Gets or sets the moment of the skippable clock the timer is due; written under the clock's lock.</summary>
    internal DateTimeOffset Due { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            _period = period;
        }

        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            _clock.Disarm(this);
            DisarmWallTimer();
            return true;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        var now = _clock.GetUtcNow();
        _clock.Arm(this, now + dueTime);
        RearmWallTimer(now);
        return true;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _clock.Disarm(this);
        DisarmWallTimer();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Arms the wall timer for the real time left until <see cref="Due"/> (capped; it re-arms on waking).</summary>
    internal void RearmWallTimer(DateTimeOffset now)
    {
        var remaining = _clock.DueOf(this) - now;
        remaining = remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining > MaxWallDelay ? MaxWallDelay : remaining;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _wallTimer ??= _clock.Wall.CreateTimer(_ => OnWallTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _wallTimer.Change(remaining, Timeout.InfiniteTimeSpan);
        }
    }

    internal void DisarmWallTimer()
    {
        lock (_gate)
        {
            _wallTimer?.Dispose();
            _wallTimer = null;
        }
    }

    /// <summary>Runs the callback; the caller took the timer off the clock first, so it fires once per arming.</summary>
    internal void Fire()
    {
        TimeSpan period;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            period = _period;
        }

        _callback(_state);
        if (period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero)
        {
            Change(period, period);
        }
    }

    private void OnWallTimer()
    {
        var now = _clock.GetUtcNow();
        if (_clock.DueOf(this) > now)
        {
            // Woken early by the cap on wall delays.
            RearmWallTimer(now);
            return;
        }

        if (_clock.TryTake(this))
        {
            Fire();
        }
    }
}
