namespace ContentFlows.Temporal.Worker;

/// <summary>Exponential backoff between failed polls (200 ms doubling up to 10 s), so a restarting server is retried until it is back without being hammered.</summary>
internal sealed class PollBackoff(TimeProvider timeProvider)
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Maximum = TimeSpan.FromSeconds(10);

    private int failures;

    /// <summary>Gets the number of consecutive failures.</summary>
    public int Failures => failures;

    /// <summary>Forgets earlier failures after a successful poll.</summary>
    public void Reset() => failures = 0;

    /// <summary>Counts a failure and waits the next interval.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        var exponent = Math.Min(failures++, 10);
        var delay = TimeSpan.FromTicks(Math.Min(Initial.Ticks << exponent, Maximum.Ticks));
        return Task.Delay(delay, timeProvider, cancellationToken);
    }
}
