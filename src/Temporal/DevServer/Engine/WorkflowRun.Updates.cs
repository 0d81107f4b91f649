using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// A run's updates and its speculative workflow task: a task created only to deliver updates, whose
/// scheduled and started events are held outside history until something durable happens. A task that
/// only rejects updates is then dropped without a trace, as on Temporal.
/// </summary>
internal sealed partial class WorkflowRun
{
    private HistoryEvent? _speculativeScheduled;
    private HistoryEvent? _speculativeStarted;

    public UpdateRegistry Updates { get; } = new();

    public bool HasSpeculativeWorkflowTask => _speculativeScheduled is not null;

    /// <summary>Gets the held events of the speculative task, shipped after history to the worker that starts it.</summary>
    public IEnumerable<HistoryEvent> SpeculativeEvents
    {
        get
        {
            if (_speculativeScheduled is not null)
            {
                yield return _speculativeScheduled;
            }

            if (_speculativeStarted is not null)
            {
                yield return _speculativeStarted;
            }
        }
    }

    public void ScheduleSpeculativeWorkflowTask(HistoryEvent scheduled)
    {
        scheduled.EventId = NextEventId;
        _speculativeScheduled = scheduled;
        Apply(scheduled);
    }

    public void StartSpeculativeWorkflowTask(HistoryEvent started)
    {
        started.EventId = NextEventId + 1;
        _speculativeStarted = started;
        Apply(started);
    }

    /// <summary>Drops the speculative task as if it never existed.</summary>
    public void DiscardSpeculativeWorkflowTask()
    {
        _speculativeScheduled = null;
        _speculativeStarted = null;
        WorkflowTask = null;
    }

    /// <summary>Writes the speculative task's events into history: it becomes a normal task because the run changes durably.</summary>
    public void MaterializeSpeculativeWorkflowTask()
    {
        if (_speculativeScheduled is not { } scheduled)
        {
            return;
        }

        var started = _speculativeStarted;
        _speculativeScheduled = null;
        _speculativeStarted = null;
        AppendApplied(scheduled);
        if (started is not null)
        {
            AppendApplied(started);
        }
    }

    private void ApplyUpdateEvent(HistoryEvent e)
    {
        if (e.AttributesCase == HistoryEvent.AttributesOneofCase.WorkflowExecutionUpdateAdmittedEventAttributes)
        {
            Updates.ApplyAdmitted(e);
        }
        else if (e.AttributesCase == HistoryEvent.AttributesOneofCase.WorkflowExecutionUpdateAcceptedEventAttributes)
        {
            Updates.ApplyAccepted(e);
        }
        else if (e.AttributesCase == HistoryEvent.AttributesOneofCase.WorkflowExecutionUpdateCompletedEventAttributes)
        {
            Updates.ApplyCompleted(e);
        }
    }
}
