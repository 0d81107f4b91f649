using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using StatusCode = Temporalio.Exceptions.RpcException.StatusCode;

namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

/// <summary>Timers and the workflow task's own start-to-close timeout.</summary>
public sealed partial class WorkflowServiceTests
{
    [Fact]
    public async Task StartTimer_TimeoutPasses_WritesTimerFiredAndNewTask()
    {
        var run = await StartAndPollAsync("timer");

        await Client.CompleteWorkflowTaskAsync(run.Task.TaskToken, WorkflowCommands.StartTimer("1", TimeSpan.FromSeconds(1)));

        var history = await Client.WaitForHistoryAsync(run.WorkflowId, run.RunId, h => HasEvent(h, EventType.TimerFired));
        AssertEventTypes(
            history,
            EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
            EventType.WorkflowTaskCompleted, EventType.TimerStarted, EventType.TimerFired, EventType.WorkflowTaskScheduled);
        Assert.Equal("1", history[4].TimerStartedEventAttributes.TimerId);
        Assert.Equal(4, history[4].TimerStartedEventAttributes.WorkflowTaskCompletedEventId);
        Assert.Equal("1", history[5].TimerFiredEventAttributes.TimerId);
        Assert.Equal(5, history[5].TimerFiredEventAttributes.StartedEventId);
        Assert.True(history[5].EventTime.ToDateTimeOffset() - history[4].EventTime.ToDateTimeOffset() >= TimeSpan.FromSeconds(0.9));
    }

    [Fact]
    public async Task CancelTimer_PendingTimer_WritesTimerCanceledAndNoNewTask()
    {
        var run = await StartAndPollAsync("cancel-timer");
        await Client.CompleteWorkflowTaskAsync(run.Task.TaskToken, WorkflowCommands.StartTimer("1", TimeSpan.FromHours(1)));
        await Client.SignalAsync(run.WorkflowId, "stop-waiting");
        var second = await Client.NextWorkflowTaskAsync(run.TaskQueue);

        await Client.CompleteWorkflowTaskAsync(second.TaskToken, WorkflowCommands.CancelTimer("1"));

        var history = await Client.GetHistoryAsync(run.WorkflowId, run.RunId);
        AssertEventTypes(
            history,
            EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
            EventType.WorkflowTaskCompleted, EventType.TimerStarted, EventType.WorkflowExecutionSignaled,
            EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted, EventType.WorkflowTaskCompleted, EventType.TimerCanceled);
        var canceled = history[9].TimerCanceledEventAttributes;
        Assert.Equal("1", canceled.TimerId);
        Assert.Equal(5, canceled.StartedEventId);
        Assert.Equal(9, canceled.WorkflowTaskCompletedEventId);
        Assert.Null((await Client.DescribeAsync(run.WorkflowId)).PendingWorkflowTask);
    }

    [Fact]
    public async Task PollWorkflowTaskQueue_TaskNotAnsweredWithinTimeout_TimesOutAndRetriesWithAttemptTwo()
    {
        var run = await StartAndPollAsync("wft-timeout", r => r.WorkflowTaskTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)));

        var history = await Client.WaitForHistoryAsync(run.WorkflowId, run.RunId, h => HasEvent(h, EventType.WorkflowTaskTimedOut));

        // The retry is transient, as on Temporal: not in history until it completes.
        AssertEventTypes(
            history,
            EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
            EventType.WorkflowTaskTimedOut);
        var timedOut = history[3].WorkflowTaskTimedOutEventAttributes;
        Assert.Equal(2, timedOut.ScheduledEventId);
        Assert.Equal(3, timedOut.StartedEventId);
        Assert.Equal(TimeoutType.StartToClose, timedOut.TimeoutType);

        var retry = await Client.NextWorkflowTaskAsync(run.TaskQueue);
        Assert.Equal(2, retry.Attempt);
        Assert.Equal(0, retry.PreviousStartedEventId);
        Assert.Equal(6, retry.StartedEventId);
        Assert.Equal(2, retry.History.Events[4].WorkflowTaskScheduledEventAttributes.Attempt);
        await AssertStatusAsync(StatusCode.NotFound, () => Client.CompleteWorkflowTaskAsync(run.Task.TaskToken, WorkflowCommands.CompleteWorkflow()));
        await Client.CompleteWorkflowTaskAsync(retry.TaskToken, WorkflowCommands.CompleteWorkflow());
        Assert.Equal(WorkflowExecutionStatus.Completed, (await Client.DescribeAsync(run.WorkflowId)).WorkflowExecutionInfo.Status);
        history = await Client.WaitForHistoryAsync(run.WorkflowId, run.RunId, h => HasEvent(h, EventType.WorkflowExecutionCompleted));
        AssertEventTypes(
            history,
            EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
            EventType.WorkflowTaskTimedOut, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
            EventType.WorkflowTaskCompleted, EventType.WorkflowExecutionCompleted);
        Assert.Equal(2, history[4].WorkflowTaskScheduledEventAttributes.Attempt);
    }

    [Fact]
    public async Task PollWorkflowTaskQueue_NoTaskWithinThreeSecondDeadline_ReturnsEmptyResponseBeforeDeadline()
    {
        var started = DateTimeOffset.UtcNow;

        var response = await Client.PollWorkflowTaskAsync(Names.Unique("idle-tq"), TimeSpan.FromSeconds(3));

        var elapsed = DateTimeOffset.UtcNow - started;
        Assert.True(response.TaskToken.IsEmpty);
        Assert.Null(response.WorkflowExecution);
        Assert.True(elapsed < TimeSpan.FromSeconds(3), $"The poll took {elapsed}.");
        Assert.True(elapsed >= TimeSpan.FromSeconds(1), $"The poll returned early, after {elapsed}.");
    }
}
