using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>How each history event changes a run's mutable state.</summary>
internal sealed partial class WorkflowRun
{
    /// <summary>Applies one event's effect on state; the single path for live changes and for rebuilding after a restart.</summary>
    public void Apply(HistoryEvent e)
    {
        _appliedOnThisThread++;
        var time = ToTime(e.EventTime);
        switch (e.AttributesCase)
        {
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionStartedEventAttributes:
                Started = e.WorkflowExecutionStartedEventAttributes;
                StartTime = time;
                ExecutionTime = time + (Started.FirstWorkflowTaskBackoff?.ToTimeSpan() ?? TimeSpan.Zero);
                FirstWorkflowTaskBackoff = Started.FirstWorkflowTaskBackoff?.ToTimeSpan() ?? TimeSpan.Zero;
                FirstWorkflowTaskBackoffPending = FirstWorkflowTaskBackoff > TimeSpan.Zero;
                MergePayloadMap(SearchAttributes, Started.SearchAttributes?.IndexedFields);
                MergePayloadMap(Memo, Started.Memo?.Fields);
                break;

            case HistoryEvent.AttributesOneofCase.WorkflowTaskScheduledEventAttributes:
                var scheduled = e.WorkflowTaskScheduledEventAttributes;
                FirstWorkflowTaskBackoffPending = false;
                WorkflowTask = new WorkflowTaskInfo
                {
                    ScheduledEventId = e.EventId,
                    Attempt = scheduled.Attempt,
                    TaskQueue = scheduled.TaskQueue ?? new TaskQueue { Name = TaskQueueName, Kind = TaskQueueKind.Normal },
                    ScheduledTime = time,
                    StartToCloseTimeout = scheduled.StartToCloseTimeout?.ToTimeSpan() ?? TimeSpan.FromSeconds(10),
                };
                break;

            case HistoryEvent.AttributesOneofCase.WorkflowTaskStartedEventAttributes:
                if (WorkflowTask is { } task)
                {
                    task.StartedEventId = e.EventId;
                    task.StartedTime = time;
                    task.Identity = e.WorkflowTaskStartedEventAttributes.Identity;
                }

                break;

            case HistoryEvent.AttributesOneofCase.WorkflowTaskCompletedEventAttributes:
                LastCompletedWorkflowTaskStartedEventId = e.WorkflowTaskCompletedEventAttributes.StartedEventId;
                LastCompletedWorkflowTaskCompletedEventId = e.EventId;
                WorkflowTask = null;
                break;

            case HistoryEvent.AttributesOneofCase.WorkflowTaskFailedEventAttributes:
                LastFailedWorkflowTaskAttempt = WorkflowTask?.Attempt ?? 1;
                WorkflowTask = null;
                ApplyResetPoint(e, time);
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowTaskTimedOutEventAttributes:
                LastFailedWorkflowTaskAttempt = WorkflowTask?.Attempt ?? 1;
                WorkflowTask = null;
                break;

            case HistoryEvent.AttributesOneofCase.ActivityTaskScheduledEventAttributes:
                Activities[e.EventId] = new PendingActivity(e.EventId, e.ActivityTaskScheduledEventAttributes, time);
                break;

            case HistoryEvent.AttributesOneofCase.ActivityTaskCancelRequestedEventAttributes:
                if (Activities.TryGetValue(e.ActivityTaskCancelRequestedEventAttributes.ScheduledEventId, out var cancelled))
                {
                    cancelled.CancelRequestedEventId = e.EventId;
                }

                break;

            case HistoryEvent.AttributesOneofCase.ActivityTaskCompletedEventAttributes:
                Activities.Remove(e.ActivityTaskCompletedEventAttributes.ScheduledEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskFailedEventAttributes:
                Activities.Remove(e.ActivityTaskFailedEventAttributes.ScheduledEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskTimedOutEventAttributes:
                Activities.Remove(e.ActivityTaskTimedOutEventAttributes.ScheduledEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskCanceledEventAttributes:
                Activities.Remove(e.ActivityTaskCanceledEventAttributes.ScheduledEventId);
                break;

            case HistoryEvent.AttributesOneofCase.TimerStartedEventAttributes:
                var timer = e.TimerStartedEventAttributes;
                Timers[timer.TimerId] = new PendingTimer(timer.TimerId, e.EventId, time + timer.StartToFireTimeout.ToTimeSpan());
                break;
            case HistoryEvent.AttributesOneofCase.TimerFiredEventAttributes:
                Timers.Remove(e.TimerFiredEventAttributes.TimerId);
                break;
            case HistoryEvent.AttributesOneofCase.TimerCanceledEventAttributes:
                Timers.Remove(e.TimerCanceledEventAttributes.TimerId);
                break;

            case HistoryEvent.AttributesOneofCase.StartChildWorkflowExecutionInitiatedEventAttributes:
                var initiated = e.StartChildWorkflowExecutionInitiatedEventAttributes;
                Children[e.EventId] = new PendingChild
                {
                    InitiatedEventId = e.EventId,
                    Namespace = initiated.Namespace,
                    WorkflowId = initiated.WorkflowId,
                    WorkflowTypeName = initiated.WorkflowType?.Name ?? string.Empty,
                    ParentClosePolicy = initiated.ParentClosePolicy,
                };
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionStartedEventAttributes:
                var childStarted = e.ChildWorkflowExecutionStartedEventAttributes;
                if (Children.TryGetValue(childStarted.InitiatedEventId, out var child))
                {
                    child.RunId = childStarted.WorkflowExecution.RunId;
                    child.StartedEventId = e.EventId;
                }

                break;
            case HistoryEvent.AttributesOneofCase.StartChildWorkflowExecutionFailedEventAttributes:
                Children.Remove(e.StartChildWorkflowExecutionFailedEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionCompletedEventAttributes:
                Children.Remove(e.ChildWorkflowExecutionCompletedEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionFailedEventAttributes:
                Children.Remove(e.ChildWorkflowExecutionFailedEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionCanceledEventAttributes:
                Children.Remove(e.ChildWorkflowExecutionCanceledEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionTimedOutEventAttributes:
                Children.Remove(e.ChildWorkflowExecutionTimedOutEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionTerminatedEventAttributes:
                Children.Remove(e.ChildWorkflowExecutionTerminatedEventAttributes.InitiatedEventId);
                break;

            case HistoryEvent.AttributesOneofCase.SignalExternalWorkflowExecutionInitiatedEventAttributes:
            case HistoryEvent.AttributesOneofCase.RequestCancelExternalWorkflowExecutionInitiatedEventAttributes:
                PendingExternal[e.EventId] = e;
                break;
            case HistoryEvent.AttributesOneofCase.ExternalWorkflowExecutionSignaledEventAttributes:
                PendingExternal.Remove(e.ExternalWorkflowExecutionSignaledEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.SignalExternalWorkflowExecutionFailedEventAttributes:
                PendingExternal.Remove(e.SignalExternalWorkflowExecutionFailedEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ExternalWorkflowExecutionCancelRequestedEventAttributes:
                PendingExternal.Remove(e.ExternalWorkflowExecutionCancelRequestedEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.RequestCancelExternalWorkflowExecutionFailedEventAttributes:
                PendingExternal.Remove(e.RequestCancelExternalWorkflowExecutionFailedEventAttributes.InitiatedEventId);
                break;

            case HistoryEvent.AttributesOneofCase.WorkflowExecutionSignaledEventAttributes:
                var requestId = e.WorkflowExecutionSignaledEventAttributes.RequestId;
                if (!string.IsNullOrEmpty(requestId))
                {
                    SignalRequestIds.Add(requestId);
                }

                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionCancelRequestedEventAttributes:
                CancelRequested = true;
                break;
            case HistoryEvent.AttributesOneofCase.UpsertWorkflowSearchAttributesEventAttributes:
                MergePayloadMap(SearchAttributes, e.UpsertWorkflowSearchAttributesEventAttributes.SearchAttributes?.IndexedFields);
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowPropertiesModifiedEventAttributes:
                MergePayloadMap(Memo, e.WorkflowPropertiesModifiedEventAttributes.UpsertedMemo?.Fields);
                break;

            case HistoryEvent.AttributesOneofCase.WorkflowExecutionUpdateAdmittedEventAttributes:
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionUpdateAcceptedEventAttributes:
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionUpdateCompletedEventAttributes:
                ApplyUpdateEvent(e);
                break;

            case HistoryEvent.AttributesOneofCase.WorkflowExecutionCompletedEventAttributes:
                Close(e, WorkflowExecutionStatus.Completed, time);
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionFailedEventAttributes:
                Close(e, WorkflowExecutionStatus.Failed, time);
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionCanceledEventAttributes:
                Close(e, WorkflowExecutionStatus.Canceled, time);
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionTerminatedEventAttributes:
                Close(e, WorkflowExecutionStatus.Terminated, time);
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionTimedOutEventAttributes:
                Close(e, WorkflowExecutionStatus.TimedOut, time);
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionContinuedAsNewEventAttributes:
                Close(e, WorkflowExecutionStatus.ContinuedAsNew, time);
                break;
        }
    }

    public TimeSpan FirstWorkflowTaskBackoff { get; private set; }

    /// <summary>Gets the attempt of the last failed or timed-out workflow task (the next one is that + 1).</summary>
    public int LastFailedWorkflowTaskAttempt { get; private set; }

    private void Close(HistoryEvent e, WorkflowExecutionStatus status, DateTimeOffset time)
    {
        Status = status;
        CloseTime = time;
        CloseEvent = e;
        WorkflowTask = null;
        ClearStickyQueue();
        Activities.Clear();
        Timers.Clear();
        Buffered.Clear();
    }

    private static void MergePayloadMap(Dictionary<string, Temporalio.Api.Common.V1.Payload> target, Google.Protobuf.Collections.MapField<string, Temporalio.Api.Common.V1.Payload>? source)
    {
        if (source is null)
        {
            return;
        }

        foreach (var (name, payload) in source)
        {
            // An empty, null or [] value deletes the key, as on a real server.
            var text = payload.Data.ToStringUtf8().Trim();
            if (payload.Data.IsEmpty || text is "null" or "[]")
            {
                target.Remove(name);
            }
            else
            {
                target[name] = payload;
            }
        }
    }
}
