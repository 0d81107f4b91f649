namespace ContentFlows.Temporal.Workflows;

/// <summary>What a workflow waits for when it cancels an activity it scheduled.</summary>
public enum ActivityCancellationType
{
    /// <summary>Request cancellation and resolve the activity as canceled at once (the default).</summary>
    TryCancel = 0,

    /// <summary>Request cancellation and wait until the activity reports it canceled (or completes, fails, times out).</summary>
    WaitCancellationCompleted = 1,

    /// <summary>Do not ask the server to cancel; resolve the activity as canceled at once and let it run on.</summary>
    Abandon = 2,
}
