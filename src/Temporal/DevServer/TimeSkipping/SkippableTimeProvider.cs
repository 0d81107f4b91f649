using Microsoft.Extensions.Logging;

namespace ContentFlows.Temporal.DevServer.TimeSkipping;

/// <summary>
/// The clock of the time-skipping test server, with the semantics of Temporal's Java test server: time runs with the
/// wall clock, and whenever skipping is unlocked (no TestService lock held) and the engine has no outstanding work
/// (no workflow task or activity waiting or running), it jumps to the next timer's deadline and fires it. The
/// server starts locked; the SDKs unlock it while they wait for a workflow's result.
/// </summary>
internal sealed partial class SkippableTimeProvider : TimeProvider, IAsyncDisposable
{
    private readonly TimeProvider _wall;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly HashSet<SkippableTimer> _timers = [];
    private readonly SemaphoreSlim _nudged = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _skipping;
    private long _offsetTicks;
    private int _locks = 1;
    private Func<bool> _hasOutstandingWork = () => false;

    public SkippableTimeProvider(TimeProvider wall, ILogger logger)
    {
        _wall = wall;
        _logger = logger;
        _skipping = Task.Run(SkipLoopAsync);
    }

    /// <summary>Gets how far the clock has been skipped ahead of the wall clock.</summary>
    public TimeSpan Skipped => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    internal TimeProvider Wall => _wall;

    public override DateTimeOffset GetUtcNow() => _wall.GetUtcNow() + Skipped;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new SkippableTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Tells the clock how to ask the engine whether work is outstanding (which holds time still).</summary>
    public void WatchEngine(Func<bool> hasOutstandingWork)
    {
        _hasOutstandingWork = hasOutstandingWork;
        Nudge();
    }

    /// <summary>Asks the clock to look again whether it may skip (after the engine's state changed).</summary>
    public void Nudge()
    {
        try
        {
            _nudged.Release();
        }
        catch (SemaphoreFullException)
        {
            // A look is already due.
        }
        catch (ObjectDisposedException)
        {
            // Shutting down.
        }
    }

    /// <summary>Holds time still (TestService LockTimeSkipping); locks nest.</summary>
    public void Lock()
    {
        lock (_gate)
        {
            _locks++;
        }
    }

    /// <summary>Releases one lock (TestService UnlockTimeSkipping); false when none was held.</summary>
    public bool TryUnlock()
    {
        lock (_gate)
        {
            if (_locks == 0)
            {
                return false;
            }

            _locks--;
        }

        Nudge();
        return true;
    }

    /// <summary>Waits until this clock reaches <paramref name="until"/>; a skip may bring that moment forward.</summary>
    public async Task SleepUntilAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        var delay = until - GetUtcNow();
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, this, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _skipping.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        lock (_gate)
        {
            foreach (var timer in _timers)
            {
                timer.DisarmWallTimer();
            }

            _timers.Clear();
        }

        _stopping.Dispose();
        _nudged.Dispose();
    }

    internal void Arm(SkippableTimer timer, DateTimeOffset due)
    {
        lock (_gate)
        {
            timer.Due = due;
            _timers.Add(timer);
        }

        Nudge();
    }

    internal DateTimeOffset DueOf(SkippableTimer timer)
    {
        lock (_gate)
        {
            return timer.Due;
        }
    }

    /// <summary>Takes a due timer off the clock; false when the clock (or a change) already did.</summary>
    internal bool TryTake(SkippableTimer timer)
    {
        lock (_gate)
        {
            return _timers.Remove(timer);
        }
    }

    internal void Disarm(SkippableTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private async Task SkipLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            await _nudged.WaitAsync(_stopping.Token).ConfigureAwait(false);
            try
            {
                SkipWhileIdle();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogSkipFailed(e);
            }
        }
    }

    /// <summary>Jumps to the next deadline and fires what is due, as long as nothing holds time still.</summary>
    private void SkipWhileIdle()
    {
        while (true)
        {
            lock (_gate)
            {
                if (_locks > 0 || _timers.Count == 0)
                {
                    return;
                }
            }

            // Asked outside this clock's lock: the engine's lock is taken inside it, and the engine arms timers under its own.
            if (_hasOutstandingWork())
            {
                return;
            }

            List<SkippableTimer> due;
            lock (_gate)
            {
                if (_locks > 0 || _timers.Count == 0)
                {
                    return;
                }

                var next = _timers.Min(t => t.Due);
                var now = GetUtcNow();
                if (next > now)
                {
                    Interlocked.Add(ref _offsetTicks, (next - now).Ticks);
                    LogSkipped(next - now, next);
                }

                now = GetUtcNow();
                due = [.. _timers.Where(t => t.Due <= now)];
                foreach (var timer in due)
                {
                    _timers.Remove(timer);
                }

                // The wall timers of the rest were armed for the old distance: shorten them.
                foreach (var timer in _timers)
                {
                    timer.RearmWallTimer(now);
                }
            }

            // Fired here, synchronously, so the engine counts their work as outstanding before the next look.
            foreach (var timer in due)
            {
                timer.Fire();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Time skipped {Skipped} to {Now}")]
    private partial void LogSkipped(TimeSpan skipped, DateTimeOffset now);

    [LoggerMessage(Level = LogLevel.Error, Message = "Time skipping failed")]
    private partial void LogSkipFailed(Exception exception);
}
