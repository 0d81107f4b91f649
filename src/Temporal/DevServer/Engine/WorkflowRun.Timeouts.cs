namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>When a run times out, computed as Temporal computes it; and its history-limit bookkeeping.</summary>
internal sealed partial class WorkflowRun
{
    /// <summary>Gets or sets a value indicating whether the history warn limit was logged for this run (once per process).</summary>
    public bool HistoryLimitWarned { get; set; }

    /// <summary>
    /// Gets when the run times out, or null when it has no timeout: the run timeout counts from the end of the first
    /// workflow task's backoff (start delay, cron or retry backoff), capped by the execution's expiration.
    /// </summary>
    public DateTimeOffset? RunExpirationTime
    {
        get
        {
            var runTimeout = Started.WorkflowRunTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
            var deadline = runTimeout > TimeSpan.Zero ? StartTime + FirstWorkflowTaskBackoff + runTimeout : (DateTimeOffset?)null;
            if (Started.WorkflowExecutionExpirationTime is { } expiration && expiration.ToDateTimeOffset() is var expires && (deadline is null || expires < deadline))
            {
                deadline = expires;
            }

            return deadline;
        }
    }
}
