using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using StatusCode = Temporalio.Exceptions.RpcException.StatusCode;
using TaskQueue = Temporalio.Api.TaskQueue.V1.TaskQueue;

namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

#pragma warning disable CS0612 // task_queue_status is deprecated in the API but still served; the tests check it.

/// <summary>DescribeTaskQueue (legacy mode) over real gRPC: pollers per task type with identity and last access time, and the backlog.</summary>
[Collection(DevServerCollection.Name)]
public sealed class DescribeTaskQueueTests(DevServerFixture fixture)
{
    private WorkflowService Service => fixture.Client.Connection.WorkflowService;

    [Fact]
    public async Task DescribeTaskQueue_AfterPollsAndStarts_ReportsPollersPerTypeAndBacklog()
    {
        var taskQueue = Names.Unique("describe-tq");
        var before = DateTime.UtcNow.AddSeconds(-1);

        // A workflow poll that takes a task (so it returns at once), then an activity poll that finds none.
        await fixture.Client.StartAsync(Names.Unique("wf"), taskQueue);
        await fixture.Client.NextWorkflowTaskAsync(taskQueue);
        await fixture.Client.PollActivityTaskAsync(taskQueue, TimeSpan.FromSeconds(2));
        await fixture.Client.StartAsync(Names.Unique("wf"), taskQueue);
        await fixture.Client.StartAsync(Names.Unique("wf"), taskQueue);

        var workflow = await DescribeAsync(taskQueue, TaskQueueType.Unspecified);
        var poller = Assert.Single(workflow.Pollers);
        Assert.Equal(WorkflowServiceClient.Identity, poller.Identity);
        Assert.InRange(poller.LastAccessTime.ToDateTime(), before, DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(100_000, poller.RatePerSecond);
        Assert.Equal(2, workflow.TaskQueueStatus.BacklogCountHint);
        Assert.Equal(2, workflow.Stats.ApproximateBacklogCount);

        var activity = await DescribeAsync(taskQueue, TaskQueueType.Activity);
        Assert.Equal(WorkflowServiceClient.Identity, Assert.Single(activity.Pollers).Identity);
        Assert.Equal(0, activity.TaskQueueStatus.BacklogCountHint);

        Assert.Empty((await DescribeAsync(Names.Unique("idle-tq"), TaskQueueType.Workflow)).Pollers);
    }

    [Fact]
    public async Task DescribeTaskQueue_BadInput_AnsweredAsTemporal()
    {
        var noQueue = await Assert.ThrowsAsync<RpcException>(() => Service.DescribeTaskQueueAsync(new DescribeTaskQueueRequest { Namespace = "default" }, Options()));
        Assert.Equal(StatusCode.InvalidArgument, noQueue.Code);

        var missing = Names.Unique("missing-ns");
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Service.DescribeTaskQueueAsync(
            new DescribeTaskQueueRequest { Namespace = missing, TaskQueue = new TaskQueue { Name = "tq" } }, Options()));
        Assert.Equal(StatusCode.NotFound, unknown.Code);
        Assert.Equal($"Namespace {missing} is not found.", unknown.Message);
    }

    private static RpcOptions Options() => new() { Timeout = TimeSpan.FromSeconds(30) };

    private Task<DescribeTaskQueueResponse> DescribeAsync(string taskQueue, TaskQueueType type) =>
        Service.DescribeTaskQueueAsync(
            new DescribeTaskQueueRequest
            {
                Namespace = "default",
                TaskQueue = new TaskQueue { Name = taskQueue, Kind = TaskQueueKind.Normal },
                TaskQueueType = type,
                IncludeTaskQueueStatus = true,
                ReportStats = true,
            },
            Options());
}
