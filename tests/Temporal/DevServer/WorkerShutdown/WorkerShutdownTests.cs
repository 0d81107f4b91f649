using System.Diagnostics;
using ContentFlows.Temporal.DevServer.Tests.Rpc;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;

namespace ContentFlows.Temporal.DevServer.Tests.WorkerShutdown;

/// <summary>
/// Namespace capabilities, ShutdownWorker completing a worker's polls, eager activities and activity timeout order,
/// played over real gRPC as sdk-core plays them (worker instance key on every poll, ShutdownWorker per queue).
/// </summary>
public sealed class WorkerShutdownTests
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(30);

    /// <summary>A poll ShutdownWorker completed answers within this; an uncompleted one waits out its 30 s.</summary>
    private static readonly TimeSpan CompletedPollBudget = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task DescribeNamespace_Default_AdvertisesPollCompleteOnShutdownAndUpdates()
    {
        await using var host = await DevServerHost.StartAsync(new DevServerOptions("127.0.0.1:0") { UiAddress = "off" });
        var client = await WorkflowServiceClient.ConnectAsync(host);

        var info = (await client.DescribeNamespaceAsync()).NamespaceInfo;

        Assert.True(info.Capabilities.WorkerPollCompleteOnShutdown);
        Assert.True(info.Capabilities.SyncUpdate);
        Assert.True(info.Capabilities.AsyncUpdate);
        Assert.False(info.Capabilities.EagerWorkflowStart);
        Assert.Equal(2 * 1024 * 1024, info.Limits.BlobSizeLimitError);
    }

    [Fact]
    public async Task DescribeNamespace_CancelPollsDisabledByDynamicConfig_DoesNotAdvertiseIt()
    {
        var options = new DevServerOptions("127.0.0.1:0") { UiAddress = "off" };
        options.DynamicConfigValues["frontend.enableCancelWorkerPollsOnShutdown"] = "false";
        await using var host = await DevServerHost.StartAsync(options);
        var client = await WorkflowServiceClient.ConnectAsync(host);

        var info = (await client.DescribeNamespaceAsync()).NamespaceInfo;

        Assert.False(info.Capabilities.WorkerPollCompleteOnShutdown);
    }

    [Fact]
    public async Task ShutdownWorker_OutstandingPolls_CompletesThatWorkersPollsOnThatQueueOnly()
    {
        await using var host = await DevServerHost.StartAsync(new DevServerOptions("127.0.0.1:0") { UiAddress = "off" });
        var client = await WorkflowServiceClient.ConnectAsync(host);
        var service = client.Connection.WorkflowService;
        var queue = Names.Unique("shutdown-queue");
        var worker = Guid.NewGuid().ToString();

        // sdk-core first shuts down its worker-commands queue under the same key: the worker's own polls go on.
        var firstPoll = service.PollWorkflowTaskQueueAsync(WorkflowPoll(queue, worker), new() { Timeout = LongPoll });
        await service.ShutdownWorkerAsync(new ShutdownWorkerRequest { Namespace = "default", WorkerInstanceKey = worker, TaskQueue = Names.Unique("worker-commands"), TaskQueueTypes = { TaskQueueType.Nexus } });
        await client.StartAsync(Names.Unique("before-shutdown"), queue);
        Assert.False((await firstPoll.WaitAsync(LongPoll)).TaskToken.IsEmpty, "a shutdown of another queue ended the worker's poll");

        var workflowPoll = service.PollWorkflowTaskQueueAsync(WorkflowPoll(queue, worker), new() { Timeout = LongPoll });
        var activityPoll = service.PollActivityTaskQueueAsync(new PollActivityTaskQueueRequest { Namespace = "default", TaskQueue = new TaskQueue { Name = queue }, Identity = "w", WorkerInstanceKey = worker }, new() { Timeout = LongPoll });
        var otherWorkersPoll = service.PollWorkflowTaskQueueAsync(WorkflowPoll(queue, Guid.NewGuid().ToString()), new() { Timeout = LongPoll });
        var wall = Stopwatch.StartNew();
        await service.ShutdownWorkerAsync(new ShutdownWorkerRequest { Namespace = "default", WorkerInstanceKey = worker, TaskQueue = queue, Identity = "w", Reason = "graceful shutdown" });

        var workflowAnswer = await workflowPoll.WaitAsync(CompletedPollBudget);
        var activityAnswer = await activityPoll.WaitAsync(CompletedPollBudget);

        Assert.True(workflowAnswer.TaskToken.IsEmpty && activityAnswer.TaskToken.IsEmpty, "a completed poll carried a task");
        Assert.True(wall.Elapsed < CompletedPollBudget, $"the polls completed only after {wall.Elapsed}");
        Assert.False(otherWorkersPoll.IsCompleted, "another worker's poll was completed too");

        // A late poll of the shut-down worker answers at once; the next task goes to the live worker.
        var late = await service.PollWorkflowTaskQueueAsync(WorkflowPoll(queue, worker), new() { Timeout = LongPoll }).WaitAsync(CompletedPollBudget);
        Assert.True(late.TaskToken.IsEmpty);
        await client.StartAsync(Names.Unique("after-shutdown"), queue);
        Assert.False((await otherWorkersPoll.WaitAsync(LongPoll)).TaskToken.IsEmpty, "the live worker's poll got no task");
    }

    [Fact]
    public async Task RespondWorkflowTaskCompleted_EagerActivityOnOwnQueue_StartsItInTheAnswer()
    {
        await using var host = await DevServerHost.StartAsync(new DevServerOptions("127.0.0.1:0") { UiAddress = "off" });
        var client = await WorkflowServiceClient.ConnectAsync(host);
        var queue = Names.Unique("eager-queue");
        var workflowId = Names.Unique("eager");
        await client.StartAsync(workflowId, queue);
        var task = await client.NextWorkflowTaskAsync(queue);
        var schedule = WorkflowCommands.ScheduleActivity("eager-1", TimeSpan.FromSeconds(30));
        schedule.ScheduleActivityTaskCommandAttributes.RequestEagerExecution = true;

        var answer = await client.CompleteWorkflowTaskAsync(task.TaskToken, schedule);

        var eager = Assert.Single(answer.ActivityTasks);
        Assert.Equal("eager-1", eager.ActivityId);
        Assert.True((await client.PollActivityTaskAsync(queue, TimeSpan.FromSeconds(2))).TaskToken.IsEmpty, "the eager activity was also queued");
        await client.CompleteActivityAsync(eager.TaskToken);
        var history = await client.WaitForHistoryAsync(workflowId, string.Empty, events => events.Any(e => e.EventType == EventType.ActivityTaskCompleted));
        Assert.Contains(history, e => e.EventType == EventType.ActivityTaskStarted);
    }

    [Fact]
    public async Task ActivityTimeout_OnlyScheduleToCloseAndNeverStarted_ReportsScheduleToStartAsTemporal()
    {
        await using var host = await DevServerHost.StartAsync(new DevServerOptions("127.0.0.1:0") { UiAddress = "off" });
        var client = await WorkflowServiceClient.ConnectAsync(host);
        var queue = Names.Unique("timeout-order");
        var workflowId = Names.Unique("timeout-order");
        await client.StartAsync(workflowId, queue);
        var task = await client.NextWorkflowTaskAsync(queue);
        var schedule = WorkflowCommands.ScheduleActivity("never-started", TimeSpan.Zero);
        schedule.ScheduleActivityTaskCommandAttributes.StartToCloseTimeout = null;
        schedule.ScheduleActivityTaskCommandAttributes.ScheduleToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1));

        await client.CompleteWorkflowTaskAsync(task.TaskToken, schedule);

        // Schedule-to-start defaults to schedule-to-close: both due at once, Temporal reports schedule-to-start first.
        var history = await client.WaitForHistoryAsync(workflowId, string.Empty, events => events.Any(e => e.EventType == EventType.ActivityTaskTimedOut));
        var timedOut = history.Single(e => e.EventType == EventType.ActivityTaskTimedOut).ActivityTaskTimedOutEventAttributes;
        Assert.Equal(TimeoutType.ScheduleToStart, timedOut.Failure.TimeoutFailureInfo.TimeoutType);
    }

    private static PollWorkflowTaskQueueRequest WorkflowPoll(string queue, string workerInstanceKey) => new()
    {
        Namespace = "default",
        TaskQueue = new TaskQueue { Name = queue, Kind = TaskQueueKind.Normal },
        Identity = "w",
        WorkerInstanceKey = workerInstanceKey,
    };
}
