using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using WorkflowExecution = Temporalio.Api.Common.V1.WorkflowExecution;

namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

/// <summary>Sticky execution played by hand: partial histories on the sticky queue and every way back to the normal one.</summary>
public sealed partial class WorkflowServiceTests
{
    private static readonly TimeSpan LongStickyTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task PollStickyQueue_AfterStickyCompletion_DeliversHistoryAfterPreviousStartedEvent()
    {
        var run = await StartAndPollAsync("sticky-partial");
        var sticky = Names.Unique("sticky-partial-worker");
        await MarkStickyQueuePolledAsync(sticky);
        await Client.CompleteWorkflowTaskAsync(StickyCompletion(run, sticky, LongStickyTimeout, WorkflowCommands.ScheduleActivity("a1", TimeSpan.FromSeconds(30))));
        var activity = await Client.NextActivityTaskAsync(run.TaskQueue);
        await Client.CompleteActivityAsync(activity.TaskToken);

        var task = await PollStickyAsync(sticky, run.TaskQueue);

        Assert.False(task.TaskToken.IsEmpty, "No task arrived on the sticky queue.");
        Assert.Equal(3, task.PreviousStartedEventId);
        Assert.Equal(task.PreviousStartedEventId + 1, task.History.Events[0].EventId);
        AssertEventTypes(
            task.History.Events,
            EventType.WorkflowTaskCompleted,
            EventType.ActivityTaskScheduled,
            EventType.ActivityTaskStarted,
            EventType.ActivityTaskCompleted,
            EventType.WorkflowTaskScheduled,
            EventType.WorkflowTaskStarted);
        Assert.Equal(task.StartedEventId, task.History.Events[^1].EventId);
        var scheduledOn = task.History.Events[^2].WorkflowTaskScheduledEventAttributes.TaskQueue;
        Assert.Equal((sticky, TaskQueueKind.Sticky, run.TaskQueue), (scheduledOn.Name, scheduledOn.Kind, scheduledOn.NormalName));

        await Client.CompleteWorkflowTaskAsync(task.TaskToken, WorkflowCommands.CompleteWorkflow());
        var history = await Client.GetHistoryAsync(run.WorkflowId);
        Assert.Equal(EventType.WorkflowExecutionCompleted, history[^1].EventType);
    }

    [Fact]
    public async Task PollNormalQueue_StickyWorkerNeverPolls_GetsTaskAfterScheduleToStartTimeoutWithFullHistory()
    {
        var run = await StartAndPollAsync("sticky-timeout");
        var sticky = Names.Unique("sticky-timeout-worker");
        await MarkStickyQueuePolledAsync(sticky);
        var completion = StickyCompletion(run, sticky, TimeSpan.FromSeconds(1));
        completion.ForceCreateNewWorkflowTask = true;
        await Client.CompleteWorkflowTaskAsync(completion);

        var task = await Client.NextWorkflowTaskAsync(run.TaskQueue);

        Assert.Equal(1, task.History.Events[0].EventId);
        AssertEventTypes(
            task.History.Events.Skip(3),
            EventType.WorkflowTaskCompleted,
            EventType.WorkflowTaskScheduled,
            EventType.WorkflowTaskTimedOut,
            EventType.WorkflowTaskScheduled,
            EventType.WorkflowTaskStarted);
        var timedOut = task.History.Events[5].WorkflowTaskTimedOutEventAttributes;
        Assert.Equal((TimeoutType.ScheduleToStart, 5L, 0L), (timedOut.TimeoutType, timedOut.ScheduledEventId, timedOut.StartedEventId));
        var retried = task.History.Events[6].WorkflowTaskScheduledEventAttributes;
        Assert.Equal((run.TaskQueue, TaskQueueKind.Normal, 1), (retried.TaskQueue.Name, retried.TaskQueue.Kind, retried.Attempt));
    }

    [Fact]
    public async Task PollNormalQueue_StickyQueueNeverPolled_GetsTaskAtOnceWithFullHistory()
    {
        var run = await StartAndPollAsync("sticky-unavailable");
        var completion = StickyCompletion(run, Names.Unique("sticky-unavailable-worker"), LongStickyTimeout);
        completion.ForceCreateNewWorkflowTask = true;
        await Client.CompleteWorkflowTaskAsync(completion);

        var task = await Client.PollWorkflowTaskAsync(run.TaskQueue, TimeSpan.FromSeconds(5));

        Assert.False(task.TaskToken.IsEmpty, "The task did not go to the normal queue while no sticky worker polls.");
        Assert.Equal(1, task.History.Events[0].EventId);
        Assert.DoesNotContain(task.History.Events, e => e.EventType == EventType.WorkflowTaskTimedOut);
    }

    [Fact]
    public async Task ResetStickyTaskQueue_TaskWaitingOnStickyQueue_MovesToNormalQueueAtOnce()
    {
        var run = await StartAndPollAsync("sticky-reset");
        var sticky = Names.Unique("sticky-reset-worker");
        await ScheduleTaskOnStickyQueueAsync(run, sticky);

        await Client.Connection.WorkflowService.ResetStickyTaskQueueAsync(new ResetStickyTaskQueueRequest
        {
            Namespace = Client.Namespace,
            Execution = new WorkflowExecution { WorkflowId = run.WorkflowId, RunId = run.RunId },
        });
        var task = await Client.PollWorkflowTaskAsync(run.TaskQueue, TimeSpan.FromSeconds(5));
        var stale = await PollStickyAsync(sticky, run.TaskQueue, TimeSpan.FromSeconds(2));

        Assert.False(task.TaskToken.IsEmpty, "The reset did not move the task to the normal queue.");
        Assert.Equal(1, task.History.Events[0].EventId);
        Assert.DoesNotContain(task.History.Events, e => e.EventType == EventType.WorkflowTaskTimedOut);
        Assert.True(stale.TaskToken.IsEmpty, "The sticky queue still handed out the moved task.");
    }

    [Fact]
    public async Task ResetStickyTaskQueue_ClosedRun_IsNotFound()
    {
        var run = await StartAndPollAsync("sticky-reset-closed");
        await Client.CompleteWorkflowTaskAsync(run.Task.TaskToken, WorkflowCommands.CompleteWorkflow());

        await AssertStatusAsync(Temporalio.Exceptions.RpcException.StatusCode.NotFound, () => Client.Connection.WorkflowService.ResetStickyTaskQueueAsync(new ResetStickyTaskQueueRequest
        {
            Namespace = Client.Namespace,
            Execution = new WorkflowExecution { WorkflowId = run.WorkflowId },
        }));
    }

    [Fact]
    public async Task ShutdownWorker_NamingItsStickyQueue_MovesWaitingTaskToNormalQueueAtOnce()
    {
        var run = await StartAndPollAsync("sticky-shutdown");
        var sticky = Names.Unique("sticky-shutdown-worker");
        await ScheduleTaskOnStickyQueueAsync(run, sticky);

        await Client.Connection.WorkflowService.ShutdownWorkerAsync(new ShutdownWorkerRequest
        {
            Namespace = Client.Namespace,
            StickyTaskQueue = sticky,
            Identity = WorkflowServiceClient.Identity,
            Reason = "test",
        });
        var task = await Client.PollWorkflowTaskAsync(run.TaskQueue, TimeSpan.FromSeconds(5));

        Assert.False(task.TaskToken.IsEmpty, "ShutdownWorker did not move the task to the normal queue.");
        Assert.Equal(1, task.History.Events[0].EventId);
        Assert.DoesNotContain(task.History.Events, e => e.EventType == EventType.WorkflowTaskTimedOut);
    }

    [Fact]
    public async Task RespondWorkflowTaskCompleted_ReturnNewWorkflowTask_StartsNextTaskInlineWithPartialHistory()
    {
        var run = await StartAndPollAsync("sticky-inline");
        var completion = StickyCompletion(run, Names.Unique("sticky-inline-worker"), LongStickyTimeout, WorkflowCommands.StartTimer("t1", TimeSpan.FromHours(1)));
        completion.ForceCreateNewWorkflowTask = true;
        completion.ReturnNewWorkflowTask = true;

        var response = await Client.CompleteWorkflowTaskAsync(completion);

        var next = response.WorkflowTask;
        Assert.NotNull(next);
        Assert.Equal(3, next.PreviousStartedEventId);
        AssertEventTypes(next.History.Events, EventType.WorkflowTaskCompleted, EventType.TimerStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted);
        Assert.Equal("request-from-RespondWorkflowTaskCompleted", next.History.Events[^1].WorkflowTaskStartedEventAttributes.RequestId);
        await Client.CompleteWorkflowTaskAsync(next.TaskToken, WorkflowCommands.CompleteWorkflow());
        var history = await Client.GetHistoryAsync(run.WorkflowId);
        Assert.Equal(EventType.WorkflowExecutionCompleted, history[^1].EventType);
    }

    [Fact]
    public async Task QueryWorkflow_StickyRun_QueryTaskOnStickyQueueWithoutHistory()
    {
        var run = await StartAndPollAsync("sticky-query");
        var sticky = Names.Unique("sticky-query-worker");
        await MarkStickyQueuePolledAsync(sticky);
        await Client.CompleteWorkflowTaskAsync(StickyCompletion(run, sticky, LongStickyTimeout, WorkflowCommands.StartTimer("t1", TimeSpan.FromHours(1))));

        var query = Client.QueryAsync(run.WorkflowId, deadline: TimeSpan.FromSeconds(20));
        var task = await PollStickyAsync(sticky, run.TaskQueue);
        Assert.NotNull(task.Query);
        Assert.Empty(task.History.Events);
        await Client.RespondQueryTaskAsync(task.TaskToken, "\"sticky answer\"");

        var answer = await query;
        Assert.Equal("\"sticky answer\"", answer.QueryResult.Payloads_[0].Data.ToStringUtf8());
    }

    [Fact]
    public async Task RespondWorkflowTaskFailed_OnStickyQueue_RetriesOnNormalQueueAtAttemptOneWithFullHistory()
    {
        var run = await StartAndPollAsync("sticky-fail");
        var sticky = Names.Unique("sticky-fail-worker");
        var onSticky = await ScheduleTaskOnStickyQueueAsync(run, sticky);
        var task = await PollStickyAsync(sticky, run.TaskQueue);
        Assert.Equal(onSticky, task.History.Events[^2].EventId);

        await Client.FailWorkflowTaskAsync(task.TaskToken, WorkflowCommands.ApplicationFailure("boom"));
        var retry = await Client.PollWorkflowTaskAsync(run.TaskQueue, TimeSpan.FromSeconds(5));

        Assert.False(retry.TaskToken.IsEmpty, "The failed sticky task was not retried on the normal queue.");
        Assert.Equal(1, retry.History.Events[0].EventId);
        Assert.Equal(1, retry.Attempt);
        Assert.Equal(TaskQueueKind.Normal, retry.History.Events[^2].WorkflowTaskScheduledEventAttributes.TaskQueue.Kind);
    }

    private static RespondWorkflowTaskCompletedRequest StickyCompletion(Started run, string stickyQueue, TimeSpan scheduleToStart, params Temporalio.Api.Command.V1.Command[] commands)
    {
        var request = new RespondWorkflowTaskCompletedRequest
        {
            TaskToken = run.Task.TaskToken,
            Identity = WorkflowServiceClient.Identity,
            StickyAttributes = new StickyExecutionAttributes
            {
                WorkerTaskQueue = new TaskQueue { Name = stickyQueue, Kind = TaskQueueKind.Sticky, NormalName = run.TaskQueue },
                ScheduleToStartTimeout = Duration.FromTimeSpan(scheduleToStart),
            },
        };
        request.Commands.Add(commands);
        return request;
    }

    /// <summary>Completes the first task sticky with a forced new task, which then waits on the sticky queue; returns its scheduled event id.</summary>
    private async Task<long> ScheduleTaskOnStickyQueueAsync(Started run, string stickyQueue)
    {
        await MarkStickyQueuePolledAsync(stickyQueue);
        var completion = StickyCompletion(run, stickyQueue, LongStickyTimeout);
        completion.ForceCreateNewWorkflowTask = true;
        await Client.CompleteWorkflowTaskAsync(completion);
        var history = await Client.GetHistoryAsync(run.WorkflowId);
        var scheduled = history[^1];
        Assert.Equal(EventType.WorkflowTaskScheduled, scheduled.EventType);
        Assert.Equal(TaskQueueKind.Sticky, scheduled.WorkflowTaskScheduledEventAttributes.TaskQueue.Kind);
        return scheduled.EventId;
    }

    /// <summary>A short empty poll, so the server counts the sticky worker as present (it polled within the last 10 s).</summary>
    private async Task MarkStickyQueuePolledAsync(string stickyQueue)
    {
        var empty = await PollStickyAsync(stickyQueue, "unused", TimeSpan.FromSeconds(1.2));
        Assert.True(empty.TaskToken.IsEmpty);
    }

    private Task<PollWorkflowTaskQueueResponse> PollStickyAsync(string stickyQueue, string normalQueue, TimeSpan? deadline = null) =>
        Client.Connection.WorkflowService.PollWorkflowTaskQueueAsync(
            new PollWorkflowTaskQueueRequest
            {
                Namespace = Client.Namespace,
                TaskQueue = new TaskQueue { Name = stickyQueue, Kind = TaskQueueKind.Sticky, NormalName = normalQueue },
                Identity = WorkflowServiceClient.Identity,
            },
            new RpcOptions { Timeout = deadline ?? WorkflowServiceClient.PollDeadline });
}
