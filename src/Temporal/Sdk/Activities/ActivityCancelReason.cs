namespace ContentFlows.Temporal.Activities;

/// <summary>Why an activity's <c>ActivityExecutionContext.CancellationToken</c> was cancelled.</summary>
public enum ActivityCancelReason
{
    /// <summary>The activity has not been cancelled.</summary>
    None,

    /// <summary>The server no longer knows the attempt (it completed elsewhere, timed out, or the workflow closed).</summary>
    GoneFromServer,

    /// <summary>The workflow asked for the activity to be cancelled; the heartbeat response reported it.</summary>
    CancelRequested,

    /// <summary>The attempt ran past its start-to-close or heartbeat timeout.</summary>
    Timeout,

    /// <summary>The worker is shutting down and its graceful shutdown period has passed.</summary>
    WorkerShutdown,

    /// <summary>Recording a heartbeat failed (for example the details could not be converted).</summary>
    HeartbeatRecordFailure,
}
