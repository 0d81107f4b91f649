namespace ContentFlows.Temporal.Activities;

/// <summary>The cancellation of one activity attempt: a token source plus the first reason it was cancelled for.</summary>
internal sealed class ActivityCancellation : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private int reason;

    /// <summary>Gets the token handed to the activity.</summary>
    public CancellationToken Token => source.Token;

    /// <summary>Gets the first reason given to <see cref="Cancel"/>, or <see cref="ActivityCancelReason.None"/>.</summary>
    public ActivityCancelReason Reason => (ActivityCancelReason)Volatile.Read(ref reason);

    /// <summary>Gets a value indicating whether the cancellation was asked for by the workflow (then the attempt reports Canceled).</summary>
    public bool IsCancelRequested => Reason == ActivityCancelReason.CancelRequested;

    /// <summary>Cancels the token; later calls keep the first reason.</summary>
    /// <returns>True when this call cancelled the token.</returns>
    public bool Cancel(ActivityCancelReason cancelReason)
    {
        if (Interlocked.CompareExchange(ref reason, (int)cancelReason, (int)ActivityCancelReason.None) != (int)ActivityCancelReason.None)
        {
            return false;
        }

        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The attempt already finished; nothing is listening any more.
        }

        return true;
    }

    /// <summary>Releases the token source.</summary>
    public void Dispose() => source.Dispose();
}
