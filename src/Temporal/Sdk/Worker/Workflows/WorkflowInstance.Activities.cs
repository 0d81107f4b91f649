using System.Globalization;
using ContentFlows.Temporal.Converters;
using ContentFlows.Temporal.Workflows;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.Worker.Workflows;

/// <content>Activities: ScheduleActivityTask, results by scheduled event id, cancellation by token.</content>
internal sealed partial class WorkflowInstance
{
    private readonly Dictionary<long, PendingActivity> activitiesByScheduledEventId = [];
    private int activitySequence;

    /// <summary>Schedules an activity; the task completes with its result payload (null for none) or an ActivityFailureException.</summary>
    public Task<Payload?> ScheduleActivityAsync(string activityType, IReadOnlyCollection<object?> args, ActivityOptions activityOptions)
    {
        ArgumentException.ThrowIfNullOrEmpty(activityType);
        activityOptions.Validate();
        EnsureCanIssueCommands();
        var sequence = ++activitySequence;
        var activityId = activityOptions.ActivityId ?? sequence.ToString(CultureInfo.InvariantCulture);
        var attributes = new ScheduleActivityTaskCommandAttributes
        {
            ActivityId = activityId,
            ActivityType = new ActivityType { Name = activityType },
            TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = activityOptions.TaskQueue ?? Info.TaskQueue },
            Input = Converter.PayloadConverter.ToPayloads(args),
            ScheduleToCloseTimeout = ToDuration(activityOptions.ScheduleToCloseTimeout),
            ScheduleToStartTimeout = ToDuration(activityOptions.ScheduleToStartTimeout),
            StartToCloseTimeout = ToDuration(activityOptions.StartToCloseTimeout),
            HeartbeatTimeout = ToDuration(activityOptions.HeartbeatTimeout),
            RetryPolicy = activityOptions.RetryPolicy?.ToProto(),
        };

        var activity = new PendingActivity(activityId, activityType, activityOptions.CancellationType);
        activity.Command = AddCommand(
            new Command { CommandType = CommandType.ScheduleActivityTask, ScheduleActivityTaskCommandAttributes = attributes },
            e =>
            {
                activity.ScheduledEventId = e.EventId;
                activitiesByScheduledEventId[e.EventId] = activity;
            });

        var token = activityOptions.CancellationToken ?? CancellationToken;
        if (token.CanBeCanceled)
        {
            activity.Registration = token.Register(() => CancelActivity(activity));
        }

        return activity.Completion.Task;
    }

    private static Duration? ToDuration(TimeSpan? value) => value is { } span ? Duration.FromTimeSpan(span) : null;

    private void CancelActivity(PendingActivity activity)
    {
        if (activity.Completion.Task.IsCompleted || IsClosed)
        {
            return;
        }

        if (TryWithdrawCommand(activity.Command))
        {
            // Never sent: nothing to cancel on the server.
            activity.Completion.TrySetException(ActivityCanceled(activity, details: null));
            return;
        }

        if (activity.CancellationType != ActivityCancellationType.Abandon && !activity.CancelRequested)
        {
            activity.CancelRequested = true;
            AddCommand(new Command
            {
                CommandType = CommandType.RequestCancelActivityTask,
                RequestCancelActivityTaskCommandAttributes = new RequestCancelActivityTaskCommandAttributes { ScheduledEventId = activity.ScheduledEventId },
            });
        }

        if (activity.CancellationType != ActivityCancellationType.WaitCancellationCompleted)
        {
            activity.Completion.TrySetException(ActivityCanceled(activity, details: null));
        }
    }

    private void ResolveActivity(HistoryEvent e)
    {
        var scheduledEventId = e.EventType switch
        {
            EventType.ActivityTaskCompleted => e.ActivityTaskCompletedEventAttributes.ScheduledEventId,
            EventType.ActivityTaskFailed => e.ActivityTaskFailedEventAttributes.ScheduledEventId,
            EventType.ActivityTaskTimedOut => e.ActivityTaskTimedOutEventAttributes.ScheduledEventId,
            _ => e.ActivityTaskCanceledEventAttributes.ScheduledEventId,
        };
        if (!activitiesByScheduledEventId.Remove(scheduledEventId, out var activity))
        {
            return;
        }

        activity.Registration.Dispose();
        switch (e.EventType)
        {
            case EventType.ActivityTaskCompleted:
                var result = e.ActivityTaskCompletedEventAttributes.Result;
                activity.Completion.TrySetResult(result is { Payloads_.Count: > 0 } ? result.Payloads_[0] : null);
                break;
            case EventType.ActivityTaskFailed:
                var failed = e.ActivityTaskFailedEventAttributes;
                activity.Completion.TrySetException(ActivityFailure(activity, "Activity task failed", failed.Failure, failed.StartedEventId, failed.Identity, failed.RetryState));
                break;
            case EventType.ActivityTaskTimedOut:
                var timedOut = e.ActivityTaskTimedOutEventAttributes;
                activity.Completion.TrySetException(ActivityFailure(activity, "Activity task timed out", timedOut.Failure, timedOut.StartedEventId, null, timedOut.RetryState));
                break;
            default:
                activity.Completion.TrySetException(ActivityCanceled(activity, e.ActivityTaskCanceledEventAttributes.Details));
                break;
        }
    }

    private Exception ActivityCanceled(PendingActivity activity, Payloads? details)
    {
        var cause = new Failure { Message = "Activity cancelled", CanceledFailureInfo = new CanceledFailureInfo { Details = details } };
        return ActivityFailure(activity, "Activity task cancelled", cause, 0, null, RetryState.CancelRequested);
    }

    private Exception ActivityFailure(PendingActivity activity, string message, Failure? cause, long startedEventId, string? identity, RetryState retryState)
    {
        var failure = new Failure
        {
            Message = message,
            Cause = cause,
            ActivityFailureInfo = new ActivityFailureInfo
            {
                ActivityId = activity.ActivityId,
                ActivityType = new ActivityType { Name = activity.ActivityType },
                ScheduledEventId = activity.ScheduledEventId,
                StartedEventId = startedEventId,
                Identity = identity ?? string.Empty,
                RetryState = retryState,
            },
        };
        return Converter.FailureConverter.ToException(failure, Converter.PayloadConverter);
    }
}
