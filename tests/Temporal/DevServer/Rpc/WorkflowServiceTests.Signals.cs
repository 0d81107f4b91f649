using Temporalio.Api.Enums.V1;
using StatusCode = Temporalio.Exceptions.RpcException.StatusCode;

namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

/// <summary>Signals: dedup, buffering behind a started workflow task, and close commands racing them.</summary>
public sealed partial class WorkflowServiceTests
{
    [Fact]
    public async Task SignalWorkflowExecution_SameRequestIdTwice_RecordsOneSignal()
    {
        var workflowId = Names.Unique("signal-dedup");
        var runId = (await Client.StartAsync(workflowId, Names.Unique("tq"))).RunId;
        var requestId = Guid.NewGuid().ToString();

        await Client.SignalAsync(workflowId, "approve", requestId);
        await Client.SignalAsync(workflowId, "approve", requestId);

        var history = await Client.GetHistoryAsync(workflowId, runId);
        AssertEventTypes(history, EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowExecutionSignaled);
        Assert.Equal(requestId, history[2].WorkflowExecutionSignaledEventAttributes.RequestId);
        Assert.Equal("approve", history[2].WorkflowExecutionSignaledEventAttributes.SignalName);
    }

    [Fact]
    public async Task SignalWorkflowExecution_WhileTaskStarted_IsBufferedUntilTaskCompletes()
    {
        var run = await StartAndPollAsync("signal-buffer");

        await Client.SignalAsync(run.WorkflowId, "approve");

        // Not visible while the worker holds the task.
        AssertEventTypes(
            await Client.GetHistoryAsync(run.WorkflowId, run.RunId),
            EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted);

        await Client.CompleteWorkflowTaskAsync(run.Task.TaskToken);

        var history = await Client.GetHistoryAsync(run.WorkflowId, run.RunId);
        AssertEventTypes(
            history,
            EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
            EventType.WorkflowTaskCompleted, EventType.WorkflowExecutionSignaled, EventType.WorkflowTaskScheduled);
        Assert.Equal(1, history[5].WorkflowTaskScheduledEventAttributes.Attempt);

        var next = await Client.NextWorkflowTaskAsync(run.TaskQueue);
        Assert.Equal(3, next.PreviousStartedEventId);
        Assert.Equal(7, next.StartedEventId);
        Assert.Equal(EventType.WorkflowExecutionSignaled, next.History.Events[4].EventType);
    }

    [Fact]
    public async Task RespondWorkflowTaskCompleted_CloseCommandWithBufferedSignal_FailsTaskWithUnhandledCommand()
    {
        var run = await StartAndPollAsync("unhandled");
        await Client.SignalAsync(run.WorkflowId, "late");

        var error = await AssertStatusAsync(StatusCode.InvalidArgument, () => Client.CompleteWorkflowTaskAsync(run.Task.TaskToken, WorkflowCommands.CompleteWorkflow()));

        Assert.Equal("UnhandledCommand", error.Message);
        var history = await Client.GetHistoryAsync(run.WorkflowId, run.RunId);
        AssertEventTypes(
            history,
            EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
            EventType.WorkflowTaskFailed, EventType.WorkflowExecutionSignaled, EventType.WorkflowTaskScheduled);
        var failed = history[3].WorkflowTaskFailedEventAttributes;
        Assert.Equal(WorkflowTaskFailedCause.UnhandledCommand, failed.Cause);
        Assert.Equal(2, failed.ScheduledEventId);
        Assert.Equal(3, failed.StartedEventId);

        // The retry sees the signal and may now close the run.
        var retry = await Client.NextWorkflowTaskAsync(run.TaskQueue);
        Assert.Equal(0, retry.PreviousStartedEventId);
        await Client.CompleteWorkflowTaskAsync(retry.TaskToken, WorkflowCommands.CompleteWorkflow());
        Assert.Equal(WorkflowExecutionStatus.Completed, (await Client.DescribeAsync(run.WorkflowId)).WorkflowExecutionInfo.Status);
    }
}
