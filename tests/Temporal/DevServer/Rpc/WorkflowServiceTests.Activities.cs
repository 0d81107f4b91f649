using Temporalio.Api.Enums.V1;
using StatusCode = Temporalio.Exceptions.RpcException.StatusCode;

namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

/// <summary>Activities: server-side retries, terminal retry states, timeouts and cancellation.</summary>
public sealed partial class WorkflowServiceTests
{
    private static readonly EventType[] ScheduledActivityPrefix =
    [
        EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
        EventType.WorkflowTaskCompleted, EventType.ActivityTaskScheduled,
    ];

    [Fact]
    public async Task RespondActivityTaskFailed_RetryableTwiceThenCompleted_WritesOnlyFinalAttempt()
    {
        var run = await StartAndPollAsync("retry");
        await Client.CompleteWorkflowTaskAsync(run.Task.TaskToken, WorkflowCommands.ScheduleActivity("a1", TimeSpan.FromSeconds(30), WorkflowCommands.FastRetry()));

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var failing = await Client.NextActivityTaskAsync(run.TaskQueue);
            Assert.Equal(attempt, failing.Attempt);
            await Client.FailActivityAsync(failing.TaskToken, WorkflowCommands.ApplicationFailure($"failure {attempt}"));
        }

        var third = await Client.NextActivityTaskAsync(run.TaskQueue);
        Assert.Equal(3, third.Attempt);
        await Client.CompleteActivityAsync(third.TaskToken, "\"third time\"");

        var history = await Client.GetHistoryAsync(run.WorkflowId, run.RunId);
        AssertEventTypes(history, [.. ScheduledActivityPrefix, EventType.ActivityTaskStarted, EventType.ActivityTaskCompleted, EventType.WorkflowTaskScheduled]);
        var started = history[5].ActivityTaskStartedEventAttributes;
        Assert.Equal(5, started.ScheduledEventId);
        Assert.Equal(3, started.Attempt);
        Assert.Equal("failure 2", started.LastFailure?.Message);
        Assert.Equal(WorkflowServiceClient.Identity, started.Identity);
        var completed = history[6].ActivityTaskCompletedEventAttributes;
        Assert.Equal(5, completed.ScheduledEventId);
        Assert.Equal(6, completed.StartedEventId);
        Assert.Equal("\"third time\"", completed.Result.Payloads_[0].Data.ToStringUtf8());
    }

    [Fact]
    public async Task RespondWorkflowTaskCompleted_CancelOfActivityThatFinishedDuringTheTask_RecordsRequestAndKeepsResult()
    {
        var run = await StartAndPollAsync("cancel-finished");
        await Client.CompleteWorkflowTaskAsync(run.Task.TaskToken, WorkflowCommands.ScheduleActivity("a1", TimeSpan.FromSeconds(30)));
        var activity = await Client.NextActivityTaskAsync(run.TaskQueue);
        await Client.SignalAsync(run.WorkflowId);
        var task = await Client.NextWorkflowTaskAsync(run.TaskQueue);

        // The activity completes while the worker holds the task: the worker cannot know and asks to cancel it.
        await Client.CompleteActivityAsync(activity.TaskToken, "\"finished\"");
        await Client.CompleteWorkflowTaskAsync(task.TaskToken, WorkflowCommands.RequestCancelActivity(5));

        var history = await Client.GetHistoryAsync(run.WorkflowId, run.RunId);
        AssertEventTypes(history, [
            .. ScheduledActivityPrefix, EventType.WorkflowExecutionSignaled, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
            EventType.WorkflowTaskCompleted, EventType.ActivityTaskCancelRequested, EventType.ActivityTaskStarted, EventType.ActivityTaskCompleted,
            EventType.WorkflowTaskScheduled,
        ]);
        Assert.Equal(5, history[9].ActivityTaskCancelRequestedEventAttributes.ScheduledEventId);
        Assert.Equal(11, history[11].ActivityTaskCompletedEventAttributes.StartedEventId);
        Assert.Equal("\"finished\"", history[11].ActivityTaskCompletedEventAttributes.Result.Payloads_[0].Data.ToStringUtf8());
    }

    [Fact]
    public async Task RespondActivityTaskFailed_NonRetryableErrorType_FailsWithoutRetry()
    {
        var run = await StartAndPollAsync("non-retryable");
        await Client.CompleteWorkflowTaskAsync(run.Task.TaskToken, WorkflowCommands.ScheduleActivity("a1", TimeSpan.FromSeconds(30), WorkflowCommands.FastRetry(0, "FatalError")));
        var task = await Client.NextActivityTaskAsync(run.TaskQueue);

        await Client.FailActivityAsync(task.TaskToken, WorkflowCommands.ApplicationFailure("fatal", "FatalError"));

        var history = await Client.GetHistoryAsync(run.WorkflowId, run.RunId);
        AssertEventTypes(history, [.. ScheduledActivityPrefix, EventType.ActivityTaskStarted, EventType.ActivityTaskFailed, EventType.WorkflowTaskScheduled]);
        Assert.Equal(1, history[5].ActivityTaskStartedEventAttributes.Attempt);
        var failed = history[6].ActivityTaskFailedEventAttributes;
        Assert.Equal(RetryState.NonRetryableFailure, failed.RetryState);
        Assert.Equal("fatal", failed.Failure.Message);
        Assert.Equal(6, failed.StartedEventId);
    }

    [Fact]
    public async Task RespondActivityTaskFailed_MaximumAttemptsUsed_FailsWithMaximumAttemptsReached()
    {
        var run = await StartAndPollAsync("max-attempts");
        await Client.CompleteWorkflowTaskAsync(run.Task.TaskToken, WorkflowCommands.ScheduleActivity("a1", TimeSpan.FromSeconds(30), WorkflowCommands.FastRetry(2)));

        await Client.FailActivityAsync((await Client.NextActivityTaskAsync(run.TaskQueue)).TaskToken, WorkflowCommands.ApplicationFailure("first"));
        var second = await Client.NextActivityTaskAsync(run.TaskQueue);
        Assert.Equal(2, second.Attempt);
        await Client.FailActivityAsync(second.TaskToken, WorkflowCommands.ApplicationFailure("second"));

        var history = await Client.GetHistoryAsync(run.WorkflowId, run.RunId);
        AssertEventTypes(history, [.. ScheduledActivityPrefix, EventType.ActivityTaskStarted, EventType.ActivityTaskFailed, EventType.WorkflowTaskScheduled]);
        Assert.Equal(2, history[5].ActivityTaskStartedEventAttributes.Attempt);
        Assert.Equal("first", history[5].ActivityTaskStartedEventAttributes.LastFailure?.Message);
        Assert.Equal(RetryState.MaximumAttemptsReached, history[6].ActivityTaskFailedEventAttributes.RetryState);
        Assert.Equal("second", history[6].ActivityTaskFailedEventAttributes.Failure.Message);
    }

    [Fact]
    public async Task PollActivityTaskQueue_StartToCloseTimeoutWithOneAttempt_TimesOutActivity()
    {
        var run = await StartAndPollAsync("activity-timeout");
        await Client.CompleteWorkflowTaskAsync(run.Task.TaskToken, WorkflowCommands.ScheduleActivity("a1", TimeSpan.FromSeconds(1), WorkflowCommands.FastRetry(1)));
        var task = await Client.NextActivityTaskAsync(run.TaskQueue);

        var history = await Client.WaitForHistoryAsync(run.WorkflowId, run.RunId, h => HasEvent(h, EventType.ActivityTaskTimedOut));

        AssertEventTypes(history, [.. ScheduledActivityPrefix, EventType.ActivityTaskStarted, EventType.ActivityTaskTimedOut, EventType.WorkflowTaskScheduled]);
        var timedOut = history[6].ActivityTaskTimedOutEventAttributes;
        Assert.Equal(TimeoutType.StartToClose, timedOut.Failure.TimeoutFailureInfo?.TimeoutType);
        Assert.Equal(RetryState.MaximumAttemptsReached, timedOut.RetryState);
        Assert.Equal(5, timedOut.ScheduledEventId);
        Assert.Equal(6, timedOut.StartedEventId);

        // The worker's late answer finds nothing to complete.
        await AssertStatusAsync(StatusCode.NotFound, () => Client.CompleteActivityAsync(task.TaskToken));
    }

    [Fact]
    public async Task RecordActivityTaskHeartbeat_AfterRequestCancelActivityTask_ReturnsCancelRequested()
    {
        var run = await StartAndPollAsync("heartbeat-cancel");
        await Client.CompleteWorkflowTaskAsync(run.Task.TaskToken, WorkflowCommands.ScheduleActivity("a1", TimeSpan.FromSeconds(30), heartbeat: TimeSpan.FromSeconds(20)));
        var activity = await Client.NextActivityTaskAsync(run.TaskQueue);
        Assert.False((await Client.HeartbeatAsync(activity.TaskToken)).CancelRequested);

        await Client.SignalAsync(run.WorkflowId, "cancel-it");
        var second = await Client.NextWorkflowTaskAsync(run.TaskQueue);
        await Client.CompleteWorkflowTaskAsync(second.TaskToken, WorkflowCommands.RequestCancelActivity(5));

        Assert.True((await Client.HeartbeatAsync(activity.TaskToken)).CancelRequested);
        var describe = await Client.DescribeAsync(run.WorkflowId);
        Assert.Equal(PendingActivityState.CancelRequested, Assert.Single(describe.PendingActivities).State);
        await Client.CancelActivityAsync(activity.TaskToken);

        var history = await Client.GetHistoryAsync(run.WorkflowId, run.RunId);
        AssertEventTypes(
            history,
            [.. ScheduledActivityPrefix, EventType.WorkflowExecutionSignaled, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
            EventType.WorkflowTaskCompleted, EventType.ActivityTaskCancelRequested, EventType.ActivityTaskStarted, EventType.ActivityTaskCanceled,
            EventType.WorkflowTaskScheduled]);
        Assert.Equal(1, history[10].ActivityTaskStartedEventAttributes.Attempt);
        var canceled = history[11].ActivityTaskCanceledEventAttributes;
        Assert.Equal(10, canceled.LatestCancelRequestedEventId);
        Assert.Equal(5, canceled.ScheduledEventId);
        Assert.Equal(11, canceled.StartedEventId);
        Assert.Equal("\"cancelled\"", canceled.Details.Payloads_[0].Data.ToStringUtf8());
    }

    [Fact]
    public async Task RespondWorkflowTaskCompleted_RequestCancelNotStartedActivity_CancelsAtOnce()
    {
        var run = await StartAndPollAsync("cancel-unstarted");
        await Client.CompleteWorkflowTaskAsync(run.Task.TaskToken, WorkflowCommands.ScheduleActivity("a1", TimeSpan.FromSeconds(30)));
        await Client.SignalAsync(run.WorkflowId, "cancel-it");
        var second = await Client.NextWorkflowTaskAsync(run.TaskQueue);

        await Client.CompleteWorkflowTaskAsync(second.TaskToken, WorkflowCommands.RequestCancelActivity(5));

        var history = await Client.GetHistoryAsync(run.WorkflowId, run.RunId);
        AssertEventTypes(
            history,
            [.. ScheduledActivityPrefix, EventType.WorkflowExecutionSignaled, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
            EventType.WorkflowTaskCompleted, EventType.ActivityTaskCancelRequested, EventType.ActivityTaskCanceled, EventType.WorkflowTaskScheduled]);
        Assert.Equal(9, history[9].ActivityTaskCancelRequestedEventAttributes.WorkflowTaskCompletedEventId);
        var canceled = history[10].ActivityTaskCanceledEventAttributes;
        Assert.Equal(10, canceled.LatestCancelRequestedEventId);
        Assert.Equal(5, canceled.ScheduledEventId);
        Assert.Equal(0, canceled.StartedEventId);
        Assert.Empty((await Client.DescribeAsync(run.WorkflowId)).PendingActivities);

        // The queued attempt is gone: a worker polling now gets nothing.
        Assert.True((await Client.PollActivityTaskAsync(run.TaskQueue, TimeSpan.FromSeconds(2.5))).TaskToken.IsEmpty);
    }
}
