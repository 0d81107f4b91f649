using System.Collections.Concurrent;
using ContentFlows.Temporal.Activities;
using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Exceptions;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Worker;

/// <summary>
/// The activity half of a worker: long-polls the activity task queue while a slot is free, runs each attempt with
/// its <see cref="ActivityExecutionContext"/>, heartbeats, and reports the outcome.
/// </summary>
internal sealed class ActivityWorker : IDisposable
{

    private readonly WorkerSettings settings;
    private readonly IReadOnlyDictionary<string, ActivityDefinition> definitions;
    private readonly TaskSlots slots;
    private readonly ILogger logger;
    private readonly ILogger activityLogger;
    private readonly CancellationTokenSource shutdownSource = new();
    private readonly ConcurrentDictionary<RunningActivity, Task> running = new();

    public ActivityWorker(WorkerSettings settings)
    {
        this.settings = settings;
        definitions = settings.Options.Activities.ToDictionary(a => a.Name, StringComparer.Ordinal);
        slots = new TaskSlots(settings.Options.MaxConcurrentActivities);
        logger = settings.LoggerFactory.CreateLogger<ActivityWorker>();
        activityLogger = settings.LoggerFactory.CreateLogger("ContentFlows.Temporal.Activity");
    }

    private IWorkflowService Service => settings.Client.WorkflowService;

    /// <summary>Polls with the configured number of pollers until <paramref name="pollToken"/> is cancelled; throws on a fatal poll error (after stopping the other pollers).</summary>
    public Task RunPollersAsync(CancellationToken pollToken) => WorkerPollers.RunAsync(settings.Options.MaxConcurrentActivityTaskPolls, PollLoopAsync, pollToken);

    /// <summary>
    /// Lets running activities finish within <paramref name="gracePeriod"/>, then cancels the rest (reason
    /// <see cref="ActivityCancelReason.WorkerShutdown"/>) and waits for their outcome to be reported.
    /// </summary>
    public async Task DrainAsync(TimeSpan gracePeriod)
    {
        await shutdownSource.CancelAsync().ConfigureAwait(false);
        var all = Task.WhenAll(running.Values);
        if (gracePeriod > TimeSpan.Zero && !all.IsCompleted)
        {
            using var graceTimeout = new CancellationTokenSource(gracePeriod, settings.TimeProvider);
            await all.WaitAsync(graceTimeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        foreach (var activity in running.Keys)
        {
            activity.Cancellation.Cancel(ActivityCancelReason.WorkerShutdown);
        }

        // Each attempt reports its own outcome and never throws; wait for the ones that started meanwhile too.
        while (!running.IsEmpty)
        {
            await Task.WhenAll(running.Values).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        shutdownSource.Dispose();
        slots.Dispose();
    }

    private Task PollLoopAsync(CancellationToken pollToken)
    {
        var request = new PollActivityTaskQueueRequest
        {
            Namespace = settings.Namespace,
            TaskQueue = new TaskQueue { Name = settings.TaskQueue, Kind = TaskQueueKind.Normal },
            Identity = settings.Identity,
        };
        return TaskPollLoop.RunAsync(
            slots,
            options => Service.PollActivityTaskQueueAsync(request, options),
            task => task.TaskToken.IsEmpty,
            StartAttempt,
            (e, failures) => WorkerLog.PollFailed(logger, "activity", settings.TaskQueue, e.Code, failures, e.Message),
            settings.TimeProvider,
            pollToken);
    }

    private void StartAttempt(PollActivityTaskQueueResponse task)
    {
        var activity = new RunningActivity(task);

        // Registered in `running` before it starts, so the map never keeps a finished attempt.
        var attempt = new Task<Task>(() => RunAttemptAsync(activity));
        running[activity] = attempt.Unwrap();
        attempt.Start(TaskScheduler.Default);
    }

    private async Task RunAttemptAsync(RunningActivity activity)
    {
        var task = activity.Task;
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["TaskQueue"] = settings.TaskQueue,
            ["WorkflowId"] = task.WorkflowExecution?.WorkflowId ?? string.Empty,
            ["RunId"] = task.WorkflowExecution?.RunId ?? string.Empty,
            ["ActivityId"] = task.ActivityId,
            ["ActivityType"] = task.ActivityType?.Name ?? string.Empty,
            ["Attempt"] = task.Attempt,
        });
        try
        {
            var outcome = await ExecuteAsync(activity).ConfigureAwait(false);
            if (outcome is not null)
            {
                await ReportAsync(activity, outcome).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Reporting failed for good (server gone longer than the client retries): the server's timeouts retry the attempt.
            WorkerLog.ActivityReportFailed(logger, e);
        }
        finally
        {
            activity.Dispose();
            running.TryRemove(activity, out _);
            slots.Release();
        }
    }

    /// <summary>Runs the attempt; returns what to report, or null when the server already knows the attempt is over.</summary>
    private async Task<IMessage?> ExecuteAsync(RunningActivity activity)
    {
        var task = activity.Task;
        var payloadConverter = settings.DataConverter.PayloadConverter;
        try
        {
            await settings.Codec.DecodeAsync(task).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Failed(e, null);
        }

        var activityType = task.ActivityType?.Name ?? string.Empty;
        if (!definitions.TryGetValue(activityType, out var definition))
        {
            var names = string.Join(", ", definitions.Keys.Order(StringComparer.Ordinal));
            WorkerLog.ActivityNotRegistered(logger, activityType, names);
            return Failed(
                new ApplicationFailureException($"Activity function {activityType} is not registered on this worker, available activities: {names}", "NotFoundError"),
                null);
        }

        var info = CreateInfo(task);
        var heartbeatTimeout = Positive(task.HeartbeatTimeout);
        using var heartbeater = new ActivityHeartbeater(
            payloadConverter,
            details => SendHeartbeatAsync(task, details),
            activity.Cancellation,
            settings.TimeProvider,
            ActivityHeartbeater.ThrottleInterval(heartbeatTimeout, settings.Options.DefaultHeartbeatThrottleInterval, settings.Options.MaxHeartbeatThrottleInterval),
            heartbeatTimeout,
            activityLogger);
        using var deadline = StartDeadlineTimer(activity, info);
        var context = new ActivityExecutionContext(
            info, activity.Cancellation, shutdownSource.Token, activityLogger, payloadConverter, heartbeater.Record, settings.Client);

        WorkerLog.ActivityStarting(logger, activityType, task.Attempt);
        try
        {
            var arguments = ConvertArguments(definition, task.Input);
            var result = await Task.Run(() => context.RunAsync(() => definition.InvokeAsync(arguments)), CancellationToken.None).ConfigureAwait(false);
            heartbeater.Stop();
            var payloads = new Payloads();
            payloads.Payloads_.Add(payloadConverter.ToPayload(definition.ResultType is null ? null : result));
            WorkerLog.ActivityCompleted(logger, activityType, task.Attempt);
            return new RespondActivityTaskCompletedRequest { Result = payloads };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            heartbeater.Stop();
            var reason = activity.Cancellation.Reason;
            if (e is OperationCanceledException && reason == ActivityCancelReason.CancelRequested)
            {
                WorkerLog.ActivityCanceled(logger, activityType, task.Attempt);
                return new RespondActivityTaskCanceledRequest();
            }

            if (reason is ActivityCancelReason.Timeout or ActivityCancelReason.GoneFromServer)
            {
                // The server timed the attempt out or forgot it; a report would be refused. It decides about retries.
                WorkerLog.ActivityAbandoned(logger, activityType, task.Attempt, reason);
                return null;
            }

            var failure = e is OperationCanceledException && reason != ActivityCancelReason.None
                ? new ApplicationFailureException(CancelMessage(reason), reason.ToString())
                : e;
            WorkerLog.ActivityFailed(logger, activityType, task.Attempt, e);
            return Failed(failure, heartbeater.LatestDetails);
        }
    }

    private RespondActivityTaskFailedRequest Failed(Exception exception, Payloads? lastHeartbeatDetails)
    {
        var request = new RespondActivityTaskFailedRequest
        {
            Failure = settings.DataConverter.FailureConverter.ToFailure(exception, settings.DataConverter.PayloadConverter),
        };
        if (lastHeartbeatDetails is not null)
        {
            request.LastHeartbeatDetails = lastHeartbeatDetails;
        }

        return request;
    }

    private async Task ReportAsync(RunningActivity activity, IMessage outcome)
    {
        var token = activity.Task.TaskToken;
        try
        {
            switch (outcome)
            {
                case RespondActivityTaskCompletedRequest completed:
                    completed.TaskToken = token;
                    completed.Identity = settings.Identity;
                    completed.Namespace = settings.Namespace;
                    await settings.Codec.EncodeAsync(completed).ConfigureAwait(false);
                    await Service.RespondActivityTaskCompletedAsync(completed).ConfigureAwait(false);
                    break;
                case RespondActivityTaskFailedRequest failed:
                    failed.TaskToken = token;
                    failed.Identity = settings.Identity;
                    failed.Namespace = settings.Namespace;
                    await settings.Codec.EncodeAsync(failed).ConfigureAwait(false);
                    await Service.RespondActivityTaskFailedAsync(failed).ConfigureAwait(false);
                    break;
                case RespondActivityTaskCanceledRequest canceled:
                    canceled.TaskToken = token;
                    canceled.Identity = settings.Identity;
                    canceled.Namespace = settings.Namespace;
                    await settings.Codec.EncodeAsync(canceled).ConfigureAwait(false);
                    await Service.RespondActivityTaskCanceledAsync(canceled).ConfigureAwait(false);
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected activity outcome {outcome.GetType().Name}.");
            }
        }
        catch (RpcException e) when (e.Code == GrpcStatusCode.NotFound)
        {
            // The attempt timed out or the workflow closed meanwhile; the server has already moved on.
            WorkerLog.ActivityReportNotFound(logger, e.Message);
        }
    }

    private async Task<RecordActivityTaskHeartbeatResponse> SendHeartbeatAsync(PollActivityTaskQueueResponse task, Payloads details)
    {
        var request = new RecordActivityTaskHeartbeatRequest
        {
            TaskToken = task.TaskToken,
            Details = details.Clone(),
            Identity = settings.Identity,
            Namespace = settings.Namespace,
        };
        await settings.Codec.EncodeAsync(request).ConfigureAwait(false);
        return await Service.RecordActivityTaskHeartbeatAsync(request).ConfigureAwait(false);
    }

    private ITimer? StartDeadlineTimer(RunningActivity activity, ActivityInfo info)
    {
        if (info.Deadline is not { } deadline)
        {
            return null;
        }

        var due = deadline - settings.TimeProvider.GetUtcNow();
        return settings.TimeProvider.CreateTimer(
            _ => activity.Cancellation.Cancel(ActivityCancelReason.Timeout),
            null,
            due > TimeSpan.Zero ? due : TimeSpan.Zero,
            Timeout.InfiniteTimeSpan);
    }

    private object?[] ConvertArguments(ActivityDefinition definition, Payloads? input)
    {
        var payloads = input?.Payloads_ ?? [];
        if (payloads.Count < definition.RequiredParameterCount)
        {
            throw new ApplicationFailureException(
                $"Activity {definition.Name} needs at least {definition.RequiredParameterCount} arguments; the workflow sent {payloads.Count}.", "ArgumentCountMismatch", nonRetryable: true);
        }

        // Extra arguments are ignored, as the official SDKs do, so a workflow may send more than an older activity takes.
        var count = Math.Min(payloads.Count, definition.ParameterTypes.Count);
        var arguments = new object?[count];
        for (var i = 0; i < count; i++)
        {
            arguments[i] = settings.DataConverter.PayloadConverter.ToValue(payloads[i], definition.ParameterTypes[i]);
        }

        return arguments;
    }

    private ActivityInfo CreateInfo(PollActivityTaskQueueResponse task)
    {
        var now = settings.TimeProvider.GetUtcNow();
        var startToClose = Positive(task.StartToCloseTimeout);
        var scheduleToClose = Positive(task.ScheduleToCloseTimeout);
        DateTimeOffset? deadline = startToClose is { } s ? now + s : null;
        if (scheduleToClose is { } total && task.ScheduledTime is not null && task.StartedTime is not null)
        {
            // Measured on the server's clock (scheduled → started), applied from the local start.
            var remaining = task.ScheduledTime.ToDateTimeOffset() + total - task.StartedTime.ToDateTimeOffset();
            var scheduleDeadline = now + remaining;
            deadline = deadline is { } d && d < scheduleDeadline ? d : scheduleDeadline;
        }

        return new ActivityInfo
        {
            ActivityId = task.ActivityId,
            ActivityType = task.ActivityType?.Name ?? string.Empty,
            Attempt = task.Attempt,
            WorkflowNamespace = string.IsNullOrEmpty(task.WorkflowNamespace) ? settings.Namespace : task.WorkflowNamespace,
            WorkflowId = task.WorkflowExecution?.WorkflowId ?? string.Empty,
            WorkflowRunId = task.WorkflowExecution?.RunId ?? string.Empty,
            WorkflowType = task.WorkflowType?.Name ?? string.Empty,
            TaskQueue = settings.TaskQueue,
            HeartbeatDetails = task.HeartbeatDetails?.Payloads_.ToList() ?? [],
            ScheduledTime = task.ScheduledTime?.ToDateTimeOffset() ?? now,
            CurrentAttemptScheduledTime = task.CurrentAttemptScheduledTime?.ToDateTimeOffset() ?? now,
            StartedTime = task.StartedTime?.ToDateTimeOffset() ?? now,
            HeartbeatTimeout = Positive(task.HeartbeatTimeout),
            StartToCloseTimeout = startToClose,
            ScheduleToCloseTimeout = scheduleToClose,
            Deadline = deadline,
            TaskToken = task.TaskToken.Memory,
            PayloadConverter = settings.DataConverter.PayloadConverter,
        };
    }

    private static TimeSpan? Positive(Google.Protobuf.WellKnownTypes.Duration? duration) =>
        duration?.ToTimeSpan() is { } span && span > TimeSpan.Zero ? span : null;

    private static string CancelMessage(ActivityCancelReason reason) => reason switch
    {
        ActivityCancelReason.WorkerShutdown => "Activity cancelled because the worker shut down",
        ActivityCancelReason.HeartbeatRecordFailure => "Activity cancelled because its heartbeat details could not be converted",
        _ => $"Activity cancelled ({reason})",
    };
}
