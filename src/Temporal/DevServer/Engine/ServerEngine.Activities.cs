using ContentFlows.Temporal.Api.Grpc;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// Activities: normalized scheduling, dispatch per attempt, server-side retries, the four timeouts,
/// heartbeats and cancellation. Attempts leave no trace in history until the activity closes, when
/// the final attempt's ActivityTaskStarted is written just before the close event.
/// </summary>
internal sealed partial class ServerEngine
{
    private const string ActivityNotFoundMessage = "invalid activityID or activity already timed out or invoking workflow is completed";

    public async Task<PollActivityTaskQueueResponse> PollActivityTaskQueueAsync(PollActivityTaskQueueRequest request, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        var queue = RequireTaskQueue(request.TaskQueue);
        NamespaceEntry ns;
        lock (_gate)
        {
            ns = GetNamespace(request.Namespace);
        }

        var key = new TaskQueueKey(ns.Id, queue, TaskCategory.Activity);
        Matcher.RecordPoller(key, request.Identity, Now);
        var until = LongPollUntil(deadline);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        using var tracked = _workerPolls.Track(key, request.WorkerInstanceKey, linked);
        if (tracked.Rejected)
        {
            return new PollActivityTaskQueueResponse();
        }

        while (true)
        {
            var task = await Matcher.PollAsync(key, until - WallNow, linked.Token).ConfigureAwait(false);
            if (task is null)
            {
                return new PollActivityTaskQueueResponse();
            }

            if (linked.IsCancellationRequested)
            {
                Matcher.Offer(key, task);
                return new PollActivityTaskQueueResponse();
            }

            var response = await MutateAsync(m => StartActivityTask(task, request.Identity, m)).ConfigureAwait(false);
            if (response is not null)
            {
                return response;
            }
        }
    }

    public Task<RespondActivityTaskCompletedResponse> RespondActivityTaskCompletedAsync(RespondActivityTaskCompletedRequest request)
    {
        var token = TaskToken.Parse(request.TaskToken, TaskTokenKind.ActivityTask);
        CheckBlob(request.Result, "Result");
        return MutateAsync(m =>
        {
            var (run, activity) = GetStartedActivity(token);
            CompleteActivity(run, activity, request.Result, request.Identity, m);
            return new RespondActivityTaskCompletedResponse();
        });
    }

    public Task<RespondActivityTaskCompletedByIdResponse> RespondActivityTaskCompletedByIdAsync(RespondActivityTaskCompletedByIdRequest request)
    {
        CheckBlob(request.Result, "Result");
        return MutateAsync(m =>
        {
            var (run, activity) = GetStartedActivityById(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId);
            CompleteActivity(run, activity, request.Result, request.Identity, m);
            return new RespondActivityTaskCompletedByIdResponse();
        });
    }

    public Task<RespondActivityTaskFailedResponse> RespondActivityTaskFailedAsync(RespondActivityTaskFailedRequest request)
    {
        var token = TaskToken.Parse(request.TaskToken, TaskTokenKind.ActivityTask);
        return MutateAsync(m =>
        {
            var (run, activity) = GetStartedActivity(token);
            if (request.LastHeartbeatDetails is not null)
            {
                activity.HeartbeatDetails = request.LastHeartbeatDetails;
            }

            FailActivityAttempt(run, activity, request.Failure ?? new Failure { Message = "activity failed" }, request.Identity, m);
            return new RespondActivityTaskFailedResponse();
        });
    }

    public Task<RespondActivityTaskFailedByIdResponse> RespondActivityTaskFailedByIdAsync(RespondActivityTaskFailedByIdRequest request)
    {
        return MutateAsync(m =>
        {
            var (run, activity) = GetStartedActivityById(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId);
            if (request.LastHeartbeatDetails is not null)
            {
                activity.HeartbeatDetails = request.LastHeartbeatDetails;
            }

            FailActivityAttempt(run, activity, request.Failure ?? new Failure { Message = "activity failed" }, request.Identity, m);
            return new RespondActivityTaskFailedByIdResponse();
        });
    }

    public Task<RespondActivityTaskCanceledResponse> RespondActivityTaskCanceledAsync(RespondActivityTaskCanceledRequest request)
    {
        var token = TaskToken.Parse(request.TaskToken, TaskTokenKind.ActivityTask);
        return MutateAsync(m =>
        {
            var (run, activity) = GetStartedActivity(token);
            CancelActivity(run, activity, request.Details, request.Identity, m);
            return new RespondActivityTaskCanceledResponse();
        });
    }

    public Task<RespondActivityTaskCanceledByIdResponse> RespondActivityTaskCanceledByIdAsync(RespondActivityTaskCanceledByIdRequest request)
    {
        return MutateAsync(m =>
        {
            var (run, activity) = GetStartedActivityById(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId);
            CancelActivity(run, activity, request.Details, request.Identity, m);
            return new RespondActivityTaskCanceledByIdResponse();
        });
    }

    public Task<RecordActivityTaskHeartbeatResponse> RecordActivityTaskHeartbeatAsync(RecordActivityTaskHeartbeatRequest request)
    {
        var token = TaskToken.Parse(request.TaskToken, TaskTokenKind.ActivityTask);
        CheckBlob(request.Details, "Details");
        return MutateAsync(m =>
        {
            var (run, activity) = GetStartedActivity(token);
            return Heartbeat(run, activity, request.Details, m);
        });
    }

    public Task<RecordActivityTaskHeartbeatByIdResponse> RecordActivityTaskHeartbeatByIdAsync(RecordActivityTaskHeartbeatByIdRequest request)
    {
        CheckBlob(request.Details, "Details");
        return MutateAsync(m =>
        {
            var (run, activity) = GetStartedActivityById(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId);
            var response = Heartbeat(run, activity, request.Details, m);
            return new RecordActivityTaskHeartbeatByIdResponse { CancelRequested = response.CancelRequested };
        });
    }

    private RecordActivityTaskHeartbeatResponse Heartbeat(WorkflowRun run, PendingActivity activity, Payloads? details, Mutation m)
    {
        activity.HeartbeatDetails = details ?? activity.HeartbeatDetails;
        activity.LastHeartbeatTime = Now;

        // Heartbeats are frequent and change only volatile state: persist them only with a durable store.
        if (_store.IsDurable)
        {
            m.Touch(run);
        }

        return new RecordActivityTaskHeartbeatResponse { CancelRequested = activity.CancelRequested };
    }

    private void ScheduleActivity(WorkflowRun run, Command command, long completedEventId, Mutation m)
    {
        var attributes = command.ScheduleActivityTaskCommandAttributes;
        var runTimeout = run.Started.WorkflowRunTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
        var scheduleToClose = attributes.ScheduleToCloseTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
        var scheduleToStart = attributes.ScheduleToStartTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
        var startToClose = attributes.StartToCloseTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
        var heartbeat = attributes.HeartbeatTimeout?.ToTimeSpan() ?? TimeSpan.Zero;

        // The same normalization a real server applies, so SDKs see the timeouts they would see there.
        if (scheduleToClose > TimeSpan.Zero)
        {
            scheduleToStart = scheduleToStart > TimeSpan.Zero ? Min(scheduleToStart, scheduleToClose) : scheduleToClose;
            startToClose = startToClose > TimeSpan.Zero ? Min(startToClose, scheduleToClose) : scheduleToClose;
        }
        else
        {
            scheduleToClose = runTimeout;
            if (scheduleToStart == TimeSpan.Zero)
            {
                scheduleToStart = runTimeout;
            }
        }

        if (runTimeout > TimeSpan.Zero)
        {
            scheduleToClose = scheduleToClose == TimeSpan.Zero ? runTimeout : Min(scheduleToClose, runTimeout);
            scheduleToStart = scheduleToStart == TimeSpan.Zero ? runTimeout : Min(scheduleToStart, runTimeout);
            startToClose = Min(startToClose, runTimeout);
        }

        heartbeat = Min(heartbeat, startToClose);
        var scheduled = CommandEvent(EventType.ActivityTaskScheduled, command);
        scheduled.ActivityTaskScheduledEventAttributes = new ActivityTaskScheduledEventAttributes
        {
            ActivityId = attributes.ActivityId,
            ActivityType = attributes.ActivityType,
            TaskQueue = new TaskQueue { Name = string.IsNullOrEmpty(attributes.TaskQueue?.Name) ? run.TaskQueueName : attributes.TaskQueue.Name, Kind = TaskQueueKind.Normal },
            Header = attributes.Header,
            Input = attributes.Input,
            ScheduleToCloseTimeout = Duration.FromTimeSpan(scheduleToClose),
            ScheduleToStartTimeout = Duration.FromTimeSpan(scheduleToStart),
            StartToCloseTimeout = Duration.FromTimeSpan(startToClose),
            HeartbeatTimeout = Duration.FromTimeSpan(heartbeat),
            WorkflowTaskCompletedEventId = completedEventId,
            RetryPolicy = RetryPolicies.Normalize(attributes.RetryPolicy),
            Priority = attributes.Priority,
        };
        run.Append(scheduled);
        var activity = run.Activities[scheduled.EventId];
        if (scheduleToClose > TimeSpan.Zero)
        {
            ScheduleCallback(run, activity.ScheduledTime + scheduleToClose, mm => OnActivityTimeout(run, activity.ScheduledEventId, 0, TimeoutType.ScheduleToClose, mm));
        }

        DispatchActivityAttempt(run, activity, m);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Queues the current attempt and arms its schedule-to-start timeout.</summary>
    private void DispatchActivityAttempt(WorkflowRun run, PendingActivity activity, Mutation m)
    {
        activity.State = ActivityAttemptStatus.Scheduled;
        m.Dispatch(new TaskQueueKey(run.Namespace.Id, activity.Scheduled.TaskQueue.Name, TaskCategory.Activity), new DispatchedTask(run.Key, activity.ScheduledEventId, activity.Attempt));
        var scheduleToStart = activity.Scheduled.ScheduleToStartTimeout.ToTimeSpan();
        var scheduleToClose = activity.Scheduled.ScheduleToCloseTimeout.ToTimeSpan();

        // Schedule-to-start equal to schedule-to-close is covered by the latter's own timer.
        if (scheduleToStart > TimeSpan.Zero && (scheduleToClose == TimeSpan.Zero || scheduleToStart < scheduleToClose))
        {
            var attempt = activity.Attempt;
            ScheduleCallback(run, activity.CurrentAttemptScheduledTime + scheduleToStart, mm => OnActivityTimeout(run, activity.ScheduledEventId, attempt, TimeoutType.ScheduleToStart, mm));
        }
    }

    private PollActivityTaskQueueResponse? StartActivityTask(DispatchedTask task, string identity, Mutation m)
    {
        if (!_runs.TryGetValue(task.Run, out var run) || !run.IsOpen
            || !run.Activities.TryGetValue(task.ScheduledEventId, out var activity)
            || activity.State != ActivityAttemptStatus.Scheduled || activity.Attempt != task.Attempt)
        {
            return null;
        }

        var now = Now;
        activity.State = ActivityAttemptStatus.Started;
        activity.StartedTime = now;
        activity.StartedIdentity = identity;
        activity.LastWorkerIdentity = identity;
        activity.StartedRequestId = Guid.NewGuid().ToString();
        activity.LastHeartbeatTime = null;
        if (_store.IsDurable)
        {
            m.Touch(run);
        }

        var attempt = activity.Attempt;
        var startToClose = activity.Scheduled.StartToCloseTimeout.ToTimeSpan();
        if (startToClose > TimeSpan.Zero)
        {
            ScheduleCallback(run, now + startToClose, mm => OnActivityTimeout(run, activity.ScheduledEventId, attempt, TimeoutType.StartToClose, mm));
        }

        ArmHeartbeatTimeout(run, activity, now);
        var scheduled = activity.Scheduled;
        return new PollActivityTaskQueueResponse
        {
            TaskToken = new TaskToken(TaskTokenKind.ActivityTask, run.Namespace.Id, run.WorkflowId, run.RunId, activity.ScheduledEventId, attempt).ToByteString(),
            WorkflowNamespace = run.Namespace.Name,
            WorkflowType = run.Started.WorkflowType,
            WorkflowExecution = run.Execution,
            ActivityType = scheduled.ActivityType,
            ActivityId = scheduled.ActivityId,
            Header = scheduled.Header,
            Input = scheduled.Input,
            HeartbeatDetails = activity.HeartbeatDetails,
            ScheduledTime = Timestamp.FromDateTimeOffset(activity.ScheduledTime),
            CurrentAttemptScheduledTime = Timestamp.FromDateTimeOffset(activity.CurrentAttemptScheduledTime),
            StartedTime = Timestamp.FromDateTimeOffset(now),
            Attempt = attempt,
            ScheduleToCloseTimeout = scheduled.ScheduleToCloseTimeout ?? new Duration(),
            StartToCloseTimeout = scheduled.StartToCloseTimeout ?? new Duration(),
            HeartbeatTimeout = scheduled.HeartbeatTimeout ?? new Duration(),
            RetryPolicy = scheduled.RetryPolicy,
            Priority = scheduled.Priority,
        };
    }

    private void ArmHeartbeatTimeout(WorkflowRun run, PendingActivity activity, DateTimeOffset from)
    {
        var heartbeat = activity.Scheduled.HeartbeatTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
        if (heartbeat > TimeSpan.Zero)
        {
            var attempt = activity.Attempt;
            ScheduleCallback(run, from + heartbeat, mm => OnActivityTimeout(run, activity.ScheduledEventId, attempt, TimeoutType.Heartbeat, mm));
        }
    }

    private (WorkflowRun Run, PendingActivity Activity) GetStartedActivity(TaskToken token)
    {
        if (_runs.TryGetValue(token.Run, out var run) && run.IsOpen && run.WorkflowId == token.WorkflowId
            && run.Activities.TryGetValue(token.ScheduledEventId, out var activity)
            && activity.State == ActivityAttemptStatus.Started && activity.Attempt == token.Attempt)
        {
            return (run, activity);
        }

        throw new GrpcException(GrpcStatusCode.NotFound, ActivityNotFoundMessage, new NotFoundFailure());
    }

    private (WorkflowRun Run, PendingActivity Activity) GetStartedActivityById(string ns, string workflowId, string runId, string activityId)
    {
        var run = GetRun(GetNamespace(ns), workflowId, runId);
        var activity = run.IsOpen ? run.Activities.Values.FirstOrDefault(a => a.Scheduled.ActivityId == activityId) : null;
        if (activity is null)
        {
            throw new GrpcException(GrpcStatusCode.NotFound, ActivityNotFoundMessage, new NotFoundFailure());
        }

        if (activity.State != ActivityAttemptStatus.Started)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"Activity {activityId} has not started.");
        }

        return (run, activity);
    }

    private void CompleteActivity(WorkflowRun run, PendingActivity activity, Payloads? result, string identity, Mutation m)
    {
        var startedId = RecordActivityStarted(run, activity, m);
        var completed = NewEvent(EventType.ActivityTaskCompleted);
        completed.ActivityTaskCompletedEventAttributes = new ActivityTaskCompletedEventAttributes
        {
            Result = result,
            ScheduledEventId = activity.ScheduledEventId,
            StartedEventId = startedId,
            Identity = identity,
        };
        RecordEventAndScheduleTask(run, completed, m);
    }

    private void CancelActivity(WorkflowRun run, PendingActivity activity, Payloads? details, string identity, Mutation m)
    {
        if (!activity.CancelRequested)
        {
            throw InvalidArgument("Activity cancellation was not requested; RespondActivityTaskCanceled is accepted only after a cancel request.");
        }

        var startedId = RecordActivityStarted(run, activity, m);
        var canceled = NewEvent(EventType.ActivityTaskCanceled);
        canceled.ActivityTaskCanceledEventAttributes = new ActivityTaskCanceledEventAttributes
        {
            Details = details,
            LatestCancelRequestedEventId = activity.CancelRequestedEventId,
            ScheduledEventId = activity.ScheduledEventId,
            StartedEventId = startedId,
            Identity = identity,
        };
        RecordEventAndScheduleTask(run, canceled, m);
    }

    /// <summary>Writes the final attempt's started event (event time = when it really started); returns its id, 0 when buffered.</summary>
    private long RecordActivityStarted(WorkflowRun run, PendingActivity activity, Mutation m)
    {
        var started = NewEvent(EventType.ActivityTaskStarted);
        started.EventTime = Timestamp.FromDateTimeOffset(activity.StartedTime ?? Now);
        started.ActivityTaskStartedEventAttributes = new ActivityTaskStartedEventAttributes
        {
            ScheduledEventId = activity.ScheduledEventId,
            Identity = activity.StartedIdentity,
            RequestId = activity.StartedRequestId,
            Attempt = activity.Attempt,
            LastFailure = activity.LastFailure,
        };
        RecordEvent(run, started, m);

        // 0 while buffered: FlushBuffered links the close event to the started event's id.
        return started.EventId;
    }

    private void FailActivityAttempt(WorkflowRun run, PendingActivity activity, Failure failure, string identity, Mutation m)
    {
        var now = Now;
        var deadline = ScheduleToCloseDeadline(activity);
        var (state, interval) = activity.CancelRequested
            ? (RetryState.CancelRequested, TimeSpan.Zero)
            : RetryPolicies.Decide(activity.Scheduled.RetryPolicy, activity.Attempt, failure, now, deadline);
        if (state == RetryState.InProgress)
        {
            ScheduleRetry(run, activity, failure, now, interval, m);
            return;
        }

        var startedId = RecordActivityStarted(run, activity, m);
        var failed = NewEvent(EventType.ActivityTaskFailed);
        failed.ActivityTaskFailedEventAttributes = new ActivityTaskFailedEventAttributes
        {
            Failure = failure,
            ScheduledEventId = activity.ScheduledEventId,
            StartedEventId = startedId,
            Identity = identity,
            RetryState = state,
        };
        RecordEventAndScheduleTask(run, failed, m);
    }

    private static DateTimeOffset? ScheduleToCloseDeadline(PendingActivity activity)
    {
        var scheduleToClose = activity.Scheduled.ScheduleToCloseTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
        return scheduleToClose > TimeSpan.Zero ? activity.ScheduledTime + scheduleToClose : null;
    }

    private void ScheduleRetry(WorkflowRun run, PendingActivity activity, Failure failure, DateTimeOffset now, TimeSpan interval, Mutation m)
    {
        activity.LastFailure = failure;
        activity.LastAttemptCompleteTime = now;
        activity.Attempt++;
        activity.State = ActivityAttemptStatus.BackingOff;
        activity.StartedTime = null;
        activity.NextAttemptScheduleTime = now + interval;
        m.Touch(run);
        var attempt = activity.Attempt;
        ScheduleCallback(run, now + interval, mm =>
        {
            if (run.IsOpen && run.Activities.TryGetValue(activity.ScheduledEventId, out var current) && current == activity
                && activity.State == ActivityAttemptStatus.BackingOff && activity.Attempt == attempt)
            {
                activity.CurrentAttemptScheduledTime = Now;
                activity.NextAttemptScheduleTime = null;
                mm.Touch(run);
                DispatchActivityAttempt(run, activity, mm);
            }
        });
    }

    private void OnActivityTimeout(WorkflowRun run, long scheduledEventId, int attempt, TimeoutType type, Mutation m)
    {
        if (!run.IsOpen || !run.Activities.TryGetValue(scheduledEventId, out var activity))
        {
            return;
        }

        var now = Now;
        switch (type)
        {
            case TimeoutType.ScheduleToStart when activity.State != ActivityAttemptStatus.Scheduled || activity.Attempt != attempt:
            case TimeoutType.StartToClose when activity.State != ActivityAttemptStatus.Started || activity.Attempt != attempt:
            case TimeoutType.Heartbeat when activity.State != ActivityAttemptStatus.Started || activity.Attempt != attempt:
                return;
        }

        if (type == TimeoutType.Heartbeat && activity.LastHeartbeatTime is { } last)
        {
            var heartbeat = activity.Scheduled.HeartbeatTimeout.ToTimeSpan();
            if (last + heartbeat > now)
            {
                // A heartbeat arrived since this timer was armed: wait for the rest of the window.
                ScheduleCallback(run, last + heartbeat, mm => OnActivityTimeout(run, scheduledEventId, attempt, TimeoutType.Heartbeat, mm));
                return;
            }
        }

        type = FirstDueTimeout(activity, type, now);
        var failure = new Failure
        {
            Message = $"activity {TimeoutName(type)} timeout",
            Source = "Server",
            TimeoutFailureInfo = new TimeoutFailureInfo { TimeoutType = type, LastHeartbeatDetails = activity.HeartbeatDetails },
        };
        var retryState = RetryState.Timeout;
        if (type is TimeoutType.StartToClose or TimeoutType.Heartbeat)
        {
            var (state, interval) = activity.CancelRequested
                ? (RetryState.CancelRequested, TimeSpan.Zero)
                : RetryPolicies.Decide(activity.Scheduled.RetryPolicy, activity.Attempt, failure, now, ScheduleToCloseDeadline(activity));
            if (state == RetryState.InProgress)
            {
                ScheduleRetry(run, activity, failure, now, interval, m);
                return;
            }

            retryState = state;
            if (state == RetryState.Timeout)
            {
                failure = new Failure
                {
                    Message = "Not enough time to schedule next retry before activity ScheduleToClose timeout, giving up retrying",
                    Source = "Server",
                    TimeoutFailureInfo = new TimeoutFailureInfo { TimeoutType = TimeoutType.ScheduleToClose, LastHeartbeatDetails = activity.HeartbeatDetails },
                    Cause = failure,
                };
            }
        }
        else if (activity.LastFailure is not null)
        {
            failure.Cause = activity.LastFailure;
        }

        var startedId = activity.State == ActivityAttemptStatus.Started ? RecordActivityStarted(run, activity, m) : 0;
        var timedOut = NewEvent(EventType.ActivityTaskTimedOut);
        timedOut.ActivityTaskTimedOutEventAttributes = new ActivityTaskTimedOutEventAttributes
        {
            Failure = failure,
            ScheduledEventId = scheduledEventId,
            StartedEventId = startedId,
            RetryState = retryState,
        };
        RecordEventAndScheduleTask(run, timedOut, m);
    }

    private static string TimeoutName(TimeoutType type) => type switch
    {
        TimeoutType.StartToClose => "StartToClose",
        TimeoutType.ScheduleToStart => "ScheduleToStart",
        TimeoutType.ScheduleToClose => "ScheduleToClose",
        TimeoutType.Heartbeat => "Heartbeat",
        _ => type.ToString(),
    };

    /// <summary>Handles RequestCancelActivityTask; true when the activity was cancelled at once (needs a new task).</summary>
    private bool RequestCancelActivity(WorkflowRun run, long scheduledEventId, long completedEventId, string identity)
    {
        var requested = NewEvent(EventType.ActivityTaskCancelRequested);
        requested.ActivityTaskCancelRequestedEventAttributes = new ActivityTaskCancelRequestedEventAttributes
        {
            ScheduledEventId = scheduledEventId,
            WorkflowTaskCompletedEventId = completedEventId,
        };
        run.Append(requested);

        // Already finished (its close event is buffered): the request is recorded and nothing more happens.
        if (!run.Activities.TryGetValue(scheduledEventId, out var activity) || activity.State == ActivityAttemptStatus.Started)
        {
            return false;
        }

        // Not running anywhere: cancelled immediately, no worker involved.
        var canceled = NewEvent(EventType.ActivityTaskCanceled);
        canceled.ActivityTaskCanceledEventAttributes = new ActivityTaskCanceledEventAttributes
        {
            Details = new Payloads { Payloads_ = { new Payload { Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") }, Data = ByteString.CopyFromUtf8("\"ACTIVITY_ID_NOT_STARTED\"") } } },
            LatestCancelRequestedEventId = requested.EventId,
            ScheduledEventId = scheduledEventId,
            Identity = identity,
        };
        run.Append(canceled);
        return true;
    }
}
