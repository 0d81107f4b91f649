using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>Turning a completed workflow task's commands into history events.</summary>
internal sealed partial class ServerEngine
{
    /// <summary>Checks every command before any is applied, so an invalid one fails the task with nothing half-written.</summary>
    private (WorkflowTaskFailedCause Cause, string Message)? ValidateCommands(WorkflowRun run, IEnumerable<Command> commands)
    {
        var activityIds = run.Activities.Values.Select(a => a.Scheduled.ActivityId).ToHashSet(StringComparer.Ordinal);
        var timerIds = run.Timers.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var command in commands)
        {
            switch (command.AttributesCase)
            {
                case Command.AttributesOneofCase.ScheduleActivityTaskCommandAttributes:
                    var schedule = command.ScheduleActivityTaskCommandAttributes;
                    if (string.IsNullOrEmpty(schedule.ActivityId) || string.IsNullOrEmpty(schedule.ActivityType?.Name))
                    {
                        return (WorkflowTaskFailedCause.BadScheduleActivityAttributes, "ActivityId or ActivityType is not set on ScheduleActivityTaskCommand.");
                    }

                    if (!activityIds.Add(schedule.ActivityId))
                    {
                        return (WorkflowTaskFailedCause.ScheduleActivityDuplicateId, $"Activity id {schedule.ActivityId} is already in use.");
                    }

                    if (IsZero(schedule.StartToCloseTimeout) && IsZero(schedule.ScheduleToCloseTimeout))
                    {
                        return (WorkflowTaskFailedCause.BadScheduleActivityAttributes, "A valid StartToClose or ScheduleToCloseTimeout is not set on ScheduleActivityTaskCommand.");
                    }

                    if (schedule.RetryPolicy is not null && TryValidateRetry(schedule.RetryPolicy) is { } retryError)
                    {
                        return (WorkflowTaskFailedCause.BadScheduleActivityAttributes, retryError);
                    }

                    if (schedule.Input is not null && schedule.Input.CalculateSize() > _limits.BlobSizeLimitBytes)
                    {
                        return (WorkflowTaskFailedCause.BadScheduleActivityAttributes, "ScheduleActivityTaskCommandAttributes.Input exceeds size limit.");
                    }

                    break;
                case Command.AttributesOneofCase.RequestCancelActivityTaskCommandAttributes:
                    var cancelId = command.RequestCancelActivityTaskCommandAttributes.ScheduledEventId;
                    if (!run.Activities.ContainsKey(cancelId) && !HasBufferedActivityFinish(run, cancelId))
                    {
                        return (WorkflowTaskFailedCause.BadRequestCancelActivityAttributes, $"Activity with scheduled event id {command.RequestCancelActivityTaskCommandAttributes.ScheduledEventId} is not pending.");
                    }

                    break;
                case Command.AttributesOneofCase.StartTimerCommandAttributes:
                    var timer = command.StartTimerCommandAttributes;
                    if (string.IsNullOrEmpty(timer.TimerId) || timer.StartToFireTimeout is null || timer.StartToFireTimeout.ToTimeSpan() <= TimeSpan.Zero)
                    {
                        return (WorkflowTaskFailedCause.BadStartTimerAttributes, "TimerId or a positive StartToFireTimeout is not set on StartTimerCommand.");
                    }

                    if (!timerIds.Add(timer.TimerId))
                    {
                        return (WorkflowTaskFailedCause.BadStartTimerAttributes, $"Timer id {timer.TimerId} is already in use.");
                    }

                    break;
                case Command.AttributesOneofCase.CancelTimerCommandAttributes:
                    var timerId = command.CancelTimerCommandAttributes.TimerId;
                    if (!timerIds.Remove(timerId) && !run.Buffered.Any(e => e.TimerFiredEventAttributes?.TimerId == timerId))
                    {
                        return (WorkflowTaskFailedCause.BadCancelTimerAttributes, $"Timer {timerId} is not pending.");
                    }

                    break;
                case Command.AttributesOneofCase.CompleteWorkflowExecutionCommandAttributes:
                    if (command.CompleteWorkflowExecutionCommandAttributes.Result is { } result && result.CalculateSize() > _limits.BlobSizeLimitBytes)
                    {
                        return (WorkflowTaskFailedCause.BadCompleteWorkflowExecutionAttributes, "CompleteWorkflowExecutionCommandAttributes.Result exceeds size limit.");
                    }

                    break;
                case Command.AttributesOneofCase.StartChildWorkflowExecutionCommandAttributes:
                    var child = command.StartChildWorkflowExecutionCommandAttributes;
                    if (string.IsNullOrEmpty(child.WorkflowId) || string.IsNullOrEmpty(child.WorkflowType?.Name))
                    {
                        return (WorkflowTaskFailedCause.BadStartChildExecutionAttributes, "WorkflowId or WorkflowType is not set on StartChildWorkflowExecutionCommand.");
                    }

                    if (child.RetryPolicy is not null && TryValidateRetry(child.RetryPolicy) is { } childRetryError)
                    {
                        return (WorkflowTaskFailedCause.BadStartChildExecutionAttributes, childRetryError);
                    }

                    // Children start in their parent's namespace (cross-namespace children are deprecated).
                    if (FindSearchAttributeError(run.Namespace, child.SearchAttributes, $"invalid SearchAttributes on StartChildWorkflowCommand: {{0}}. WorkflowId={child.WorkflowId} WorkflowType={child.WorkflowType.Name} Namespace={run.Namespace.Name}") is { } childSaError)
                    {
                        return (WorkflowTaskFailedCause.BadSearchAttributes, childSaError);
                    }

                    break;
                case Command.AttributesOneofCase.SignalExternalWorkflowExecutionCommandAttributes:
                    var signal = command.SignalExternalWorkflowExecutionCommandAttributes;
                    if (string.IsNullOrEmpty(signal.Execution?.WorkflowId) || string.IsNullOrEmpty(signal.SignalName))
                    {
                        return (WorkflowTaskFailedCause.BadSignalWorkflowExecutionAttributes, "WorkflowId or SignalName is not set on SignalExternalWorkflowExecutionCommand.");
                    }

                    break;
                case Command.AttributesOneofCase.RequestCancelExternalWorkflowExecutionCommandAttributes:
                    if (string.IsNullOrEmpty(command.RequestCancelExternalWorkflowExecutionCommandAttributes.WorkflowId))
                    {
                        return (WorkflowTaskFailedCause.BadRequestCancelExternalWorkflowExecutionAttributes, "WorkflowId is not set on RequestCancelExternalWorkflowExecutionCommand.");
                    }

                    break;
                case Command.AttributesOneofCase.RecordMarkerCommandAttributes:
                    if (string.IsNullOrEmpty(command.RecordMarkerCommandAttributes.MarkerName))
                    {
                        return (WorkflowTaskFailedCause.BadRecordMarkerAttributes, "MarkerName is not set on RecordMarkerCommand.");
                    }

                    break;
                case Command.AttributesOneofCase.ContinueAsNewWorkflowExecutionCommandAttributes:
                    var continueAsNew = command.ContinueAsNewWorkflowExecutionCommandAttributes;
                    if (continueAsNew.RetryPolicy is { } canRetry && TryValidateRetry(canRetry) is { } canRetryError)
                    {
                        return (WorkflowTaskFailedCause.BadContinueAsNewAttributes, canRetryError);
                    }

                    var canType = string.IsNullOrEmpty(continueAsNew.WorkflowType?.Name) ? run.WorkflowTypeName : continueAsNew.WorkflowType.Name;
                    var canQueue = string.IsNullOrEmpty(continueAsNew.TaskQueue?.Name) ? run.TaskQueueName : continueAsNew.TaskQueue.Name;
                    if (FindSearchAttributeError(run.Namespace, continueAsNew.SearchAttributes, $"invalid SearchAttributes on ContinueAsNewWorkflowExecutionCommand: {{0}}. WorkflowType={canType} TaskQueue=name:\"{canQueue}\" kind:TASK_QUEUE_KIND_NORMAL") is { } canSaError)
                    {
                        return (WorkflowTaskFailedCause.BadSearchAttributes, canSaError);
                    }

                    break;
                case Command.AttributesOneofCase.UpsertWorkflowSearchAttributesCommandAttributes:
                    var upsert = command.UpsertWorkflowSearchAttributesCommandAttributes.SearchAttributes;
                    if (upsert is null)
                    {
                        return (WorkflowTaskFailedCause.BadSearchAttributes, "SearchAttributes is not set on UpsertWorkflowSearchAttributesCommand.");
                    }

                    if (upsert.IndexedFields.Count == 0)
                    {
                        return (WorkflowTaskFailedCause.BadSearchAttributes, "IndexedFields is not set on UpsertWorkflowSearchAttributesCommand.");
                    }

                    if (FindSearchAttributeError(run.Namespace, upsert, "{0}") is { } upsertError)
                    {
                        return (WorkflowTaskFailedCause.BadSearchAttributes, upsertError);
                    }

                    break;
                case Command.AttributesOneofCase.FailWorkflowExecutionCommandAttributes:
                case Command.AttributesOneofCase.CancelWorkflowExecutionCommandAttributes:
                case Command.AttributesOneofCase.ModifyWorkflowPropertiesCommandAttributes:
                    break;
                case Command.AttributesOneofCase.ProtocolMessageCommandAttributes:
                    break;
                case Command.AttributesOneofCase.ScheduleNexusOperationCommandAttributes:
                case Command.AttributesOneofCase.RequestCancelNexusOperationCommandAttributes:
                    return (WorkflowTaskFailedCause.BadScheduleNexusOperationAttributes, "Nexus operations are not supported by this dev server.");
                default:
                    return (WorkflowTaskFailedCause.UnhandledCommand, $"Unknown command type {command.CommandType}.");
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the activity finished while this task ran: its close event waits in the buffer. A cancel
    /// request for it is still valid (the worker could not know), as on a real server.
    /// </summary>
    private static bool HasBufferedActivityFinish(WorkflowRun run, long scheduledEventId) => run.Buffered.Any(e =>
        e.ActivityTaskCompletedEventAttributes?.ScheduledEventId == scheduledEventId
        || e.ActivityTaskFailedEventAttributes?.ScheduledEventId == scheduledEventId
        || e.ActivityTaskTimedOutEventAttributes?.ScheduledEventId == scheduledEventId
        || e.ActivityTaskCanceledEventAttributes?.ScheduledEventId == scheduledEventId);

    /// <summary>
    /// Temporal's check of a command's search attributes: an unknown name fails as it is, other problems
    /// inside the command's own wording (<paramref name="invalidFormat"/>, with {0} for the problem).
    /// </summary>
    private string? FindSearchAttributeError(NamespaceEntry ns, SearchAttributes? attributes, string invalidFormat)
    {
        var registry = NamespaceSearchAttributes(ns);
        if (Visibility.SearchAttributeValidator.FindUnmapped(attributes, ns.Name, registry) is { } unmapped)
        {
            return unmapped;
        }

        var invalid = Visibility.SearchAttributeValidator.FindInvalid(attributes, registry);
        return invalid is null ? null : invalidFormat.Replace("{0}", invalid, StringComparison.Ordinal);
    }

    private static string? TryValidateRetry(RetryPolicy policy)
    {
        try
        {
            RetryPolicies.Validate(policy);
            return null;
        }
        catch (ContentFlows.Temporal.Api.Grpc.GrpcException e)
        {
            return e.Message;
        }
    }

    private static bool IsZero(Duration? duration) => duration is null || duration.ToTimeSpan() <= TimeSpan.Zero;

    /// <summary>Applies one validated command; true when it needs a new workflow task.</summary>
    private bool ApplyCommand(WorkflowRun run, Command command, long completedEventId, string identity, Mutation m)
    {
        switch (command.AttributesCase)
        {
            case Command.AttributesOneofCase.ScheduleActivityTaskCommandAttributes:
                ScheduleActivity(run, command, completedEventId, m);
                return false;

            case Command.AttributesOneofCase.RequestCancelActivityTaskCommandAttributes:
                return RequestCancelActivity(run, command.RequestCancelActivityTaskCommandAttributes.ScheduledEventId, completedEventId, identity);

            case Command.AttributesOneofCase.StartTimerCommandAttributes:
                var timerStarted = CommandEvent(EventType.TimerStarted, command);
                timerStarted.TimerStartedEventAttributes = new TimerStartedEventAttributes
                {
                    TimerId = command.StartTimerCommandAttributes.TimerId,
                    StartToFireTimeout = command.StartTimerCommandAttributes.StartToFireTimeout,
                    WorkflowTaskCompletedEventId = completedEventId,
                };
                run.Append(timerStarted);
                var pending = run.Timers[command.StartTimerCommandAttributes.TimerId];
                ScheduleCallback(run, pending.FireTime, mm => OnTimerFired(run, pending, mm));
                return false;

            case Command.AttributesOneofCase.CancelTimerCommandAttributes:
                CancelTimer(run, command, completedEventId, identity);
                return false;

            case Command.AttributesOneofCase.CompleteWorkflowExecutionCommandAttributes:
                var completed = CommandEvent(EventType.WorkflowExecutionCompleted, command);
                completed.WorkflowExecutionCompletedEventAttributes = new WorkflowExecutionCompletedEventAttributes
                {
                    Result = command.CompleteWorkflowExecutionCommandAttributes.Result,
                    WorkflowTaskCompletedEventId = completedEventId,
                };
                if (!TryContinueCron(run, completed, command.CompleteWorkflowExecutionCommandAttributes.Result, null, m))
                {
                    CloseRun(run, completed, m);
                }

                return false;

            case Command.AttributesOneofCase.FailWorkflowExecutionCommandAttributes:
                FailRun(run, command.FailWorkflowExecutionCommandAttributes.Failure, completedEventId, m);
                return false;

            case Command.AttributesOneofCase.CancelWorkflowExecutionCommandAttributes:
                var canceled = CommandEvent(EventType.WorkflowExecutionCanceled, command);
                canceled.WorkflowExecutionCanceledEventAttributes = new WorkflowExecutionCanceledEventAttributes
                {
                    Details = command.CancelWorkflowExecutionCommandAttributes.Details,
                    WorkflowTaskCompletedEventId = completedEventId,
                };
                CloseRun(run, canceled, m);
                return false;

            case Command.AttributesOneofCase.ContinueAsNewWorkflowExecutionCommandAttributes:
                ContinueAsNew(run, command.ContinueAsNewWorkflowExecutionCommandAttributes, completedEventId, m);
                return false;

            case Command.AttributesOneofCase.RecordMarkerCommandAttributes:
                var marker = command.RecordMarkerCommandAttributes;
                var recorded = CommandEvent(EventType.MarkerRecorded, command);
                recorded.MarkerRecordedEventAttributes = new MarkerRecordedEventAttributes
                {
                    MarkerName = marker.MarkerName,
                    Header = marker.Header,
                    Failure = marker.Failure,
                    WorkflowTaskCompletedEventId = completedEventId,
                };
                recorded.MarkerRecordedEventAttributes.Details.Add(marker.Details);
                run.Append(recorded);
                return false;

            case Command.AttributesOneofCase.ProtocolMessageCommandAttributes:
                ApplyProtocolMessageCommand(run, command.ProtocolMessageCommandAttributes.MessageId, m);
                return false;

            case Command.AttributesOneofCase.UpsertWorkflowSearchAttributesCommandAttributes:
                var upsert = CommandEvent(EventType.UpsertWorkflowSearchAttributes, command);
                upsert.UpsertWorkflowSearchAttributesEventAttributes = new UpsertWorkflowSearchAttributesEventAttributes
                {
                    SearchAttributes = command.UpsertWorkflowSearchAttributesCommandAttributes.SearchAttributes,
                    WorkflowTaskCompletedEventId = completedEventId,
                };
                run.Append(upsert);
                return false;

            case Command.AttributesOneofCase.ModifyWorkflowPropertiesCommandAttributes:
                var modified = CommandEvent(EventType.WorkflowPropertiesModified, command);
                modified.WorkflowPropertiesModifiedEventAttributes = new WorkflowPropertiesModifiedEventAttributes
                {
                    UpsertedMemo = command.ModifyWorkflowPropertiesCommandAttributes.UpsertedMemo,
                    WorkflowTaskCompletedEventId = completedEventId,
                };
                run.Append(modified);
                return false;

            case Command.AttributesOneofCase.StartChildWorkflowExecutionCommandAttributes:
                var child = command.StartChildWorkflowExecutionCommandAttributes;
                var (execution, runTimeout, taskTimeout) = NormalizeWorkflowTimeouts(child.WorkflowExecutionTimeout, child.WorkflowRunTimeout, child.WorkflowTaskTimeout);
                var initiated = CommandEvent(EventType.StartChildWorkflowExecutionInitiated, command);
                initiated.StartChildWorkflowExecutionInitiatedEventAttributes = new StartChildWorkflowExecutionInitiatedEventAttributes
                {
                    Namespace = run.Namespace.Name,
                    NamespaceId = run.Namespace.Id,
                    WorkflowId = child.WorkflowId,
                    WorkflowType = child.WorkflowType,
                    TaskQueue = new TaskQueue { Name = string.IsNullOrEmpty(child.TaskQueue?.Name) ? run.TaskQueueName : child.TaskQueue.Name, Kind = TaskQueueKind.Normal },
                    Input = child.Input,
                    WorkflowExecutionTimeout = Duration.FromTimeSpan(execution),
                    WorkflowRunTimeout = Duration.FromTimeSpan(runTimeout),
                    WorkflowTaskTimeout = Duration.FromTimeSpan(taskTimeout),
                    ParentClosePolicy = child.ParentClosePolicy == ParentClosePolicy.Unspecified ? ParentClosePolicy.Terminate : child.ParentClosePolicy,
                    WorkflowTaskCompletedEventId = completedEventId,
                    WorkflowIdReusePolicy = child.WorkflowIdReusePolicy,
                    RetryPolicy = child.RetryPolicy,
                    CronSchedule = child.CronSchedule,
                    Header = child.Header,
                    Memo = child.Memo,
                    SearchAttributes = child.SearchAttributes,
                    Priority = child.Priority,
                };
                run.Append(initiated);
                return false;

            case Command.AttributesOneofCase.SignalExternalWorkflowExecutionCommandAttributes:
                var signal = command.SignalExternalWorkflowExecutionCommandAttributes;
                var signalInitiated = CommandEvent(EventType.SignalExternalWorkflowExecutionInitiated, command);
                signalInitiated.SignalExternalWorkflowExecutionInitiatedEventAttributes = new SignalExternalWorkflowExecutionInitiatedEventAttributes
                {
                    Namespace = run.Namespace.Name,
                    NamespaceId = run.Namespace.Id,
                    WorkflowExecution = signal.Execution,
                    SignalName = signal.SignalName,
                    Input = signal.Input,
                    ChildWorkflowOnly = signal.ChildWorkflowOnly,
                    Header = signal.Header,
                    WorkflowTaskCompletedEventId = completedEventId,
                };
                run.Append(signalInitiated);
                return false;

            case Command.AttributesOneofCase.RequestCancelExternalWorkflowExecutionCommandAttributes:
                var cancel = command.RequestCancelExternalWorkflowExecutionCommandAttributes;
                var cancelInitiated = CommandEvent(EventType.RequestCancelExternalWorkflowExecutionInitiated, command);
                cancelInitiated.RequestCancelExternalWorkflowExecutionInitiatedEventAttributes = new RequestCancelExternalWorkflowExecutionInitiatedEventAttributes
                {
                    Namespace = run.Namespace.Name,
                    NamespaceId = run.Namespace.Id,
                    WorkflowExecution = new WorkflowExecution { WorkflowId = cancel.WorkflowId, RunId = cancel.RunId },
                    ChildWorkflowOnly = cancel.ChildWorkflowOnly,
                    Reason = cancel.Reason,
                    WorkflowTaskCompletedEventId = completedEventId,
                };
                run.Append(cancelInitiated);
                return false;

            default:
                return false;
        }
    }

    private HistoryEvent CommandEvent(EventType type, Command command)
    {
        var e = NewEvent(type);
        if (command.UserMetadata is not null)
        {
            e.UserMetadata = command.UserMetadata;
        }

        return e;
    }

    private void CancelTimer(WorkflowRun run, Command command, long completedEventId, string identity)
    {
        var timerId = command.CancelTimerCommandAttributes.TimerId;
        long startedEventId;
        if (run.Timers.TryGetValue(timerId, out var timer))
        {
            startedEventId = timer.StartedEventId;
        }
        else
        {
            // The timer fired while this task ran: its buffered fire event is dropped, as a real server does.
            var fired = run.Buffered.First(e => e.TimerFiredEventAttributes?.TimerId == timerId);
            run.Buffered.Remove(fired);
            startedEventId = fired.TimerFiredEventAttributes.StartedEventId;
        }

        var canceled = CommandEvent(EventType.TimerCanceled, command);
        canceled.TimerCanceledEventAttributes = new TimerCanceledEventAttributes
        {
            TimerId = timerId,
            StartedEventId = startedEventId,
            WorkflowTaskCompletedEventId = completedEventId,
            Identity = identity,
        };
        run.Append(canceled);
    }

    private void OnTimerFired(WorkflowRun run, PendingTimer timer, Mutation m)
    {
        if (!run.IsOpen || !run.Timers.TryGetValue(timer.TimerId, out var current) || current.StartedEventId != timer.StartedEventId)
        {
            return;
        }

        var fired = NewEvent(EventType.TimerFired);
        fired.TimerFiredEventAttributes = new TimerFiredEventAttributes { TimerId = timer.TimerId, StartedEventId = timer.StartedEventId };
        RecordEventAndScheduleTask(run, fired, m);
    }

    /// <summary>Carries out the commands whose outcome arrives after the task's events: children, external signals and cancels.</summary>
    private void ResolveInitiatedCommands(WorkflowRun run, IEnumerable<HistoryEvent> commandEvents, Mutation m)
    {
        foreach (var e in commandEvents)
        {
            if (!run.IsOpen)
            {
                return;
            }

            switch (e.AttributesCase)
            {
                case HistoryEvent.AttributesOneofCase.StartChildWorkflowExecutionInitiatedEventAttributes:
                    StartChild(run, e, m);
                    break;
                case HistoryEvent.AttributesOneofCase.SignalExternalWorkflowExecutionInitiatedEventAttributes:
                    SignalExternal(run, e, m);
                    break;
                case HistoryEvent.AttributesOneofCase.RequestCancelExternalWorkflowExecutionInitiatedEventAttributes:
                    CancelExternal(run, e, m);
                    break;
            }
        }
    }
}
