using ContentFlows.Temporal.Exceptions;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.Worker.Workflows;

/// <content>
/// History to activations. Each WorkflowTaskStarted followed by WorkflowTaskCompleted is a replayed activation whose
/// commands must match the command events recorded after that completion; the final WorkflowTaskStarted (when asked)
/// is the new activation whose commands go to the server. Failed and timed-out workflow task attempts are skipped:
/// their events simply carry over to the next activation.
/// </content>
internal sealed partial class WorkflowInstance
{
    private List<HistoryEvent> eventsForNextActivation = [];
    private HashSet<string> patchesInThisTask = new(StringComparer.Ordinal);
    private EventType lastEventType;

    /// <summary>
    /// Whether a cached instance can continue with this (full) history: the server's last completed workflow task must
    /// be the one this instance ran last, and the history must extend what the instance has already applied.
    /// </summary>
    /// <param name="events">The task's history.</param>
    /// <param name="previousStartedEventId">The poll response's previous_started_event_id.</param>
    /// <returns>True when only the new events need applying.</returns>
    public bool CanContinueWith(IReadOnlyList<HistoryEvent> events, long previousStartedEventId)
    {
        if (IsPoisoned || IsClosed || LastActivationStartedEventId == 0 || previousStartedEventId != LastActivationStartedEventId || events.Count == 0)
        {
            return false;
        }

        var index = IndexOf(events, LastEventId);
        return index >= 0 && events[index].EventType == lastEventType && events[^1].EventId > LastEventId;
    }

    /// <summary>
    /// Applies the events after <see cref="LastEventId"/>, running an activation at every completed workflow task and,
    /// when <paramref name="activateLast"/> is set, at a final WorkflowTaskStarted.
    /// </summary>
    /// <param name="events">History, contiguous, from event 1 or from any point up to the last applied event.</param>
    /// <param name="activateLast">Whether a trailing WorkflowTaskStarted is the new workflow task to run.</param>
    /// <returns>The commands of the new activation, or null when none ran.</returns>
    /// <exception cref="WorkflowNondeterminismException">The workflow's commands differ from those in history.</exception>
    /// <exception cref="WorkflowTaskFailureException">Workflow code failed the task.</exception>
    public IReadOnlyList<Command>? ApplyHistory(IReadOnlyList<HistoryEvent> events, bool activateLast)
    {
        if (IsPoisoned)
        {
            throw new InvalidOperationException("The workflow instance failed earlier and must be replayed from scratch.");
        }

        IReadOnlyList<Command>? newCommands = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.EventId <= LastEventId)
            {
                continue;
            }

            if (LastEventId != 0 && e.EventId != LastEventId + 1)
            {
                throw new InvalidOperationException($"History is not contiguous: event {e.EventId} follows event {LastEventId}.");
            }

            LastEventId = e.EventId;
            lastEventType = e.EventType;
            switch (e.EventType)
            {
                case EventType.WorkflowTaskStarted:
                    var next = i + 1 < events.Count ? events[i + 1] : null;
                    if (next?.EventType == EventType.WorkflowTaskCompleted)
                    {
                        Activate(e, replaying: true, PatchesRecordedAfter(events, i + 2));
                    }
                    else if (next is null && activateLast)
                    {
                        Activate(e, replaying: false, patchesInHistory: null);
                        newCommands = [.. outgoingCommands.Select(c => c.Command)];
                    }

                    break;
                case EventType.WorkflowTaskScheduled:
                case EventType.WorkflowTaskCompleted:
                case EventType.WorkflowTaskFailed:
                case EventType.WorkflowTaskTimedOut:
                    break;
                default:
                    if (CommandEventMatcher.IsCommandEvent(e.EventType))
                    {
                        MatchRecordedCommand(e);
                    }
                    else
                    {
                        eventsForNextActivation.Add(e);
                    }

                    break;
            }
        }

        return newCommands;
    }

    /// <summary>Throws when a replayed activation issued commands that history never recorded (used once all history is applied).</summary>
    /// <exception cref="WorkflowNondeterminismException">A command has no event.</exception>
    public void EnsureAllCommandsRecorded()
    {
        if (unmatchedCommands.First is { } first && LastActivationWasReplay)
        {
            throw Nondeterminism(
                $"the workflow issued {CommandEventMatcher.Describe(first.Value.Command)} in the workflow task started at event {LastActivationStartedEventId}, "
                + "but history records no such event");
        }
    }

    private static int IndexOf(IReadOnlyList<HistoryEvent> events, long eventId)
    {
        if (events.Count == 0)
        {
            return -1;
        }

        var index = (int)(eventId - events[0].EventId);
        return index >= 0 && index < events.Count && events[index].EventId == eventId ? index : -1;
    }

    private static HashSet<string> PatchesRecordedAfter(IReadOnlyList<HistoryEvent> events, int start)
    {
        var patches = new HashSet<string>(StringComparer.Ordinal);
        for (var i = start; i < events.Count && events[i].EventType is not (EventType.WorkflowTaskStarted or EventType.WorkflowTaskScheduled); i++)
        {
            if (events[i].EventType == EventType.MarkerRecorded && PatchMarker.Read(events[i].MarkerRecordedEventAttributes) is { } patch)
            {
                patches.Add(patch.PatchId);
            }
        }

        return patches;
    }

    private void MatchRecordedCommand(HistoryEvent e)
    {
        var head = unmatchedCommands.First;
        if (head is not null && CommandEventMatcher.Matches(head.Value.Command, e))
        {
            unmatchedCommands.RemoveFirst();
            head.Value.OnRecorded?.Invoke(e);
            return;
        }

        if (CommandEventMatcher.MayBeSkipped(e))
        {
            return;
        }

        throw Nondeterminism(head is null
            ? $"history event {e.EventId} is {CommandEventMatcher.Describe(e)}, but the workflow issued no such command"
            : $"history event {e.EventId} is {CommandEventMatcher.Describe(e)}, but the workflow issued {CommandEventMatcher.Describe(head.Value.Command)}");
    }

    private WorkflowNondeterminismException Nondeterminism(string detail)
    {
        IsPoisoned = true;
        return new WorkflowNondeterminismException(
            $"[TMPRL1100] Nondeterminism in workflow {options.Definition.Name} (workflow id {options.WorkflowId}, run id {options.RunId}): {detail}. "
            + "The workflow code changed in a way that is incompatible with this run's history; guard such changes with Workflow.Patched.");
    }
}
