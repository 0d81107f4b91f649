using ContentFlows.Temporal.Api.Grpc;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// Sticky execution, as Temporal's history and matching services do it: a worker that caches a run names
/// its own sticky queue when it completes a workflow task; the run's next tasks go there with only the
/// events the worker has not seen, and back to the normal queue (with full history) when that worker is
/// gone, slow to poll, shut down, or the run's stickiness is reset.
/// </summary>
internal sealed partial class ServerEngine
{
    /// <summary>Temporal's matching reports a sticky worker unavailable when nobody polled its queue for this long.</summary>
    private static readonly TimeSpan StickyPollerUnavailableWindow = TimeSpan.FromSeconds(10);

    /// <summary>What a worker gets when its sticky attributes carry no schedule-to-start timeout (sdk-core's default).</summary>
    private static readonly TimeSpan DefaultStickyScheduleToStartTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A worker going away: its outstanding polls complete, its sticky queue's waiting tasks and queries move to their normal queues at once.</summary>
    public ShutdownWorkerResponse ShutdownWorker(ShutdownWorkerRequest request)
    {
        NamespaceEntry ns;
        lock (_gate)
        {
            ns = GetNamespace(request.Namespace);
        }

        CancelWorkerPolls(ns, request);
        if (string.IsNullOrEmpty(request.StickyTaskQueue))
        {
            return new ShutdownWorkerResponse();
        }

        // Draining also ends the queue's outstanding polls and forgets its pollers, so later tasks of the
        // runs it held find no sticky worker and go to the normal queue too.
        var moved = new List<(TaskQueueKey Queue, DispatchedTask Task)>();
        lock (_gate)
        {
            foreach (var task in Matcher.Drain(new TaskQueueKey(ns.Id, request.StickyTaskQueue, TaskCategory.Workflow)))
            {
                if (!_runs.TryGetValue(task.Run, out var run))
                {
                    continue;
                }

                if (task.QueryId.Length > 0 && _queryTasks.TryGetValue(task.QueryId, out var entry))
                {
                    entry.Query.StickyQueue = string.Empty;
                }

                moved.Add((NormalWorkflowQueue(run), task));
            }
        }

        foreach (var (queue, task) in moved)
        {
            Matcher.Offer(queue, task);
        }

        return new ShutdownWorkerResponse();
    }

    /// <summary>Ends the run's stickiness; a task or query waiting on the sticky queue moves to the normal queue at once.</summary>
    public Task<ResetStickyTaskQueueResponse> ResetStickyTaskQueueAsync(ResetStickyTaskQueueRequest request) => MutateAsync(m =>
    {
        var run = GetRun(GetNamespace(request.Namespace), request.Execution);
        if (!run.IsOpen)
        {
            throw new GrpcException(GrpcStatusCode.NotFound, "workflow execution already completed", new NotFoundFailure());
        }

        if (run.IsSticky)
        {
            run.ClearStickyQueue();
            if (run.WorkflowTask is { IsStarted: false } wft)
            {
                m.Dispatch(NormalWorkflowQueue(run), new DispatchedTask(run.Key, wft.ScheduledEventId, wft.Attempt));
            }

            foreach (var (queryRun, query) in _queryTasks.Values)
            {
                if (queryRun == run && !query.Delivered && query.StickyQueue.Length > 0)
                {
                    query.StickyQueue = string.Empty;
                    m.Dispatch(NormalWorkflowQueue(run), new DispatchedTask(run.Key, 0, 1, query.Id));
                }
            }
        }

        return new ResetStickyTaskQueueResponse();
    });

    private static TaskQueueKey NormalWorkflowQueue(WorkflowRun run) => new(run.Namespace.Id, run.TaskQueueName, TaskCategory.Workflow);

    private static TaskQueueKey StickyWorkflowQueue(WorkflowRun run) => new(run.Namespace.Id, run.StickyQueue, TaskCategory.Workflow);

    /// <summary>
    /// Queues a scheduled workflow task. On a sticky run it goes to the sticky queue, with a timer that
    /// moves it back after the sticky schedule-to-start timeout; when nobody polls that queue it goes
    /// straight to the normal queue, its stickiness cleared only when a worker takes it there (as Temporal).
    /// </summary>
    private void DispatchWorkflowTask(WorkflowRun run, WorkflowTaskInfo wft, Mutation m)
    {
        if (!run.IsSticky)
        {
            m.Dispatch(NormalWorkflowQueue(run), new DispatchedTask(run.Key, wft.ScheduledEventId, wft.Attempt));
            return;
        }

        var scheduledEventId = wft.ScheduledEventId;
        ScheduleCallback(run, wft.ScheduledTime + run.StickyScheduleToStartTimeout, mm => OnStickyScheduleToStartTimeout(run, scheduledEventId, mm));
        var stickyQueue = StickyWorkflowQueue(run);
        var queue = Matcher.HasRecentPoller(stickyQueue, StickyPollerUnavailableWindow) ? stickyQueue : NormalWorkflowQueue(run);
        m.Dispatch(queue, new DispatchedTask(run.Key, wft.ScheduledEventId, wft.Attempt));
    }

    /// <summary>
    /// Nobody started the task in time: Temporal records WorkflowTaskTimedOut (SCHEDULE_TO_START), drops
    /// stickiness and schedules the task again on the normal queue, without counting an attempt.
    /// </summary>
    private void OnStickyScheduleToStartTimeout(WorkflowRun run, long scheduledEventId, Mutation m)
    {
        if (!run.IsOpen || run.WorkflowTask is not { IsStarted: false } wft || wft.ScheduledEventId != scheduledEventId)
        {
            return;
        }

        var timedOut = NewEvent(EventType.WorkflowTaskTimedOut);
        timedOut.WorkflowTaskTimedOutEventAttributes = new WorkflowTaskTimedOutEventAttributes
        {
            ScheduledEventId = scheduledEventId,
            TimeoutType = TimeoutType.ScheduleToStart,
        };
        run.Append(timedOut);
        m.Touch(run);
        run.ClearStickyQueue();
        ScheduleWorkflowTask(run, m, 1);
    }

    /// <summary>
    /// The worker asked for the next task in the completion's answer (sdk-core does when it caches the run):
    /// the task starts at once, never queued, and carries partial history as a sticky task does.
    /// </summary>
    private PollWorkflowTaskQueueResponse StartReturnedWorkflowTask(WorkflowRun run, WorkflowTaskInfo wft, string identity, Mutation m)
    {
        m.Dispatches.RemoveAll(d => d.Task.Run == run.Key && d.Task.QueryId.Length == 0 && d.Task.ScheduledEventId == wft.ScheduledEventId);
        return StartWorkflowTask(run, wft, identity, "request-from-RespondWorkflowTaskCompleted", partialHistory: true, m);
    }

    /// <summary>A failed or timed-out task drops stickiness; true when the run was sticky (the retry then starts over at attempt 1).</summary>
    private static bool DropStickinessOnFailure(WorkflowRun run)
    {
        var wasSticky = run.IsSticky;
        run.ClearStickyQueue();
        return wasSticky;
    }

    /// <summary>
    /// Queues a query task: on a sticky run to the sticky queue for up to the sticky schedule-to-start
    /// timeout, then (or at once when that worker is unavailable) stickiness is reset and it goes to the
    /// normal queue, as Temporal's history service does for queries.
    /// </summary>
    private void DispatchStickyQueryTask(WorkflowRun run, PendingQuery query, Mutation m)
    {
        var task = new DispatchedTask(run.Key, 0, 1, query.Id);
        if (run.IsSticky)
        {
            var stickyQueue = StickyWorkflowQueue(run);
            if (Matcher.HasRecentPoller(stickyQueue, StickyPollerUnavailableWindow))
            {
                query.StickyQueue = run.StickyQueue;
                ScheduleCallback(run, Now + run.StickyScheduleToStartTimeout, mm => OnStickyQueryTimeout(run, query, mm));
                m.Dispatch(stickyQueue, task);
                return;
            }

            run.ClearStickyQueue();
        }

        m.Dispatch(NormalWorkflowQueue(run), task);
    }

    private void OnStickyQueryTimeout(WorkflowRun run, PendingQuery query, Mutation m)
    {
        if (!_queryTasks.ContainsKey(query.Id) || query.Delivered || query.StickyQueue.Length == 0)
        {
            return;
        }

        if (run.StickyQueue == query.StickyQueue)
        {
            run.ClearStickyQueue();
        }

        query.StickyQueue = string.Empty;
        m.Dispatch(NormalWorkflowQueue(run), new DispatchedTask(run.Key, 0, 1, query.Id));
    }

    /// <summary>Logs what a worker received for a workflow or query task; tests and the sticky-history bench read it.</summary>
    private void LogDelivery(PollWorkflowTaskQueueResponse response)
    {
        if (!_logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        var events = response.History.Events;
        LogWorkflowTaskDelivered(
            response.WorkflowExecution.WorkflowId,
            response.StartedEventId,
            response.PreviousStartedEventId,
            events.Count > 0 ? events[0].EventId : 0,
            events.Count,
            response.History.CalculateSize(),
            response.Query is not null);
    }

    [LoggerMessage(Level = LogLevel.Debug, EventName = "WorkflowTaskDelivered", Message = "Delivered a task of {WorkflowId}: started event {StartedEventId}, previous started {PreviousStartedEventId}, history from {FirstEventId} ({EventCount} events, {HistoryBytes} bytes), query {IsQuery}")]
    private partial void LogWorkflowTaskDelivered(string workflowId, long startedEventId, long previousStartedEventId, long firstEventId, int eventCount, int historyBytes, bool isQuery);
}
