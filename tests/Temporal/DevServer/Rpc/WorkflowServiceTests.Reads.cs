using System.Text;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

/// <summary>Reads: history paging and long polls, describe, list and count.</summary>
public sealed partial class WorkflowServiceTests
{
    [Fact]
    public async Task GetWorkflowExecutionHistory_PageSizeTwo_ReturnsAllEventsInPages()
    {
        var run = await StartAndPollAsync("paging");
        await Client.CompleteWorkflowTaskAsync(run.Task.TaskToken, WorkflowCommands.StartTimer("1", TimeSpan.FromHours(1)));
        var expected = await Client.GetHistoryAsync(run.WorkflowId, run.RunId);
        Assert.Equal(5, expected.Count);

        var pages = new List<int>();
        var events = new List<HistoryEvent>();
        var token = ByteString.Empty;
        do
        {
            var page = await Client.GetHistoryPageAsync(new GetWorkflowExecutionHistoryRequest
            {
                Execution = new WorkflowExecution { WorkflowId = run.WorkflowId },
                MaximumPageSize = 2,
                NextPageToken = token,
            });
            pages.Add(page.History.Events.Count);
            events.AddRange(page.History.Events);
            token = page.NextPageToken;
        }
        while (!token.IsEmpty);

        Assert.Equal([2, 2, 1], pages);
        Assert.Equal(expected.Select(e => e.EventId), events.Select(e => e.EventId));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (long)i), events.Select(e => e.EventId));
    }

    [Fact]
    public async Task GetWorkflowExecutionHistory_WaitForCloseEvent_ReturnsOnlyTheCloseEventOnceClosed()
    {
        var run = await StartAndPollAsync("wait-close");
        var waiting = Client.GetHistoryPageAsync(new GetWorkflowExecutionHistoryRequest
        {
            Execution = new WorkflowExecution { WorkflowId = run.WorkflowId, RunId = run.RunId },
            WaitNewEvent = true,
            HistoryEventFilterType = HistoryEventFilterType.CloseEvent,
            SkipArchival = true,
        });

        // While the run is open the long poll holds on.
        Assert.Equal(WorkflowExecutionStatus.Running, (await Client.DescribeAsync(run.WorkflowId)).WorkflowExecutionInfo.Status);
        Assert.False(waiting.IsCompleted);
        await Client.CompleteWorkflowTaskAsync(run.Task.TaskToken, WorkflowCommands.CompleteWorkflow("\"result\""));

        var response = await waiting;
        var close = Assert.Single(response.History.Events);
        Assert.Equal(EventType.WorkflowExecutionCompleted, close.EventType);
        Assert.Equal(5, close.EventId);
        Assert.Equal("\"result\"", close.WorkflowExecutionCompletedEventAttributes.Result.Payloads_[0].Data.ToStringUtf8());
        Assert.Equal(4, close.WorkflowExecutionCompletedEventAttributes.WorkflowTaskCompletedEventId);
        Assert.True(response.NextPageToken.IsEmpty);
    }

    [Fact]
    public async Task DescribeWorkflowExecution_PendingTaskAndActivity_ShowsStateAndAttempt()
    {
        var workflowId = Names.Unique("describe");
        var taskQueue = Names.Unique("tq");
        await Client.StartAsync(workflowId, taskQueue);
        var scheduled = (await Client.DescribeAsync(workflowId)).PendingWorkflowTask;
        Assert.Equal(PendingWorkflowTaskState.Scheduled, scheduled.State);
        Assert.Equal(1, scheduled.Attempt);

        var task = await Client.NextWorkflowTaskAsync(taskQueue);
        var startedTask = (await Client.DescribeAsync(workflowId)).PendingWorkflowTask;
        Assert.Equal(PendingWorkflowTaskState.Started, startedTask.State);
        Assert.NotNull(startedTask.StartedTime);

        await Client.CompleteWorkflowTaskAsync(task.TaskToken, WorkflowCommands.ScheduleActivity("a1", TimeSpan.FromSeconds(30), WorkflowCommands.FastRetry(5)));
        var queued = await Client.DescribeAsync(workflowId);
        Assert.Null(queued.PendingWorkflowTask);
        var pending = Assert.Single(queued.PendingActivities);
        Assert.Equal("a1", pending.ActivityId);
        Assert.Equal(PendingActivityState.Scheduled, pending.State);
        Assert.Equal(1, pending.Attempt);
        Assert.Equal(5, pending.MaximumAttempts);

        await Client.FailActivityAsync((await Client.NextActivityTaskAsync(taskQueue)).TaskToken, WorkflowCommands.ApplicationFailure("boom"));
        var retrying = Assert.Single((await Client.DescribeAsync(workflowId)).PendingActivities);
        Assert.Equal(2, retrying.Attempt);
        Assert.Equal("boom", retrying.LastFailure?.Message);
        Assert.Equal(WorkflowServiceClient.Identity, retrying.LastWorkerIdentity);

        var second = await Client.NextActivityTaskAsync(taskQueue);
        var running = Assert.Single((await Client.DescribeAsync(workflowId)).PendingActivities);
        Assert.Equal(PendingActivityState.Started, running.State);
        Assert.Equal(2, running.Attempt);
        Assert.NotNull(running.LastStartedTime);
        await Client.CompleteActivityAsync(second.TaskToken);
    }

    [Fact]
    public async Task ListAndCountWorkflowExecutions_TypeAndStatusQuery_MatchOnlyThoseRuns()
    {
        var type = "ListedWorkflow" + Guid.NewGuid().ToString("N");
        var taskQueue = Names.Unique("tq");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = Names.Unique("listed");
            ids.Add(id);
            await Client.StartAsync(id, taskQueue, r => r.WorkflowType.Name = type);
        }

        for (var i = 0; i < 2; i++)
        {
            var task = await Client.NextWorkflowTaskAsync(taskQueue);
            await Client.CompleteWorkflowTaskAsync(task.TaskToken, WorkflowCommands.CompleteWorkflow());
        }

        var list = await Client.ListAsync($"WorkflowType = '{type}' AND ExecutionStatus = 'Completed'");
        var count = await Client.CountAsync($"WorkflowType = '{type}' GROUP BY ExecutionStatus");

        Assert.Equal(2, list.Executions.Count);
        Assert.All(list.Executions, e =>
        {
            Assert.Equal(WorkflowExecutionStatus.Completed, e.Status);
            Assert.Equal(type, e.Type.Name);
            Assert.Contains(e.Execution.WorkflowId, ids);
            Assert.NotNull(e.CloseTime);
            Assert.Equal(taskQueue, e.TaskQueue);
        });
        Assert.Equal(3, count.Count);
        var groups = count.Groups.ToDictionary(g => Encoding.UTF8.GetString(g.GroupValues.Single().Data.Span), g => g.Count);
        Assert.Equal(2, groups.Count);
        Assert.Equal(1, groups["\"Running\""]);
        Assert.Equal(2, groups["\"Completed\""]);
    }
}
