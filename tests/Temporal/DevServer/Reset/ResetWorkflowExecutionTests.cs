using ContentFlows.Temporal.DevServer.Tests.Rpc;
using WorkflowExecution = Temporalio.Api.Common.V1.WorkflowExecution;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace ContentFlows.Temporal.DevServer.Tests.Reset;

/// <summary>
/// ResetWorkflowExecution through the official client's raw WorkflowService (what `temporal workflow reset` sends),
/// with official .NET workers running the runs before and after the reset.
/// </summary>
public sealed class ResetWorkflowExecutionTests : OwnDevServerTests
{
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ResetAfterSecondActivity_ThirdFailedRun_ReRunsOnlyThirdAndReappliesLaterSignal()
    {
        var taskQueue = Names.Unique("reset");
        var workflowId = Names.Unique("reset-wf");
        var steps = new StepActivities();
        using var worker = NewWorker(taskQueue, steps);
        var (failedRun, resetRunId, finishEventId) = await worker.ExecuteAsync(async () =>
        {
            var handle = await Client.StartWorkflowAsync((StepsThenNoteWorkflow wf) => wf.RunAsync(), new(workflowId, taskQueue));
            await WaitForEventCountAsync(handle, EventType.ActivityTaskCompleted, 2);
            await WaitForEventCountAsync(handle, EventType.WorkflowTaskCompleted, 3);
            await handle.SignalAsync(wf => wf.NoteAsync("from-reviewer"));
            await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync().WaitAsync(RunDeadline));

            var history = (await handle.FetchHistoryAsync()).Events.ToList();
            var secondCompleted = history.Where(e => e.EventType == EventType.ActivityTaskCompleted).ElementAt(1).EventId;
            var finish = history.First(e => e.EventType == EventType.WorkflowTaskCompleted && e.EventId > secondCompleted).EventId;
            steps.ThirdStepFixed = true;
            var reset = await ResetAsync(workflowId, handle.ResultRunId!, finish, "retry from stage three", "reset-request-1");
            var result = await Client.GetWorkflowHandle<StepsThenNoteWorkflow, string>(workflowId, reset.RunId).GetResultAsync().WaitAsync(RunDeadline);
            Assert.Equal("one-done,two-done,three-done,from-reviewer", result);
            return (handle.ResultRunId!, reset.RunId, finish);
        });

        Assert.Equal(1, steps.Runs["one"]);
        Assert.Equal(1, steps.Runs["two"]);
        Assert.Equal(2, steps.Runs["three"]);

        var baseHistory = (await Client.GetWorkflowHandle(workflowId, failedRun).FetchHistoryAsync()).Events.ToList();
        var resetRunHistory = await Client.GetWorkflowHandle(workflowId, resetRunId).FetchHistoryAsync();
        var resetHistory = resetRunHistory.Events.ToList();

        // The prefix is the base run's, event for event; the reset point is a RESET_WORKFLOW task failure.
        Assert.Equal(
            baseHistory.Take((int)finishEventId - 1).Select(e => (e.EventId, e.EventType)),
            resetHistory.Take((int)finishEventId - 1).Select(e => (e.EventId, e.EventType)));
        var resetPoint = resetHistory[(int)finishEventId - 1];
        Assert.Equal(EventType.WorkflowTaskFailed, resetPoint.EventType);
        Assert.Equal(WorkflowTaskFailedCause.ResetWorkflow, resetPoint.WorkflowTaskFailedEventAttributes.Cause);
        Assert.Equal("retry from stage three", resetPoint.WorkflowTaskFailedEventAttributes.Failure.Message);
        Assert.NotNull(resetPoint.WorkflowTaskFailedEventAttributes.Failure.ResetWorkflowFailureInfo);
        Assert.Equal(failedRun, resetPoint.WorkflowTaskFailedEventAttributes.BaseRunId);
        Assert.Equal(resetRunId, resetPoint.WorkflowTaskFailedEventAttributes.NewRunId);
        Assert.Equal("history-service", resetPoint.WorkflowTaskFailedEventAttributes.Identity);
        var reapplied = resetHistory[(int)finishEventId];
        Assert.Equal(EventType.WorkflowExecutionSignaled, reapplied.EventType);
        Assert.Equal("Note", reapplied.WorkflowExecutionSignaledEventAttributes.SignalName);
        Assert.Equal(failedRun, resetHistory[0].WorkflowExecutionStartedEventAttributes.OriginalExecutionRunId);
        Assert.Single(resetHistory, e => e.EventType == EventType.ActivityTaskScheduled && e.EventId > finishEventId);

        // The official SDK replays the reset run's history as its own.
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<StepsThenNoteWorkflow>());
        await replayer.ReplayWorkflowAsync(resetRunHistory);

        // The runs are linked as Temporal links them, and a retried request creates no second run.
        var describedBase = await Client.WorkflowService.DescribeWorkflowExecutionAsync(new DescribeWorkflowExecutionRequest { Namespace = "default", Execution = new WorkflowExecution { WorkflowId = workflowId, RunId = failedRun } });
        Assert.Equal(resetRunId, describedBase.WorkflowExtendedInfo.ResetRunId);
        Assert.Equal(WorkflowExecutionStatus.Failed, describedBase.WorkflowExecutionInfo.Status);
        Assert.NotEmpty(describedBase.WorkflowExecutionInfo.AutoResetPoints.Points);
        Assert.Equal(failedRun, describedBase.WorkflowExecutionInfo.AutoResetPoints.Points[0].RunId);
        var describedReset = await Client.WorkflowService.DescribeWorkflowExecutionAsync(new DescribeWorkflowExecutionRequest { Namespace = "default", Execution = new WorkflowExecution { WorkflowId = workflowId, RunId = resetRunId } });
        Assert.NotNull(describedReset.WorkflowExtendedInfo.LastResetTime);
        Assert.Equal(baseHistory[0].EventTime, describedReset.WorkflowExtendedInfo.OriginalStartTime);
        var retried = await ResetAsync(workflowId, failedRun, finishEventId, "retry from stage three", "reset-request-1");
        Assert.Equal(resetRunId, retried.RunId);
    }

    [Fact]
    public async Task ResetRunningWorkflow_ToFirstTask_TerminatesItAsTheResetterAndStartsOver()
    {
        var taskQueue = Names.Unique("reset-running");
        var workflowId = Names.Unique("reset-running-wf");
        var steps = new StepActivities { ThirdStepFixed = true };
        using var worker = NewWorker(taskQueue, steps);
        await worker.ExecuteAsync(async () =>
        {
            var handle = await Client.StartWorkflowAsync((StepsThenNoteWorkflow wf) => wf.RunAsync(), new(workflowId, taskQueue));
            await WaitForEventCountAsync(handle, EventType.WorkflowTaskCompleted, 3);
            var firstTaskCompleted = (await handle.FetchHistoryAsync()).Events.First(e => e.EventType == EventType.WorkflowTaskCompleted).EventId;
            var reset = await ResetAsync(workflowId, string.Empty, firstTaskCompleted, "start over", "reset-running-1");

            var terminated = (await Client.GetWorkflowHandle(workflowId, handle.ResultRunId).FetchHistoryAsync()).Events.Last();
            Assert.Equal(EventType.WorkflowExecutionTerminated, terminated.EventType);
            Assert.Equal("start over", terminated.WorkflowExecutionTerminatedEventAttributes.Reason);
            Assert.Equal("history-resetter", terminated.WorkflowExecutionTerminatedEventAttributes.Identity);

            var resetHandle = Client.GetWorkflowHandle<StepsThenNoteWorkflow, string>(workflowId);
            Assert.Equal(reset.RunId, (await resetHandle.DescribeAsync()).RunId);
            await WaitForEventCountAsync(resetHandle, EventType.ActivityTaskCompleted, 2);
            await resetHandle.SignalAsync(wf => wf.NoteAsync("again"));
            Assert.Equal("one-done,two-done,three-done,again", await resetHandle.GetResultAsync().WaitAsync(RunDeadline));
        });

        Assert.Equal(2, steps.Runs["one"]);
        Assert.Equal(1, steps.Runs["three"]);
    }

    [Fact]
    public async Task Reset_BadEventIdsAndUnknownTargets_AnsweredAsTemporalAnswers()
    {
        var taskQueue = Names.Unique("reset-bad");
        var workflowId = Names.Unique("reset-bad-wf");
        using var worker = NewWorker(taskQueue, new StepActivities());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await Client.StartWorkflowAsync((StepsThenNoteWorkflow wf) => wf.RunAsync(), new(workflowId, taskQueue));
            await WaitForEventCountAsync(handle, EventType.WorkflowTaskCompleted, 3);
            var history = (await handle.FetchHistoryAsync()).Events.ToList();
            var afterActivityScheduled = history.First(e => e.EventType == EventType.ActivityTaskScheduled).EventId + 1;

            var tooLow = await Assert.ThrowsAsync<RpcException>(() => ResetAsync(workflowId, string.Empty, 1, "bad", "bad-1"));
            Assert.Equal(RpcException.StatusCode.InvalidArgument, tooLow.Code);
            Assert.Equal("Workflow task finish ID must be > 1 && <= workflow last event ID.", tooLow.Message);

            var tooHigh = await Assert.ThrowsAsync<RpcException>(() => ResetAsync(workflowId, string.Empty, history.Count + 1, "bad", "bad-2"));
            Assert.Equal(RpcException.StatusCode.InvalidArgument, tooHigh.Code);

            var notAfterTask = await Assert.ThrowsAsync<RpcException>(() => ResetAsync(workflowId, string.Empty, afterActivityScheduled + 1, "bad", "bad-3"));
            Assert.Equal(RpcException.StatusCode.InvalidArgument, notAfterTask.Code);
            Assert.Equal($"Can only reset workflow to event ID in range [WorkflowTaskScheduled +1, WorkflowTaskStarted + 1]: {afterActivityScheduled + 1}", notAfterTask.Message);

            var noRequestId = await Assert.ThrowsAsync<RpcException>(() => ResetAsync(workflowId, string.Empty, 4, "bad", string.Empty));
            Assert.Equal("RequestId is not set on request.", noRequestId.Message);

            var unknownWorkflow = await Assert.ThrowsAsync<RpcException>(() => ResetAsync("no-such-workflow", string.Empty, 4, "bad", "bad-4"));
            Assert.Equal(RpcException.StatusCode.NotFound, unknownWorkflow.Code);

            var unknownNamespace = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.ResetWorkflowExecutionAsync(new ResetWorkflowExecutionRequest
            {
                Namespace = "no-such-namespace",
                WorkflowExecution = new WorkflowExecution { WorkflowId = workflowId },
                WorkflowTaskFinishEventId = 4,
                RequestId = "bad-5",
            }));
            Assert.Equal(RpcException.StatusCode.NotFound, unknownNamespace.Code);

            // Nothing was changed by the refused resets: the run still waits for its note.
            Assert.Equal(WorkflowExecutionStatus.Running, (await handle.DescribeAsync()).Status);
            await handle.TerminateAsync("test over");
        });
    }

    private static async Task WaitForEventCountAsync(WorkflowHandle handle, EventType type, int count)
    {
        using var deadline = new CancellationTokenSource(RunDeadline);
        while (true)
        {
            var history = await handle.FetchHistoryAsync(new() { Rpc = new() { CancellationToken = deadline.Token } });
            if (history.Events.Count(e => e.EventType == type) >= count)
            {
                return;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    private Task<ResetWorkflowExecutionResponse> ResetAsync(string workflowId, string runId, long finishEventId, string reason, string requestId) =>
        Client.WorkflowService.ResetWorkflowExecutionAsync(new ResetWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowExecution = new WorkflowExecution { WorkflowId = workflowId, RunId = runId },
            WorkflowTaskFinishEventId = finishEventId,
            Reason = reason,
            RequestId = requestId,
        });

    private TemporalWorker NewWorker(string taskQueue, StepActivities steps) => new(
        Client,
        new TemporalWorkerOptions(taskQueue).AddWorkflow<StepsThenNoteWorkflow>().AddAllActivities(steps));
}
