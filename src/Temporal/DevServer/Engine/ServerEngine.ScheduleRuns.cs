using System.Globalization;
using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.DevServer.Engine.Schedules;
using ContentFlows.Temporal.DevServer.Persistence;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Schedule.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// Running schedules, as Temporal's scheduler workflow does: due action times are buffered, the overlap
/// policy decides what starts, started workflows are watched until they close. Each pass persists the
/// schedule together with the runs it started, so an action is never lost nor started twice.
/// </summary>
internal sealed partial class ServerEngine
{
    private const int MaxScheduleBuffer = 1000;
    private const int RecentActionCount = 10;
    private static readonly TimeSpan DefaultCatchupWindow = TimeSpan.FromDays(365);
    private static readonly TimeSpan MinCatchupWindow = TimeSpan.FromSeconds(10);

    /// <summary>Processes the time elapsed since the last pass, starts what the buffer allows and arms the next wake-up.</summary>
    private void ProcessSchedule(ScheduleEntry entry, Mutation m)
    {
        if (entry.Deleted)
        {
            return;
        }

        var now = Now;
        var from = entry.LastProcessedTime;
        var to = now < from ? from : now;
        var (next, lastAction) = ProcessScheduleTimeRange(entry, from, to, ScheduleOverlapPolicy.Unspecified, manual: false);
        entry.LastProcessedTime = lastAction;
        while (ProcessScheduleBuffer(entry, m))
        {
        }

        m.TouchSchedule(entry);
        entry.Timer?.Dispose();
        entry.Timer = null;
        if (next is { } due && CanTakeScheduledAction(entry, manual: false, decrement: false))
        {
            ArmSchedule(entry, due);
        }
    }

    private void ArmSchedule(ScheduleEntry entry, DateTimeOffset due)
    {
        ITimer? timer = null;
        timer = _time.CreateTimer(
            _ =>
            {
                lock (_gate)
                {
                    if (entry.Timer != timer)
                    {
                        return;
                    }

                    // A delay longer than one timer can wait was cut into steps: not due yet, wait the next step.
                    if (LongDelays.IsEarly(due, Now))
                    {
                        timer!.Change(LongDelays.NextStep(due, Now), Timeout.InfiniteTimeSpan);
                        return;
                    }
                }

                _ = FireAsync(m => ProcessSchedule(entry, m));
            },
            null,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        entry.Timer = timer;
        timer.Change(LongDelays.NextStep(due, Now), Timeout.InfiniteTimeSpan);
    }

    /// <summary>Buffers every action time in (start, end]; returns the next action time after the range and the last one handled.</summary>
    private (DateTimeOffset? Next, DateTimeOffset LastAction) ProcessScheduleTimeRange(ScheduleEntry entry, DateTimeOffset start, DateTimeOffset end, ScheduleOverlapPolicy overlap, bool manual)
    {
        if (entry.Spec is null)
        {
            return (null, end);
        }

        if (!CanTakeScheduledAction(entry, manual, decrement: false))
        {
            // Paused or out of actions: the time passes without actions and is not reprocessed later.
            return (entry.Spec.GetNextTime(entry.JitterSeed, end)?.Next, end);
        }

        var catchup = CatchupWindow(entry);
        var updated = entry.Info.UpdateTime?.ToDateTimeOffset();
        var lastAction = start;
        var next = entry.Spec.GetNextTime(entry.JitterSeed, start);
        for (; next is { } n && n.Next <= end; next = entry.Spec.GetNextTime(entry.JitterSeed, n.Next))
        {
            if (!manual && updated is { } u && u > n.Next)
            {
                continue;
            }

            lastAction = n.Next;
            if (!manual && end - n.Next > catchup)
            {
                entry.Info.MissedCatchupWindow++;
                continue;
            }

            AddScheduledStart(entry, n.Nominal, n.Next, overlap, manual);
        }

        return (next?.Next, lastAction);
    }

    private static void AddScheduledStart(ScheduleEntry entry, DateTimeOffset nominal, DateTimeOffset actual, ScheduleOverlapPolicy overlap, bool manual)
    {
        if (entry.Buffer.Count >= MaxScheduleBuffer)
        {
            entry.Info.BufferDropped++;
            return;
        }

        entry.Buffer.Add(new BufferedStart(nominal, actual, overlap, manual));
    }

    /// <summary>One pass over the buffer; true when another pass may start more.</summary>
    private bool ProcessScheduleBuffer(ScheduleEntry entry, Mutation m)
    {
        if (entry.Schedule.Action?.StartWorkflow is null || entry.Buffer.Count == 0)
        {
            entry.Buffer.Clear();
            return false;
        }

        var running = entry.Info.RunningWorkflows.Count > 0;
        var plan = OverlapPlan.Decide(entry.Buffer, running, p => ResolveOverlap(entry, p));
        entry.Buffer.Clear();
        entry.Buffer.AddRange(plan.NewBuffer);
        entry.Info.OverlapSkipped += plan.OverlapSkipped;
        var tryAgain = false;
        var starts = plan.OverlappingStarts.ToList();
        if (plan.NonOverlappingStart is { } single)
        {
            starts.Add(single);
        }

        foreach (var start in starts)
        {
            if (!CanTakeScheduledAction(entry, start.Manual, decrement: true))
            {
                tryAgain = true;
                continue;
            }

            var result = StartScheduledWorkflow(entry, start, m);
            if (result is null)
            {
                tryAgain = true;
                continue;
            }

            entry.Info.ActionCount++;
            entry.Info.RecentActions.Add(result);
            while (entry.Info.RecentActions.Count > RecentActionCount)
            {
                entry.Info.RecentActions.RemoveAt(0);
            }

            // Allow-all runs are not watched: they never hold back the next start.
            if (start == plan.NonOverlappingStart)
            {
                entry.Info.RunningWorkflows.Add(result.StartWorkflowResult);
            }
        }

        if (plan.NeedTerminate || plan.NeedCancel)
        {
            foreach (var execution in entry.Info.RunningWorkflows.ToList())
            {
                if (FindChain(entry.Namespace, execution.WorkflowId)?.Current is { IsOpen: true } current)
                {
                    if (plan.NeedTerminate)
                    {
                        TerminateRun(current, "terminated by schedule overlap policy", null, ScheduleIdentity(entry), m);
                    }
                    else if (!current.CancelRequested)
                    {
                        RequestCancel(current, "cancelled by schedule overlap policy", ScheduleIdentity(entry), null, m);
                    }
                }
            }
        }

        return tryAgain;
    }

    private ScheduleActionResult? StartScheduledWorkflow(ScheduleEntry entry, BufferedStart start, Mutation m)
    {
        var action = entry.Schedule.Action.StartWorkflow;
        var nominal = DateTimeOffset.FromUnixTimeSeconds(start.Nominal.ToUnixTimeSeconds());
        var workflowId = entry.Schedule.Policies.KeepOriginalWorkflowId
            ? action.WorkflowId
            : action.WorkflowId + "-" + nominal.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var allowAll = ResolveOverlap(entry, start.OverlapPolicy) == ScheduleOverlapPolicy.AllowAll;
        var searchAttributes = new SearchAttributes();
        if (action.SearchAttributes is not null)
        {
            searchAttributes.IndexedFields.Add(action.SearchAttributes.IndexedFields);
        }

        searchAttributes.IndexedFields["TemporalScheduledStartTime"] = JsonPayload("\"" + nominal.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "\"");
        searchAttributes.IndexedFields["TemporalScheduledById"] = JsonPayload(System.Text.Json.JsonSerializer.Serialize(entry.ScheduleId));
        var spec = new StartSpec(workflowId, action.WorkflowType, action.TaskQueue, action.Input, action.Header, action.Memo, searchAttributes, action.RetryPolicy, null, ScheduleIdentity(entry), action.WorkflowExecutionTimeout, action.WorkflowRunTimeout, action.WorkflowTaskTimeout, null, action.UserMetadata, action.Priority)
        {
            RunId = Guid.NewGuid().ToString(),

            // Allow-all runs take no part in last completion result or failure.
            LastCompletionResult = allowAll ? null : entry.LastCompletionResult,
            ContinuedFailure = allowAll ? null : entry.ContinuedFailure,
        };
        var requestId = Guid.NewGuid().ToString();
        try
        {
            // Scheduled starts reject a duplicate id (a retried start of the same time); manual ones allow it.
            var reuse = start.Manual ? WorkflowIdReusePolicy.AllowDuplicate : WorkflowIdReusePolicy.RejectDuplicate;
            if (ResolveIdPolicies(entry.Namespace, workflowId, requestId, reuse, WorkflowIdConflictPolicy.Fail, spec.RunId!, m) is not null)
            {
                return null;
            }
        }
        catch (GrpcException e) when (e.StatusCode == GrpcStatusCode.AlreadyExists)
        {
            LogScheduledStartSkipped(entry.ScheduleId, workflowId, e.Message);
            return null;
        }

        var run = CreateRun(entry.Namespace, spec, requestId, m);
        return new ScheduleActionResult
        {
            ScheduleTime = Timestamp.FromDateTimeOffset(start.Actual),
            ActualTime = Timestamp.FromDateTimeOffset(Now),
            StartWorkflowResult = new WorkflowExecution { WorkflowId = workflowId, RunId = run.RunId },
            StartWorkflowStatus = WorkflowExecutionStatus.Running,
        };
    }

    /// <summary>Called as any run closes: a workflow a schedule started has finished its chain, so the schedule may start the next.</summary>
    private void OnScheduledRunClosed(WorkflowRun run, HistoryEvent closeEvent, Mutation m)
    {
        if (_schedules.Count == 0
            || run.Started.SearchAttributes?.IndexedFields.TryGetValue("TemporalScheduledById", out var byId) != true
            || !_schedules.TryGetValue((run.Namespace.Id, DecodeJsonString(byId!)), out var entry))
        {
            return;
        }

        (WorkflowExecutionStatus Status, Payloads? Result, Failure? Failure, bool Continues) outcome = closeEvent.AttributesCase switch
        {
            HistoryEvent.AttributesOneofCase.WorkflowExecutionCompletedEventAttributes => (WorkflowExecutionStatus.Completed, closeEvent.WorkflowExecutionCompletedEventAttributes.Result, null, closeEvent.WorkflowExecutionCompletedEventAttributes.NewExecutionRunId.Length > 0),
            HistoryEvent.AttributesOneofCase.WorkflowExecutionFailedEventAttributes => (WorkflowExecutionStatus.Failed, null, closeEvent.WorkflowExecutionFailedEventAttributes.Failure, closeEvent.WorkflowExecutionFailedEventAttributes.NewExecutionRunId.Length > 0),
            HistoryEvent.AttributesOneofCase.WorkflowExecutionTimedOutEventAttributes => (WorkflowExecutionStatus.TimedOut, null, new Failure { Message = "workflow timeout", TimeoutFailureInfo = new TimeoutFailureInfo { TimeoutType = TimeoutType.StartToClose } }, closeEvent.WorkflowExecutionTimedOutEventAttributes.NewExecutionRunId.Length > 0),
            HistoryEvent.AttributesOneofCase.WorkflowExecutionCanceledEventAttributes => (WorkflowExecutionStatus.Canceled, null, (Failure?)null, false),
            HistoryEvent.AttributesOneofCase.WorkflowExecutionTerminatedEventAttributes => (WorkflowExecutionStatus.Terminated, null, null, false),
            _ => (WorkflowExecutionStatus.ContinuedAsNew, null, null, true),
        };
        var (status, result, failure, continues) = outcome;
        if (continues)
        {
            return;
        }

        var index = entry.Info.RunningWorkflows.ToList().FindIndex(e => e.WorkflowId == run.WorkflowId);
        if (index < 0)
        {
            return;
        }

        entry.Info.RunningWorkflows.RemoveAt(index);
        foreach (var recent in entry.Info.RecentActions.Where(a => a.StartWorkflowResult?.WorkflowId == run.WorkflowId))
        {
            recent.StartWorkflowStatus = status;
        }

        if (entry.Schedule.Policies.PauseOnFailure && status is WorkflowExecutionStatus.Failed or WorkflowExecutionStatus.TimedOut && !entry.Schedule.State.Paused)
        {
            entry.Schedule.State.Paused = true;
            entry.Schedule.State.Notes = status == WorkflowExecutionStatus.Failed
                ? $"paused due to workflow failure: {run.WorkflowId}: {failure?.Message}"
                : $"paused due to workflow timeout: {run.WorkflowId}";
            entry.ConflictToken++;
        }

        if (result is not null)
        {
            entry.LastCompletionResult = result;
            entry.ContinuedFailure = null;
        }
        else if (failure is not null)
        {
            entry.ContinuedFailure = failure;
        }

        m.TouchSchedule(entry);

        // The next buffered start (if any) goes in its own change, once this close is durable.
        if (entry.Buffer.Count > 0)
        {
            m.AfterCommit.Add(() => _ = FireAsync(mm => ProcessSchedule(entry, mm)));
        }
    }

    /// <summary>Rebuilds the schedules after a restart and catches up on the time the server was down.</summary>
    private void RestoreSchedules(IEnumerable<ScheduleRecord> records, Mutation m)
    {
        foreach (var record in records)
        {
            if (record.State is null || !_namespacesById.TryGetValue(record.NamespaceId, out var ns))
            {
                continue;
            }

            var entry = ScheduleEntry.Deserialize(ns, record.ScheduleId, record.State);
            try
            {
                entry.Spec = CompiledScheduleSpec.Compile(entry.Schedule.Spec);
            }
            catch (FormatException e)
            {
                entry.InvalidSpecError = e.Message;
            }

            _schedules[(ns.Id, entry.ScheduleId)] = entry;

            // A watched workflow may have closed in the same instant the server died: forget it.
            foreach (var execution in entry.Info.RunningWorkflows.ToList())
            {
                if (FindChain(ns, execution.WorkflowId)?.Current is not { IsOpen: true })
                {
                    entry.Info.RunningWorkflows.Remove(execution);
                }
            }

            ProcessSchedule(entry, m);
        }
    }

    private static List<ScheduleRecord> ScheduleWrites(Mutation mutation) =>
        mutation.TouchedSchedules.Select(s => new ScheduleRecord(s.Namespace.Id, s.ScheduleId, s.Deleted ? null : s.Serialize())).ToList();

    private void DisposeScheduleTimers()
    {
        foreach (var entry in _schedules.Values)
        {
            entry.Timer?.Dispose();
            entry.Timer = null;
        }
    }

    private static bool CanTakeScheduledAction(ScheduleEntry entry, bool manual, bool decrement)
    {
        if (manual)
        {
            return true;
        }

        var state = entry.Schedule.State;
        if (state.Paused)
        {
            return false;
        }

        if (!state.LimitedActions)
        {
            return true;
        }

        if (state.RemainingActions > 0)
        {
            if (decrement)
            {
                state.RemainingActions--;
                entry.ConflictToken++;
            }

            return true;
        }

        return false;
    }

    private static ScheduleOverlapPolicy ResolveOverlap(ScheduleEntry entry, ScheduleOverlapPolicy policy)
    {
        if (policy == ScheduleOverlapPolicy.Unspecified)
        {
            policy = entry.Schedule.Policies?.OverlapPolicy ?? ScheduleOverlapPolicy.Unspecified;
        }

        return policy == ScheduleOverlapPolicy.Unspecified ? ScheduleOverlapPolicy.Skip : policy;
    }

    private static TimeSpan CatchupWindow(ScheduleEntry entry)
    {
        if (entry.Schedule.Policies?.CatchupWindow is not { } window)
        {
            return DefaultCatchupWindow;
        }

        var value = window.ToTimeSpan();
        return value < MinCatchupWindow ? MinCatchupWindow : value;
    }

    private static string ScheduleIdentity(ScheduleEntry entry) => $"temporal-scheduler-{entry.Namespace.Name}-{entry.ScheduleId}";

    private static Payload JsonPayload(string json) => new()
    {
        Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") },
        Data = ByteString.CopyFromUtf8(json),
    };

    private static string DecodeJsonString(Payload payload)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<string>(payload.Data.Span) ?? string.Empty;
        }
        catch (System.Text.Json.JsonException)
        {
            return string.Empty;
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "Schedule {ScheduleId} could not start {WorkflowId}: {Reason}")]
    private partial void LogScheduledStartSkipped(string scheduleId, string workflowId, string reason);
}
