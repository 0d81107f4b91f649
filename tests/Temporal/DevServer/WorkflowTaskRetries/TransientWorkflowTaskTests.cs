using ContentFlows.Temporal.DevServer.Tests.Rpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Worker;

namespace ContentFlows.Temporal.DevServer.Tests.WorkflowTaskRetries;

/// <summary>
/// Transient workflow tasks as Temporal keeps them: after the first failure, retries are not written to history
/// until one completes, their attempt counts on, and from the fourth attempt their timeout carries Temporal's backoff.
/// </summary>
public sealed class TransientWorkflowTaskTests : OwnDevServerTests
{
    private const int Failures = 50;
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan TaskTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TaskFailedFiftyTimes_ThenCompletedByOfficialWorker_HistoryBoundedAndReplays()
    {
        var taskQueue = Names.Unique("transient");
        var workflowId = Names.Unique("transient-wf");
        var handle = await Client.StartWorkflowAsync(
            (GreetingAfterRetriesWorkflow wf) => wf.RunAsync("reviewer"),
            new(workflowId, taskQueue) { TaskTimeout = TaskTimeout });

        using var deadline = new CancellationTokenSource(RunDeadline);
        for (var attempt = 1; attempt <= Failures; attempt++)
        {
            var task = await Client.WorkflowService.PollWorkflowTaskQueueAsync(
                new PollWorkflowTaskQueueRequest { Namespace = "default", TaskQueue = new TaskQueue { Name = taskQueue }, Identity = "failing-worker" },
                new() { CancellationToken = deadline.Token });
            Assert.Equal(attempt, task.Attempt);
            var events = task.History.Events;
            if (attempt > 1)
            {
                // History ends with the first failure; the retry's own events ride after it, numbered on from it.
                Assert.Equal(6, events.Count);
                Assert.Equal(EventType.WorkflowTaskFailed, events[3].EventType);
                Assert.Equal(EventType.WorkflowTaskScheduled, events[4].EventType);
                Assert.Equal(attempt, events[4].WorkflowTaskScheduledEventAttributes.Attempt);
                Assert.Equal(EventType.WorkflowTaskStarted, events[5].EventType);
                Assert.Equal(6, task.StartedEventId);
            }

            await Client.WorkflowService.RespondWorkflowTaskFailedAsync(new RespondWorkflowTaskFailedRequest
            {
                Namespace = "default",
                TaskToken = task.TaskToken,
                Cause = WorkflowTaskFailedCause.WorkflowWorkerUnhandledFailure,
                Failure = new Failure { Message = "boom " + attempt },
                Identity = "failing-worker",
            });
        }

        var history = (await handle.FetchHistoryAsync()).Events.ToList();
        Assert.Equal(
            [EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted, EventType.WorkflowTaskFailed],
            history.Select(e => e.EventType));
        var described = await Client.WorkflowService.DescribeWorkflowExecutionAsync(new DescribeWorkflowExecutionRequest
        {
            Namespace = "default",
            Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = workflowId, RunId = handle.ResultRunId },
        });
        Assert.Equal(Failures + 1, described.PendingWorkflowTask.Attempt);

        using var worker = new TemporalWorker(Client, new TemporalWorkerOptions(taskQueue).AddWorkflow<GreetingAfterRetriesWorkflow>());
        var result = await worker.ExecuteAsync(() => handle.GetResultAsync().WaitAsync(RunDeadline));
        Assert.Equal("hello reviewer", result);

        var finished = await handle.FetchHistoryAsync();
        var retried = finished.Events.ElementAt(4);
        Assert.Equal(EventType.WorkflowTaskScheduled, retried.EventType);
        Assert.Equal(Failures + 1, retried.WorkflowTaskScheduledEventAttributes.Attempt);

        // Temporal's backoff at this attempt is its 10-minute cap, less up to 20% jitter, on top of the task timeout.
        Assert.InRange(retried.WorkflowTaskScheduledEventAttributes.StartToCloseTimeout.ToTimeSpan(), TaskTimeout + TimeSpan.FromMinutes(8), TaskTimeout + TimeSpan.FromMinutes(10));
        Assert.Equal(EventType.WorkflowTaskStarted, finished.Events.ElementAt(5).EventType);
        Assert.Equal(EventType.WorkflowTaskCompleted, finished.Events.ElementAt(6).EventType);
        Assert.InRange(finished.Events.Count, 8, 14);

        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<GreetingAfterRetriesWorkflow>());
        await replayer.ReplayWorkflowAsync(finished);
    }
}
