namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>Where one workflow update is in its lifecycle (Temporal's update state machine, without its provisional states).</summary>
internal enum WorkflowUpdateState
{
    /// <summary>Received and held in memory, waiting for a workflow task to carry it (volatile, as on Temporal).</summary>
    Admitted,

    /// <summary>Handed to a worker in a workflow task, which must accept or reject it.</summary>
    Sent,

    /// <summary>Accepted by the workflow: an UpdateAccepted event is in history.</summary>
    Accepted,

    /// <summary>Finished with an outcome: an UpdateCompleted event, a rejection, or the failure of a run that closed first.</summary>
    Completed,

    /// <summary>Ended without an outcome; callers get <see cref="WorkflowUpdateStatus.Error"/>.</summary>
    Aborted,

    /// <summary>Not yet accepted when its run continued as new: the caller re-sends it to the new run.</summary>
    MovedToNewRun,
}
