namespace ContentFlows.Api.Batches;

/// <summary>Where a batch stands, from its workflow: running (or paused, or cancelling), or how it ended.</summary>
internal enum BatchState
{
    Running,
    Paused,
    Cancelling,
    Completed,
    Cancelled,
    Failed,
    Terminated,
    TimedOut,

    /// <summary>The workflow server does not know the batch's workflow (e.g. an in-memory dev server was restarted).</summary>
    Unknown,
}
