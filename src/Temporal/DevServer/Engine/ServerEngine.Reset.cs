using ContentFlows.Temporal.Api.Grpc;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// ResetWorkflowExecution as Temporal's history service carries it out (service/history/ndc/workflow_resetter.go):
/// a new run built from the base run's history up to the reset point, its pending workflow task failed with
/// RESET_WORKFLOW, the current run terminated, later signals reapplied, and a new workflow task scheduled.
/// </summary>
internal sealed partial class ServerEngine
{
    /// <summary>Temporal's identity for what the resetter writes into the reset run.</summary>
    private const string HistoryServiceIdentity = "history-service";

    /// <summary>Temporal's identity on the termination of the run a reset replaces.</summary>
    private const string ResetterIdentity = "history-resetter";

    public Task<ResetWorkflowExecutionResponse> ResetWorkflowExecutionAsync(ResetWorkflowExecutionRequest request)
    {
        // The frontend's checks, in its order and with its messages.
        if (string.IsNullOrEmpty(request.RequestId))
        {
            throw InvalidArgument("RequestId is not set on request.");
        }

        if (request.RequestId.Length > MaxIdLength)
        {
            throw InvalidArgument("RequestId length exceeds limit.");
        }

        if (request.WorkflowExecution is null)
        {
            throw InvalidArgument("Execution is not set on request.");
        }

#pragma warning disable CS0612 // Deprecated in the API, still honoured by Temporal (and sent by older CLIs).
        if (!System.Enum.IsDefined(request.ResetReapplyType))
        {
            throw new GrpcException(GrpcStatusCode.Internal, $"unknown reset reapply type: {(int)request.ResetReapplyType}");
        }
#pragma warning restore CS0612

        if (request.PostResetOperations.Count > 0)
        {
            // The one operation Temporal knows (UpdateWorkflowOptions) sets worker versioning, which this server has not.
            throw InvalidArgument($"unsupported post reset operation: {request.PostResetOperations[0].VariantCase}");
        }

        return MutateAsync(m => ResetRun(request, m));
    }

    private ResetWorkflowExecutionResponse ResetRun(ResetWorkflowExecutionRequest request, Mutation m)
    {
        var ns = GetNamespace(request.Namespace);
        var baseRun = GetRun(ns, request.WorkflowExecution);
        var finishEventId = request.WorkflowTaskFinishEventId;
        if (finishEventId <= 1 || finishEventId >= baseRun.NextEventId)
        {
            throw InvalidArgument("Workflow task finish ID must be > 1 && <= workflow last event ID.");
        }

        var current = FindChain(ns, baseRun.WorkflowId)!.Current!;
        if (current.CreateRequestId == request.RequestId)
        {
            // A retried reset: the run it created is still the current one.
            return new ResetWorkflowExecutionResponse { RunId = current.RunId };
        }

        // Everything that can refuse the reset is checked before anything changes.
        var lastKeptEventId = finishEventId - 1;
        if (!HasPendingWorkflowTaskAfter(baseRun.History, lastKeptEventId))
        {
            throw InvalidArgument($"Can only reset workflow to event ID in range [WorkflowTaskScheduled +1, WorkflowTaskStarted + 1]: {finishEventId}");
        }

        var exclude = ReapplyExclusionsOf(request);
        var resetRunId = Guid.NewGuid().ToString();

        // Events after the reset point, read before the current run's termination adds any.
        var reapply = baseRun.History.Skip((int)lastKeptEventId).ToList();
        var lastVisited = baseRun;
        foreach (var next in ContinuedRuns(ns, baseRun))
        {
            reapply.AddRange(next.History);
            lastVisited = next;
        }

        if (current.IsOpen)
        {
            var before = current.History.Count;
            ForceCloseStartedTask(current, m);
            var terminated = NewEvent(EventType.WorkflowExecutionTerminated);
            terminated.WorkflowExecutionTerminatedEventAttributes = new WorkflowExecutionTerminatedEventAttributes
            {
                Reason = request.Reason,
                Identity = ResetterIdentity,
            };

            // The reset run carries on in the parent's place: the parent hears nothing of this termination.
            CloseRun(current, terminated, m, notifyParent: false);
            if (lastVisited == current)
            {
                // Signals that were buffered behind the terminated run's task joined its history on termination.
                reapply.AddRange(current.History.Skip(before));
            }
        }

        var resetRun = BuildResetRun(baseRun, lastKeptEventId, resetRunId, request, m);
        baseRun.ResetRunId = resetRunId;
        m.Touch(baseRun);
        ReapplyEvents(resetRun, reapply, exclude, m);
        ScheduleWorkflowTask(resetRun, m);
        return new ResetWorkflowExecutionResponse { RunId = resetRunId };
    }

    /// <summary>Copies the kept history into a new run, fails its pending workflow task with RESET_WORKFLOW and rearms what it has pending.</summary>
    private WorkflowRun BuildResetRun(WorkflowRun baseRun, long lastKeptEventId, string resetRunId, ResetWorkflowExecutionRequest request, Mutation m)
    {
        var resetRun = new WorkflowRun(baseRun.Namespace, baseRun.WorkflowId, resetRunId) { CreateRequestId = request.RequestId };
        for (var i = 0; i < lastKeptEventId; i++)
        {
            resetRun.Append(baseRun.History[i].Clone());
        }

        _runs[resetRun.Key] = resetRun;
        GetOrAddChain(new WorkflowKey(baseRun.Namespace.Id, baseRun.WorkflowId)).Add(resetRun);
        m.Touch(resetRun);

        var wft = resetRun.WorkflowTask!;
        if (!wft.IsStarted)
        {
            var started = NewEvent(EventType.WorkflowTaskStarted);
            started.WorkflowTaskStartedEventAttributes = new WorkflowTaskStartedEventAttributes
            {
                ScheduledEventId = wft.ScheduledEventId,
                Identity = HistoryServiceIdentity,
                RequestId = Guid.NewGuid().ToString(),
                HistorySizeBytes = resetRun.HistorySizeBytes,
            };
            resetRun.Append(started);
        }

        var failed = NewEvent(EventType.WorkflowTaskFailed);
        failed.WorkflowTaskFailedEventAttributes = new WorkflowTaskFailedEventAttributes
        {
            ScheduledEventId = wft.ScheduledEventId,
            StartedEventId = wft.StartedEventId,
            Cause = WorkflowTaskFailedCause.ResetWorkflow,
            Failure = new Failure { Message = request.Reason, ResetWorkflowFailureInfo = new ResetWorkflowFailureInfo() },
            Identity = HistoryServiceIdentity,
            BaseRunId = baseRun.RunId,
            NewRunId = resetRunId,
        };
        resetRun.Append(failed);

        // Activities scheduled before the reset point run again from a fresh attempt, timers keep their fire times.
        foreach (var activity in resetRun.Activities.Values)
        {
            activity.CurrentAttemptScheduledTime = Now;
        }

        RearmRun(resetRun, m);
        return resetRun;
    }

    /// <summary>Re-records, in the reset run, the events after the reset point that Temporal reapplies on reset.</summary>
    private void ReapplyEvents(WorkflowRun resetRun, IEnumerable<HistoryEvent> events, ResetReapplyExclusions exclude, Mutation m)
    {
        foreach (var e in events)
        {
            if (e.AttributesCase == HistoryEvent.AttributesOneofCase.WorkflowExecutionSignaledEventAttributes && !exclude.Signals)
            {
                var source = e.WorkflowExecutionSignaledEventAttributes;
                var signaled = NewEvent(EventType.WorkflowExecutionSignaled);
                signaled.WorkflowExecutionSignaledEventAttributes = new WorkflowExecutionSignaledEventAttributes
                {
                    SignalName = source.SignalName,
                    Input = source.Input,
                    Header = source.Header,
                    Identity = source.Identity,
                    RequestId = source.RequestId,
                };
                signaled.Links.AddRange(e.Links);
                RecordEvent(resetRun, signaled, m);
            }
            else if (!exclude.Updates && ReappliedUpdateRequest(e) is { } update)
            {
                var admitted = NewEvent(EventType.WorkflowExecutionUpdateAdmitted);
                admitted.WorkflowExecutionUpdateAdmittedEventAttributes = new WorkflowExecutionUpdateAdmittedEventAttributes
                {
                    Request = update,
                    Origin = UpdateAdmittedEventOrigin.Reapply,
                };
                RecordEvent(resetRun, admitted, m);
            }
        }
    }

    /// <summary>The request an update event carries into a reset run: admitted ones, and accepted ones not admitted in history before.</summary>
    private static Temporalio.Api.Update.V1.Request? ReappliedUpdateRequest(HistoryEvent e) => e.AttributesCase switch
    {
        HistoryEvent.AttributesOneofCase.WorkflowExecutionUpdateAdmittedEventAttributes => e.WorkflowExecutionUpdateAdmittedEventAttributes.Request,
        HistoryEvent.AttributesOneofCase.WorkflowExecutionUpdateAcceptedEventAttributes => e.WorkflowExecutionUpdateAcceptedEventAttributes.AcceptedRequest,
        _ => null,
    };

    /// <summary>The runs a base run continued as new into, in order, as far as the chain survives.</summary>
    private IEnumerable<WorkflowRun> ContinuedRuns(NamespaceEntry ns, WorkflowRun baseRun)
    {
        var run = baseRun;
        while (run.CloseEvent?.WorkflowExecutionContinuedAsNewEventAttributes?.NewExecutionRunId is { Length: > 0 } next
            && _runs.TryGetValue(new RunKey(ns.Id, next), out var nextRun))
        {
            yield return nextRun;
            run = nextRun;
        }
    }

    /// <summary>Whether replaying history up to <paramref name="lastEventId"/> leaves a workflow task scheduled or started (Temporal's condition for a reset point).</summary>
    private static bool HasPendingWorkflowTaskAfter(IReadOnlyList<HistoryEvent> history, long lastEventId)
    {
        var pending = false;
        for (var i = 0; i < lastEventId && i < history.Count; i++)
        {
            switch (history[i].EventType)
            {
                case EventType.WorkflowTaskScheduled:
                    pending = true;
                    break;
                case EventType.WorkflowTaskCompleted:
                case EventType.WorkflowTaskFailed:
                case EventType.WorkflowTaskTimedOut:
                    pending = false;
                    break;
            }
        }

        return pending;
    }

    /// <summary>The event kinds not to reapply, from reset_reapply_exclude_types and the deprecated reset_reapply_type.</summary>
    private static ResetReapplyExclusions ReapplyExclusionsOf(ResetWorkflowExecutionRequest request)
    {
#pragma warning disable CS0612 // Deprecated in the API, still honoured by Temporal (and sent by older CLIs).
        var signals = request.ResetReapplyType == ResetReapplyType.None;
        var updates = request.ResetReapplyType is ResetReapplyType.None or ResetReapplyType.Signal;
#pragma warning restore CS0612
        foreach (var type in request.ResetReapplyExcludeTypes)
        {
            signals |= type == ResetReapplyExcludeType.Signal;
            updates |= type == ResetReapplyExcludeType.Update;
        }

        return new ResetReapplyExclusions(signals, updates);
    }

    private readonly record struct ResetReapplyExclusions(bool Signals, bool Updates);
}
