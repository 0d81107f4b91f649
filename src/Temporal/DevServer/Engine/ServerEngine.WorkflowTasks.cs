using ContentFlows.Temporal.Api.Grpc;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>Workflow tasks: scheduling, polling, completion, failure and timeouts.</summary>
internal sealed partial class ServerEngine
{
    public async Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskQueueAsync(PollWorkflowTaskQueueRequest request, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        var queue = RequireTaskQueue(request.TaskQueue);
        NamespaceEntry ns;
        lock (_gate)
        {
            ns = GetNamespace(request.Namespace);
        }

        var key = new TaskQueueKey(ns.Id, queue, TaskCategory.Workflow);
        Matcher.RecordPoller(key, request.Identity, Now);
        var until = LongPollUntil(deadline);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        using var tracked = _workerPolls.Track(key, request.WorkerInstanceKey, linked);
        if (tracked.Rejected)
        {
            return new PollWorkflowTaskQueueResponse();
        }

        while (true)
        {
            var remaining = until - WallNow;
            var task = await Matcher.PollAsync(key, remaining, linked.Token).ConfigureAwait(false);
            if (task is null)
            {
                return new PollWorkflowTaskQueueResponse();
            }

            if (linked.IsCancellationRequested)
            {
                // The poller left between matching and delivery: the task goes back, not lost.
                Matcher.Offer(key, task);
                return new PollWorkflowTaskQueueResponse();
            }

            var response = await MutateAsync(m => task.QueryId.Length > 0
                ? StartQueryTask(task, request.TaskQueue, m)
                : StartWorkflowTask(task, request.TaskQueue, request.Identity, m)).ConfigureAwait(false);
            if (response is not null)
            {
                LogDelivery(response);
                return response;
            }
        }
    }

    public async Task<RespondWorkflowTaskCompletedResponse> RespondWorkflowTaskCompletedAsync(RespondWorkflowTaskCompletedRequest request)
    {
        var token = TaskToken.Parse(request.TaskToken, TaskTokenKind.WorkflowTask);
        var response = await MutateAsync(m =>
        {
            var run = GetStartedWorkflowTaskRun(token);
            if (TryDiscardSpeculativeWorkflowTask(run, request, m) is { } discarded)
            {
                return discarded;
            }

            var completed = new RespondWorkflowTaskCompletedResponse { WorkflowTask = CompleteWorkflowTask(run, request, m) };
            ServeEagerActivities(run, request, completed, m);
            return completed;
        }).ConfigureAwait(false);
        if (response.WorkflowTask is { } next)
        {
            LogDelivery(next);
        }

        return response;
    }

    public async Task<RespondWorkflowTaskFailedResponse> RespondWorkflowTaskFailedAsync(RespondWorkflowTaskFailedRequest request)
    {
        var token = TaskToken.Parse(request.TaskToken, TaskTokenKind.WorkflowTask);
        await MutateAsync(m =>
        {
            var run = GetStartedWorkflowTaskRun(token);
            FailWorkflowTask(run, request.Cause, request.Failure, request.Identity, m);
        }).ConfigureAwait(false);
        return new RespondWorkflowTaskFailedResponse();
    }

    /// <summary>Schedules a workflow task unless one is pending or the run waits out its first-task backoff.</summary>
    private void ScheduleWorkflowTask(WorkflowRun run, Mutation m, int attempt = 1)
    {
        if (!run.IsOpen || run.WorkflowTask is not null || run.FirstWorkflowTaskBackoffPending)
        {
            return;
        }

        var scheduled = NewEvent(EventType.WorkflowTaskScheduled);
        scheduled.WorkflowTaskScheduledEventAttributes = new WorkflowTaskScheduledEventAttributes
        {
            TaskQueue = run.CurrentTaskQueue,
            StartToCloseTimeout = Duration.FromTimeSpan(WorkflowTaskRetries.StartToCloseTimeout(run.Started.WorkflowTaskTimeout?.ToTimeSpan() ?? TimeSpan.FromSeconds(10), attempt)),
            Attempt = attempt,
        };
        if (attempt > 1 && run.Buffered.Count == 0)
        {
            run.ScheduleTransientWorkflowTask(scheduled);
        }
        else
        {
            run.Append(scheduled);
        }

        m.Touch(run);
        DispatchWorkflowTask(run, run.WorkflowTask!, m);
    }

    /// <summary>Records an event that happened outside a workflow task; buffered while a task is started.</summary>
    private void RecordEvent(WorkflowRun run, HistoryEvent e, Mutation m)
    {
        m.Touch(run);
        if (run.WorkflowTask is { IsStarted: true })
        {
            run.MaterializeSpeculativeWorkflowTask();
            run.Apply(e);
            run.Buffered.Add(e);
            return;
        }

        run.Append(e);
    }

    /// <summary>Records an external event and makes sure a workflow task will deliver it.</summary>
    private void RecordEventAndScheduleTask(WorkflowRun run, HistoryEvent e, Mutation m)
    {
        RecordEvent(run, e, m);
        ScheduleWorkflowTask(run, m);
    }

    /// <summary>Hands a polled task to its worker, unless a later change made it stale; null when dropped.</summary>
    private PollWorkflowTaskQueueResponse? StartWorkflowTask(DispatchedTask task, TaskQueue pollerQueue, string identity, Mutation m)
    {
        if (!_runs.TryGetValue(task.Run, out var run) || !run.IsOpen
            || run.WorkflowTask is not { IsStarted: false } wft || wft.ScheduledEventId != task.ScheduledEventId)
        {
            return null;
        }

        var fromStickyQueue = pollerQueue.Name != run.TaskQueueName;
        if (fromStickyQueue && pollerQueue.Name != run.StickyQueue)
        {
            // As Temporal: the run moved to its normal queue (reset, timeout, restart); a copy waits there.
            return null;
        }

        if (!fromStickyQueue && run.IsSticky)
        {
            // The sticky worker was unavailable and the task went to the normal queue: whoever takes it there
            // has not got the run cached, so it gets full history and stickiness starts over.
            run.ClearStickyQueue();
        }

        if (run.TransientWorkflowTaskIsStale)
        {
            // New events came while the retry waited: as Temporal, it becomes a normal task, attempt 1, in history.
            run.DropTransientWorkflowTask();
            ScheduleWorkflowTask(run, m);
            m.Dispatches.RemoveAll(d => d.Task.Run == run.Key && d.Task.QueryId.Length == 0);
            wft = run.WorkflowTask!;
        }

        return StartWorkflowTask(run, wft, identity, Guid.NewGuid().ToString(), fromStickyQueue, m);
    }

    /// <summary>
    /// Records the task's start and builds what the worker gets. A sticky worker holds the run up to the
    /// last task it completed, so it gets the events after that task's started event (Temporal's partial history).
    /// </summary>
    private PollWorkflowTaskQueueResponse StartWorkflowTask(WorkflowRun run, WorkflowTaskInfo wft, string identity, string requestId, bool partialHistory, Mutation m)
    {
        var started = NewEvent(EventType.WorkflowTaskStarted);
        started.WorkflowTaskStartedEventAttributes = new WorkflowTaskStartedEventAttributes
        {
            ScheduledEventId = wft.ScheduledEventId,
            Identity = identity,
            RequestId = requestId,
            HistorySizeBytes = run.HistorySizeBytes,
        };
        SuggestContinueAsNew(run, started.WorkflowTaskStartedEventAttributes);
        AppendWorkflowTaskStarted(run, started);
        m.Touch(run);
        var attempt = wft.Attempt;
        var scheduledEventId = wft.ScheduledEventId;
        ScheduleCallback(run, Now + wft.StartToCloseTimeout, mm => OnWorkflowTaskTimeout(run, scheduledEventId, attempt, mm));

        var response = new PollWorkflowTaskQueueResponse
        {
            TaskToken = new TaskToken(TaskTokenKind.WorkflowTask, run.Namespace.Id, run.WorkflowId, run.RunId, scheduledEventId, attempt).ToByteString(),
            WorkflowExecution = run.Execution,
            WorkflowType = run.Started.WorkflowType,
            PreviousStartedEventId = run.LastCompletedWorkflowTaskStartedEventId,
            StartedEventId = started.EventId,
            Attempt = attempt,
            History = new History(),
            WorkflowExecutionTaskQueue = new TaskQueue { Name = run.TaskQueueName, Kind = TaskQueueKind.Normal },
            ScheduledTime = Timestamp.FromDateTimeOffset(wft.ScheduledTime),
            StartedTime = started.EventTime,
        };
        var firstIndex = partialHistory ? (int)run.LastCompletedWorkflowTaskStartedEventId : 0;
        for (var i = firstIndex; i < run.History.Count; i++)
        {
            response.History.Events.Add(run.History[i]);
        }

        response.History.Events.AddRange(run.TransientEvents);
        AttachUpdateRequests(run, response, m);
        foreach (var query in run.BufferedQueries)
        {
            response.Queries[query.Id] = query.Query;
            run.InFlightQueries.Add(query);
        }

        run.BufferedQueries.Clear();
        return response;
    }

    private WorkflowRun GetStartedWorkflowTaskRun(TaskToken token)
    {
        if (!_runs.TryGetValue(token.Run, out var run) || run.WorkflowId != token.WorkflowId)
        {
            throw new GrpcException(GrpcStatusCode.NotFound, "Workflow task not found.", new NotFoundFailure());
        }

        if (!run.IsOpen)
        {
            throw new GrpcException(GrpcStatusCode.NotFound, "Workflow task not found: workflow execution already completed.", new NotFoundFailure());
        }

        if (run.WorkflowTask is not { IsStarted: true } wft || wft.ScheduledEventId != token.ScheduledEventId || wft.Attempt != token.Attempt)
        {
            throw new GrpcException(GrpcStatusCode.NotFound, "Workflow task not found.", new NotFoundFailure());
        }

        return run;
    }

    /// <summary>Completes the started task; returns the next task already started when the worker asked for it inline.</summary>
    private PollWorkflowTaskQueueResponse? CompleteWorkflowTask(WorkflowRun run, RespondWorkflowTaskCompletedRequest request, Mutation m)
    {
        var wft = run.WorkflowTask!;
        m.Touch(run);
        AnswerQueries(run, request.QueryResults);

        var validation = ValidateCommands(run, request.Commands) ?? PlanProtocolMessages(run, request);
        if (validation is { } invalid)
        {
            FailWorkflowTask(run, invalid.Cause, new Failure { Message = invalid.Message }, request.Identity, m);
            m.ErrorAfterCommit = InvalidArgument(invalid.Message);
            return null;
        }

        // A close command while new events wait unseen would lose them: the real server fails the task instead.
        var closes = request.Commands.Any(IsCloseCommand);
        if (closes && run.Buffered.Count > 0)
        {
            FailWorkflowTask(run, WorkflowTaskFailedCause.UnhandledCommand, new Failure { Message = "UnhandledCommand" }, request.Identity, m);
            m.ErrorAfterCommit = InvalidArgument("UnhandledCommand");
            return null;
        }

        run.MaterializeTransientWorkflowTask(request.Identity);
        var completed = NewEvent(EventType.WorkflowTaskCompleted);
        completed.WorkflowTaskCompletedEventAttributes = new WorkflowTaskCompletedEventAttributes
        {
            ScheduledEventId = wft.ScheduledEventId,
            StartedEventId = wft.StartedEventId,
            Identity = request.Identity,
#pragma warning disable CS0612 // Deprecated in the API, still what auto-reset points are keyed on (as on Temporal).
            BinaryChecksum = request.BinaryChecksum,
            WorkerVersion = request.WorkerVersionStamp,
#pragma warning restore CS0612
            SdkMetadata = request.SdkMetadata,
            MeteringMetadata = request.MeteringMetadata,
            VersioningBehavior = request.VersioningBehavior,
        };
        run.Append(completed);

        // The worker keeps the run cached and names its sticky queue; a completion without one ends stickiness.
        if (request.StickyAttributes?.WorkerTaskQueue is { Name.Length: > 0 } stickyQueue)
        {
            var timeout = request.StickyAttributes.ScheduleToStartTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
            run.SetStickyQueue(stickyQueue.Name, timeout > TimeSpan.Zero ? timeout : DefaultStickyScheduleToStartTimeout);
        }
        else
        {
            run.ClearStickyQueue();
        }

        var needsTask = request.ForceCreateNewWorkflowTask;
        foreach (var command in request.Commands)
        {
            needsTask |= ApplyCommand(run, command, completed.EventId, request.Identity, m);
            if (!run.IsOpen)
            {
                break;
            }
        }

        FinishProtocolMessages(run, m);
        if (run.IsOpen)
        {
            needsTask |= FlushBuffered(run);
            ResolveInitiatedCommands(run, run.History.Skip((int)completed.EventId).ToList(), m);
            if (needsTask)
            {
                ScheduleWorkflowTask(run, m);
            }

            if (run.WorkflowTask is null && run.BufferedQueries.Count > 0)
            {
                foreach (var query in run.BufferedQueries)
                {
                    DispatchQueryTask(run, query, m);
                }

                run.BufferedQueries.Clear();
            }

            if (request.ReturnNewWorkflowTask && run.WorkflowTask is { IsStarted: false } next && next.ScheduledEventId > completed.EventId)
            {
                return StartReturnedWorkflowTask(run, next, request.Identity, m);
            }
        }

        return null;
    }

    /// <summary>Moves buffered events into history; true when there were any (they need a workflow task).</summary>
    private static bool FlushBuffered(WorkflowRun run)
    {
        if (run.Buffered.Count == 0)
        {
            return false;
        }

        var startedIds = new Dictionary<long, long>();
        foreach (var e in run.Buffered)
        {
            run.AppendApplied(e);
            LinkBufferedActivityEvent(e, startedIds);
        }

        run.Buffered.Clear();
        return true;
    }

    /// <summary>Gives a buffered activity close event the id its started event received on flush.</summary>
    private static void LinkBufferedActivityEvent(HistoryEvent e, Dictionary<long, long> startedIds)
    {
        switch (e.AttributesCase)
        {
            case HistoryEvent.AttributesOneofCase.ActivityTaskStartedEventAttributes:
                startedIds[e.ActivityTaskStartedEventAttributes.ScheduledEventId] = e.EventId;
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskCompletedEventAttributes when e.ActivityTaskCompletedEventAttributes.StartedEventId == 0:
                e.ActivityTaskCompletedEventAttributes.StartedEventId = startedIds.GetValueOrDefault(e.ActivityTaskCompletedEventAttributes.ScheduledEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskFailedEventAttributes when e.ActivityTaskFailedEventAttributes.StartedEventId == 0:
                e.ActivityTaskFailedEventAttributes.StartedEventId = startedIds.GetValueOrDefault(e.ActivityTaskFailedEventAttributes.ScheduledEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskTimedOutEventAttributes when e.ActivityTaskTimedOutEventAttributes.StartedEventId == 0:
                e.ActivityTaskTimedOutEventAttributes.StartedEventId = startedIds.GetValueOrDefault(e.ActivityTaskTimedOutEventAttributes.ScheduledEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskCanceledEventAttributes when e.ActivityTaskCanceledEventAttributes.StartedEventId == 0:
                e.ActivityTaskCanceledEventAttributes.StartedEventId = startedIds.GetValueOrDefault(e.ActivityTaskCanceledEventAttributes.ScheduledEventId);
                break;
        }
    }

    private void FailWorkflowTask(WorkflowRun run, WorkflowTaskFailedCause cause, Failure? failure, string identity, Mutation m)
    {
        var wft = run.WorkflowTask!;
        if (run.HasTransientWorkflowTask)
        {
            // A retry failing again writes nothing: history holds the first failure, the attempt counts the rest.
            run.DropTransientWorkflowTask();
            RetryWorkflowTask(run, wft.Attempt, cause == WorkflowTaskFailedCause.UnhandledCommand, m);
            return;
        }

        var failed = NewEvent(EventType.WorkflowTaskFailed);
        failed.WorkflowTaskFailedEventAttributes = new WorkflowTaskFailedEventAttributes
        {
            ScheduledEventId = wft.ScheduledEventId,
            StartedEventId = wft.StartedEventId,
            Cause = cause,
            Failure = failure,
            Identity = identity,
        };
        run.Append(failed);
        RetryWorkflowTask(run, wft.Attempt, cause == WorkflowTaskFailedCause.UnhandledCommand, m);
    }

    private void OnWorkflowTaskTimeout(WorkflowRun run, long scheduledEventId, int attempt, Mutation m)
    {
        if (!run.IsOpen || run.WorkflowTask is not { IsStarted: true } wft || wft.ScheduledEventId != scheduledEventId || wft.Attempt != attempt)
        {
            return;
        }

        if (run.HasTransientWorkflowTask)
        {
            run.DropTransientWorkflowTask();
            RetryWorkflowTask(run, attempt, false, m);
            return;
        }

        var timedOut = NewEvent(EventType.WorkflowTaskTimedOut);
        timedOut.WorkflowTaskTimedOutEventAttributes = new WorkflowTaskTimedOutEventAttributes
        {
            ScheduledEventId = wft.ScheduledEventId,
            StartedEventId = wft.StartedEventId,
            TimeoutType = TimeoutType.StartToClose,
        };
        run.Append(timedOut);
        RetryWorkflowTask(run, attempt, false, m);
    }

    /// <summary>
    /// Schedules the next attempt after a failed or timed-out task. New events (the workflow has something new to
    /// work on) or a lost sticky worker start over at attempt 1; otherwise the attempt counts on, as a transient task.
    /// </summary>
    private void RetryWorkflowTask(WorkflowRun run, int failedAttempt, bool resetAttempt, Mutation m)
    {
        m.Touch(run);
        RequeueInFlightQueries(run);
        var buffered = FlushBuffered(run);
        var wasSticky = DropStickinessOnFailure(run);
        ScheduleWorkflowTask(run, m, buffered || wasSticky || resetAttempt ? 1 : failedAttempt + 1);
    }

    private static bool IsCloseCommand(Temporalio.Api.Command.V1.Command command) => command.CommandType is
        CommandType.CompleteWorkflowExecution or CommandType.FailWorkflowExecution or
        CommandType.CancelWorkflowExecution or CommandType.ContinueAsNewWorkflowExecution;

    private DateTimeOffset LongPollUntil(DateTimeOffset? deadline)
    {
        var until = WallNow + _limits.LongPollTimeout;

        // Answer empty a second before the caller's deadline, so it gets a response rather than DEADLINE_EXCEEDED.
        if (deadline is { } d && d - TimeSpan.FromSeconds(1) < until)
        {
            until = d - TimeSpan.FromSeconds(1);
        }

        return until;
    }

    private static string RequireTaskQueue(TaskQueue? queue)
    {
        if (string.IsNullOrEmpty(queue?.Name))
        {
            throw InvalidArgument("TaskQueue is not set on request.");
        }

        return queue.Name;
    }

    /// <summary>The answer a workflow task completion carried for queries that rode on it.</summary>
    private static void AnswerQueries(WorkflowRun run, Google.Protobuf.Collections.MapField<string, WorkflowQueryResult> results)
    {
        foreach (var query in run.InFlightQueries)
        {
            if (results.TryGetValue(query.Id, out var result))
            {
                CompleteQuery(query, result.ResultType, result.Answer, result.ErrorMessage, result.Failure);
            }
            else
            {
                run.BufferedQueries.Add(query);
            }
        }

        run.InFlightQueries.Clear();
    }

    private static void RequeueInFlightQueries(WorkflowRun run)
    {
        run.BufferedQueries.AddRange(run.InFlightQueries);
        run.InFlightQueries.Clear();
    }

    private static void CompleteQuery(PendingQuery query, QueryResultType type, Payloads? answer, string errorMessage, Failure? failure)
    {
        if (type == QueryResultType.Answered)
        {
            query.Answer.TrySetResult(new QueryWorkflowResponse { QueryResult = answer ?? new Payloads() });
        }
        else
        {
            query.Answer.TrySetException(new GrpcException(GrpcStatusCode.InvalidArgument, errorMessage, new QueryFailedFailure { Failure = failure ?? new Failure { Message = errorMessage } }));
        }
    }
}
