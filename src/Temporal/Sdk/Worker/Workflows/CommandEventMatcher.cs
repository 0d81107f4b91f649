using System.Globalization;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.Worker.Workflows;

/// <summary>
/// Which history events record commands, whether an event records a given command (same kind and same key,
/// as sdk-core checks), and how to name both in a non-determinism message.
/// </summary>
internal static class CommandEventMatcher
{
    /// <summary>Gets the search attribute core upserts next to patch markers; such upserts may be absent on replay.</summary>
    public const string ChangeVersionSearchAttribute = "TemporalChangeVersion";

    public static bool IsCommandEvent(EventType type) => type switch
    {
        EventType.ActivityTaskScheduled or EventType.ActivityTaskCancelRequested
            or EventType.TimerStarted or EventType.TimerCanceled
            or EventType.MarkerRecorded
            or EventType.StartChildWorkflowExecutionInitiated
            or EventType.SignalExternalWorkflowExecutionInitiated
            or EventType.RequestCancelExternalWorkflowExecutionInitiated
            or EventType.UpsertWorkflowSearchAttributes or EventType.WorkflowPropertiesModified
            or EventType.WorkflowExecutionCompleted or EventType.WorkflowExecutionFailed
            or EventType.WorkflowExecutionCanceled or EventType.WorkflowExecutionContinuedAsNew => true,
        _ => false,
    };

    public static bool Matches(Command command, HistoryEvent e) => command.CommandType switch
    {
        CommandType.ScheduleActivityTask => e.EventType == EventType.ActivityTaskScheduled
            && e.ActivityTaskScheduledEventAttributes.ActivityId == command.ScheduleActivityTaskCommandAttributes.ActivityId
            && e.ActivityTaskScheduledEventAttributes.ActivityType?.Name == command.ScheduleActivityTaskCommandAttributes.ActivityType?.Name,
        CommandType.RequestCancelActivityTask => e.EventType == EventType.ActivityTaskCancelRequested
            && e.ActivityTaskCancelRequestedEventAttributes.ScheduledEventId == command.RequestCancelActivityTaskCommandAttributes.ScheduledEventId,
        CommandType.StartTimer => e.EventType == EventType.TimerStarted
            && e.TimerStartedEventAttributes.TimerId == command.StartTimerCommandAttributes.TimerId,
        CommandType.CancelTimer => e.EventType == EventType.TimerCanceled
            && e.TimerCanceledEventAttributes.TimerId == command.CancelTimerCommandAttributes.TimerId,
        CommandType.RecordMarker => e.EventType == EventType.MarkerRecorded
            && e.MarkerRecordedEventAttributes.MarkerName == command.RecordMarkerCommandAttributes.MarkerName
            && (command.RecordMarkerCommandAttributes.MarkerName != PatchMarker.Name
                || PatchMarker.Read(e.MarkerRecordedEventAttributes)?.PatchId == PatchMarker.Read(command.RecordMarkerCommandAttributes.Details)?.PatchId),
        CommandType.StartChildWorkflowExecution => e.EventType == EventType.StartChildWorkflowExecutionInitiated
            && e.StartChildWorkflowExecutionInitiatedEventAttributes.WorkflowId == command.StartChildWorkflowExecutionCommandAttributes.WorkflowId
            && e.StartChildWorkflowExecutionInitiatedEventAttributes.WorkflowType?.Name == command.StartChildWorkflowExecutionCommandAttributes.WorkflowType?.Name,
        CommandType.SignalExternalWorkflowExecution => e.EventType == EventType.SignalExternalWorkflowExecutionInitiated
            && e.SignalExternalWorkflowExecutionInitiatedEventAttributes.SignalName == command.SignalExternalWorkflowExecutionCommandAttributes.SignalName
            && e.SignalExternalWorkflowExecutionInitiatedEventAttributes.WorkflowExecution?.WorkflowId == command.SignalExternalWorkflowExecutionCommandAttributes.Execution?.WorkflowId,
        CommandType.RequestCancelExternalWorkflowExecution => e.EventType == EventType.RequestCancelExternalWorkflowExecutionInitiated
            && e.RequestCancelExternalWorkflowExecutionInitiatedEventAttributes.WorkflowExecution?.WorkflowId == command.RequestCancelExternalWorkflowExecutionCommandAttributes.WorkflowId,
        CommandType.UpsertWorkflowSearchAttributes => e.EventType == EventType.UpsertWorkflowSearchAttributes,
        CommandType.ModifyWorkflowProperties => e.EventType == EventType.WorkflowPropertiesModified,
        CommandType.CompleteWorkflowExecution => e.EventType == EventType.WorkflowExecutionCompleted,
        CommandType.FailWorkflowExecution => e.EventType == EventType.WorkflowExecutionFailed,
        CommandType.CancelWorkflowExecution => e.EventType == EventType.WorkflowExecutionCanceled,
        CommandType.ContinueAsNewWorkflowExecution => e.EventType == EventType.WorkflowExecutionContinuedAsNew,
        _ => false,
    };

    /// <summary>Whether a recorded command event may have no command on replay: deprecated patch markers, and core's change-version upserts.</summary>
    public static bool MayBeSkipped(HistoryEvent e) => e.EventType switch
    {
        EventType.MarkerRecorded => PatchMarker.Read(e.MarkerRecordedEventAttributes) is { Deprecated: true },
        EventType.UpsertWorkflowSearchAttributes => e.UpsertWorkflowSearchAttributesEventAttributes.SearchAttributes?.IndexedFields is { Count: 1 } fields
            && fields.ContainsKey(ChangeVersionSearchAttribute),
        _ => false,
    };

    public static string Describe(Command command) => command.CommandType switch
    {
        CommandType.ScheduleActivityTask => $"ScheduleActivityTask (activity type \"{command.ScheduleActivityTaskCommandAttributes.ActivityType?.Name}\", activity id \"{command.ScheduleActivityTaskCommandAttributes.ActivityId}\")",
        CommandType.RequestCancelActivityTask => $"RequestCancelActivityTask (scheduled event {command.RequestCancelActivityTaskCommandAttributes.ScheduledEventId})",
        CommandType.StartTimer => $"StartTimer (timer id \"{command.StartTimerCommandAttributes.TimerId}\", {command.StartTimerCommandAttributes.StartToFireTimeout?.ToTimeSpan().ToString("c", CultureInfo.InvariantCulture)})",
        CommandType.CancelTimer => $"CancelTimer (timer id \"{command.CancelTimerCommandAttributes.TimerId}\")",
        CommandType.RecordMarker => command.RecordMarkerCommandAttributes.MarkerName == PatchMarker.Name
            ? $"RecordMarker (patch \"{PatchMarker.Read(command.RecordMarkerCommandAttributes.Details)?.PatchId}\")"
            : $"RecordMarker (marker \"{command.RecordMarkerCommandAttributes.MarkerName}\")",
        CommandType.StartChildWorkflowExecution => $"StartChildWorkflowExecution (workflow type \"{command.StartChildWorkflowExecutionCommandAttributes.WorkflowType?.Name}\", workflow id \"{command.StartChildWorkflowExecutionCommandAttributes.WorkflowId}\")",
        CommandType.SignalExternalWorkflowExecution => $"SignalExternalWorkflowExecution (signal \"{command.SignalExternalWorkflowExecutionCommandAttributes.SignalName}\", workflow id \"{command.SignalExternalWorkflowExecutionCommandAttributes.Execution?.WorkflowId}\")",
        CommandType.RequestCancelExternalWorkflowExecution => $"RequestCancelExternalWorkflowExecution (workflow id \"{command.RequestCancelExternalWorkflowExecutionCommandAttributes.WorkflowId}\")",
        _ => command.CommandType.ToString(),
    };

    public static string Describe(HistoryEvent e) => e.EventType switch
    {
        EventType.ActivityTaskScheduled => $"ActivityTaskScheduled (activity type \"{e.ActivityTaskScheduledEventAttributes.ActivityType?.Name}\", activity id \"{e.ActivityTaskScheduledEventAttributes.ActivityId}\")",
        EventType.ActivityTaskCancelRequested => $"ActivityTaskCancelRequested (scheduled event {e.ActivityTaskCancelRequestedEventAttributes.ScheduledEventId})",
        EventType.TimerStarted => $"TimerStarted (timer id \"{e.TimerStartedEventAttributes.TimerId}\", {e.TimerStartedEventAttributes.StartToFireTimeout?.ToTimeSpan().ToString("c", CultureInfo.InvariantCulture)})",
        EventType.TimerCanceled => $"TimerCanceled (timer id \"{e.TimerCanceledEventAttributes.TimerId}\")",
        EventType.MarkerRecorded => e.MarkerRecordedEventAttributes.MarkerName == PatchMarker.Name
            ? $"MarkerRecorded (patch \"{PatchMarker.Read(e.MarkerRecordedEventAttributes)?.PatchId}\")"
            : $"MarkerRecorded (marker \"{e.MarkerRecordedEventAttributes.MarkerName}\")",
        EventType.StartChildWorkflowExecutionInitiated => $"StartChildWorkflowExecutionInitiated (workflow type \"{e.StartChildWorkflowExecutionInitiatedEventAttributes.WorkflowType?.Name}\", workflow id \"{e.StartChildWorkflowExecutionInitiatedEventAttributes.WorkflowId}\")",
        EventType.SignalExternalWorkflowExecutionInitiated => $"SignalExternalWorkflowExecutionInitiated (signal \"{e.SignalExternalWorkflowExecutionInitiatedEventAttributes.SignalName}\", workflow id \"{e.SignalExternalWorkflowExecutionInitiatedEventAttributes.WorkflowExecution?.WorkflowId}\")",
        EventType.RequestCancelExternalWorkflowExecutionInitiated => $"RequestCancelExternalWorkflowExecutionInitiated (workflow id \"{e.RequestCancelExternalWorkflowExecutionInitiatedEventAttributes.WorkflowExecution?.WorkflowId}\")",
        _ => e.EventType.ToString(),
    };
}
