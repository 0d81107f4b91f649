using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// A transient workflow task: a retry after a failed or timed-out one (attempt 2 and later). As on Temporal
/// (workflow_task_state_machine.go), its scheduled and started events are held outside history and shipped
/// to the worker after it; they are written only when the task completes, and a failure writes nothing,
/// so a workflow task failing over and over does not grow history.
/// </summary>
internal sealed partial class WorkflowRun
{
    private HistoryEvent? _transientScheduled;
    private HistoryEvent? _transientStarted;

    public bool HasTransientWorkflowTask => _transientScheduled is not null;

    /// <summary>Gets the held events of the transient task, shipped after history to the worker that starts it.</summary>
    public IEnumerable<HistoryEvent> TransientEvents
    {
        get
        {
            if (_transientScheduled is not null)
            {
                yield return _transientScheduled;
            }

            if (_transientStarted is not null)
            {
                yield return _transientStarted;
            }
        }
    }

    /// <summary>Gets a value indicating whether events joined history since the transient task was scheduled (it then becomes a normal task at attempt 1).</summary>
    public bool TransientWorkflowTaskIsStale => _transientScheduled is { } scheduled && scheduled.EventId != NextEventId;

    public void ScheduleTransientWorkflowTask(HistoryEvent scheduled)
    {
        scheduled.EventId = NextEventId;
        _transientScheduled = scheduled;
        Apply(scheduled);
    }

    public void StartTransientWorkflowTask(HistoryEvent started)
    {
        started.EventId = NextEventId + 1;
        _transientStarted = started;
        Apply(started);
    }

    /// <summary>Forgets a transient task that failed, timed out or went stale; nothing of it reaches history.</summary>
    public void DropTransientWorkflowTask()
    {
        _transientScheduled = null;
        _transientStarted = null;
        WorkflowTask = null;
    }

    /// <summary>Writes the completing transient task's events into history, the started one with the completing worker's identity.</summary>
    public void MaterializeTransientWorkflowTask(string identity)
    {
        if (_transientScheduled is not { } scheduled || _transientStarted is not { } started)
        {
            return;
        }

        _transientScheduled = null;
        _transientStarted = null;
        started.WorkflowTaskStartedEventAttributes.Identity = identity;
        AppendApplied(scheduled);
        AppendApplied(started);
    }
}
