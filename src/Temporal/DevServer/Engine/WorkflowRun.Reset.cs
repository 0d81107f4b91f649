using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Workflow.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>What links a run to resets: the run a reset created from it, the reset that created it, and its auto-reset points.</summary>
internal sealed partial class WorkflowRun
{
    /// <summary>Gets or sets the latest run reset from this one (Temporal's reset_run_id); empty when never reset.</summary>
    public string ResetRunId { get; set; } = string.Empty;

    /// <summary>Gets when a reset created this run (null for other runs): Temporal's start time of a reset run.</summary>
    public DateTimeOffset? ResetTime { get; private set; }

    /// <summary>Gets the start time of the original run, which a reset run's copied started event keeps.</summary>
    public DateTimeOffset OriginalStartTime => History.Count > 0 ? ToTime(History[0].EventTime) : StartTime;

    /// <summary>
    /// Gets the run's auto-reset points as Temporal keeps them: one per new (binary checksum, build id) pair of
    /// a completed workflow task, resettable when nothing blocks a reset there (pending children, external signals or cancels).
    /// </summary>
#pragma warning disable CS0612 // Binary checksums and worker version stamps are deprecated in the API, still what Temporal keys reset points on.
    public ResetPoints AutoResetPoints()
    {
        var points = new ResetPoints();
        var pendingChildren = new HashSet<long>();
        var pendingExternal = new HashSet<long>();
        foreach (var e in History)
        {
            switch (e.AttributesCase)
            {
                case HistoryEvent.AttributesOneofCase.StartChildWorkflowExecutionInitiatedEventAttributes:
                case HistoryEvent.AttributesOneofCase.SignalExternalWorkflowExecutionInitiatedEventAttributes:
                case HistoryEvent.AttributesOneofCase.RequestCancelExternalWorkflowExecutionInitiatedEventAttributes:
                    (e.EventType == EventType.StartChildWorkflowExecutionInitiated ? pendingChildren : pendingExternal).Add(e.EventId);
                    break;
                case HistoryEvent.AttributesOneofCase.WorkflowTaskCompletedEventAttributes:
                    var completed = e.WorkflowTaskCompletedEventAttributes;
                    var buildId = completed.WorkerVersion?.BuildId ?? string.Empty;
                    if (points.Points.Any(p => p.BinaryChecksum == completed.BinaryChecksum && p.BuildId == buildId))
                    {
                        break;
                    }

                    points.Points.Add(new ResetPointInfo
                    {
                        BinaryChecksum = completed.BinaryChecksum,
                        BuildId = buildId,
                        RunId = RunId,
                        FirstWorkflowTaskCompletedId = e.EventId,

                        // Points a reset run rebuilt from the copied history are created at the reset.
                        CreateTime = ResetTime is { } reset && e.EventId < ResetEventId ? Timestamp.FromDateTimeOffset(reset) : e.EventTime,
                        Resettable = pendingChildren.Count == 0 && pendingExternal.Count == 0,
                    });
                    break;
                default:
                    if (ClosedInitiatedEventId(e) is { } initiated)
                    {
                        pendingChildren.Remove(initiated);
                        pendingExternal.Remove(initiated);
                    }

                    break;
            }
        }

        return points;
    }
#pragma warning restore CS0612

    private long ResetEventId { get; set; }

    /// <summary>A WorkflowTaskFailed with RESET_WORKFLOW naming this run as the new one: the run starts at the reset.</summary>
    private void ApplyResetPoint(HistoryEvent e, DateTimeOffset time)
    {
        var failed = e.WorkflowTaskFailedEventAttributes;
        if (failed.Cause != WorkflowTaskFailedCause.ResetWorkflow || failed.NewRunId != RunId)
        {
            return;
        }

        ResetTime = time;
        ResetEventId = e.EventId;
        StartTime = time;
        ExecutionTime = time + FirstWorkflowTaskBackoff;
    }

    private static long? ClosedInitiatedEventId(HistoryEvent e) => e.AttributesCase switch
    {
        HistoryEvent.AttributesOneofCase.StartChildWorkflowExecutionFailedEventAttributes => e.StartChildWorkflowExecutionFailedEventAttributes.InitiatedEventId,
        HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionCompletedEventAttributes => e.ChildWorkflowExecutionCompletedEventAttributes.InitiatedEventId,
        HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionFailedEventAttributes => e.ChildWorkflowExecutionFailedEventAttributes.InitiatedEventId,
        HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionCanceledEventAttributes => e.ChildWorkflowExecutionCanceledEventAttributes.InitiatedEventId,
        HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionTimedOutEventAttributes => e.ChildWorkflowExecutionTimedOutEventAttributes.InitiatedEventId,
        HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionTerminatedEventAttributes => e.ChildWorkflowExecutionTerminatedEventAttributes.InitiatedEventId,
        HistoryEvent.AttributesOneofCase.ExternalWorkflowExecutionSignaledEventAttributes => e.ExternalWorkflowExecutionSignaledEventAttributes.InitiatedEventId,
        HistoryEvent.AttributesOneofCase.SignalExternalWorkflowExecutionFailedEventAttributes => e.SignalExternalWorkflowExecutionFailedEventAttributes.InitiatedEventId,
        HistoryEvent.AttributesOneofCase.ExternalWorkflowExecutionCancelRequestedEventAttributes => e.ExternalWorkflowExecutionCancelRequestedEventAttributes.InitiatedEventId,
        HistoryEvent.AttributesOneofCase.RequestCancelExternalWorkflowExecutionFailedEventAttributes => e.RequestCancelExternalWorkflowExecutionFailedEventAttributes.InitiatedEventId,
        _ => null,
    };
}
