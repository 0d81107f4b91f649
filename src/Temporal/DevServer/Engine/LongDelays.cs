namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// Timers, timeouts and start delays may be months long, but one <see cref="ITimer"/> waits at most ~49.7 days
/// (<c>Timer.Change</c> throws beyond 2^32-2 ms). Longer delays are waited in steps; each firing re-checks the clock.
/// </summary>
internal static class LongDelays
{
    /// <summary>The longest single wait; well inside the timer limit.</summary>
    public static readonly TimeSpan MaxStep = TimeSpan.FromDays(30);

    // A firing this close to the due time counts as on time (timers do not promise sub-millisecond accuracy).
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(1);

    /// <summary>Gets the wait before the next firing: the rest of the delay, or one step of it.</summary>
    public static TimeSpan NextStep(DateTimeOffset due, DateTimeOffset now)
    {
        var remaining = due - now;
        return remaining <= TimeSpan.Zero ? TimeSpan.Zero : remaining > MaxStep ? MaxStep : remaining;
    }

    /// <summary>Tells whether a firing at <paramref name="now"/> came before <paramref name="due"/>, i.e. after an intermediate step.</summary>
    public static bool IsEarly(DateTimeOffset due, DateTimeOffset now) => due - now > Tolerance;
}
