using Temporalio.Api.Enums.V1;
using StatusCode = Temporalio.Exceptions.RpcException.StatusCode;

namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

/// <summary>How runs end and chain: continue-as-new, terminate, child workflows and parent close policy.</summary>
public sealed partial class WorkflowServiceTests
{
    [Fact]
    public async Task RespondWorkflowTaskCompleted_ContinueAsNew_StartsLinkedRunThatBecomesCurrent()
    {
        var run = await StartAndPollAsync("can");

        await Client.CompleteWorkflowTaskAsync(run.Task.TaskToken, WorkflowCommands.ContinueAsNew("\"round 2\""));

        var old = await Client.GetHistoryAsync(run.WorkflowId, run.RunId);
        AssertEventTypes(
            old,
            EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
            EventType.WorkflowTaskCompleted, EventType.WorkflowExecutionContinuedAsNew);
        var continued = old[4].WorkflowExecutionContinuedAsNewEventAttributes;
        Assert.Equal(4, continued.WorkflowTaskCompletedEventId);
        Assert.Equal("TestWorkflow", continued.WorkflowType.Name);
        Assert.Equal(run.TaskQueue, continued.TaskQueue.Name);
        var newRunId = continued.NewExecutionRunId;
        Assert.NotEqual(run.RunId, newRunId);

        var current = await Client.DescribeAsync(run.WorkflowId);
        Assert.Equal(newRunId, current.WorkflowExecutionInfo.Execution.RunId);
        Assert.Equal(WorkflowExecutionStatus.Running, current.WorkflowExecutionInfo.Status);
        Assert.Equal(run.RunId, current.WorkflowExecutionInfo.FirstRunId);
        Assert.Equal(WorkflowExecutionStatus.ContinuedAsNew, (await Client.DescribeAsync(run.WorkflowId, run.RunId)).WorkflowExecutionInfo.Status);

        var next = await Client.GetHistoryAsync(run.WorkflowId, newRunId);
        AssertEventTypes(next, EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled);
        var started = next[0].WorkflowExecutionStartedEventAttributes;
        Assert.Equal(run.RunId, started.ContinuedExecutionRunId);
        Assert.Equal(run.RunId, started.FirstExecutionRunId);
        Assert.Equal(newRunId, started.OriginalExecutionRunId);
        Assert.Equal(ContinueAsNewInitiator.Workflow, started.Initiator);
        Assert.Equal(1, started.Attempt);
        Assert.Equal("\"round 2\"", started.Input.Payloads_[0].Data.ToStringUtf8());

        var task = await Client.NextWorkflowTaskAsync(run.TaskQueue);
        Assert.Equal(newRunId, task.WorkflowExecution.RunId);
    }

    [Fact]
    public async Task TerminateWorkflowExecution_WhileTaskStarted_ClosesRunAndRejectsLateCompletion()
    {
        var run = await StartAndPollAsync("terminate");

        await Client.TerminateAsync(run.WorkflowId, "operator said so");

        var history = await Client.GetHistoryAsync(run.WorkflowId, run.RunId);
        AssertEventTypes(
            history,
            EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
            EventType.WorkflowTaskFailed, EventType.WorkflowExecutionTerminated);
        Assert.Equal(WorkflowTaskFailedCause.ForceCloseCommand, history[3].WorkflowTaskFailedEventAttributes.Cause);
        var terminated = history[4].WorkflowExecutionTerminatedEventAttributes;
        Assert.Equal("operator said so", terminated.Reason);
        Assert.Equal(WorkflowServiceClient.Identity, terminated.Identity);
        Assert.Equal(WorkflowExecutionStatus.Terminated, (await Client.DescribeAsync(run.WorkflowId)).WorkflowExecutionInfo.Status);

        await AssertStatusAsync(StatusCode.NotFound, () => Client.CompleteWorkflowTaskAsync(run.Task.TaskToken, WorkflowCommands.CompleteWorkflow()));
        await AssertStatusAsync(StatusCode.NotFound, () => Client.TerminateAsync(run.WorkflowId));
        await AssertStatusAsync(StatusCode.NotFound, () => Client.SignalAsync(run.WorkflowId));
    }

    [Fact]
    public async Task StartChildWorkflowExecution_ChildCompletes_ParentSeesStartedAndCompleted()
    {
        var parent = await StartAndPollAsync("parent");
        var childId = Names.Unique("child");
        var childQueue = Names.Unique("child-tq");

        await Client.CompleteWorkflowTaskAsync(parent.Task.TaskToken, WorkflowCommands.StartChild(childId, childQueue));

        var parentHistory = await Client.GetHistoryAsync(parent.WorkflowId, parent.RunId);
        AssertEventTypes(
            parentHistory,
            EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
            EventType.WorkflowTaskCompleted, EventType.StartChildWorkflowExecutionInitiated,
            EventType.ChildWorkflowExecutionStarted, EventType.WorkflowTaskScheduled);
        Assert.Equal(ParentClosePolicy.Terminate, parentHistory[4].StartChildWorkflowExecutionInitiatedEventAttributes.ParentClosePolicy);
        var childStarted = parentHistory[5].ChildWorkflowExecutionStartedEventAttributes;
        Assert.Equal(5, childStarted.InitiatedEventId);
        Assert.Equal(childId, childStarted.WorkflowExecution.WorkflowId);

        var child = await Client.GetHistoryAsync(childId, childStarted.WorkflowExecution.RunId);
        var childAttributes = child[0].WorkflowExecutionStartedEventAttributes;
        Assert.Equal(parent.WorkflowId, childAttributes.ParentWorkflowExecution.WorkflowId);
        Assert.Equal(parent.RunId, childAttributes.ParentWorkflowExecution.RunId);
        Assert.Equal(5, childAttributes.ParentInitiatedEventId);
        Assert.Equal("default", childAttributes.ParentWorkflowNamespace);
        Assert.Equal(parent.RunId, childAttributes.RootWorkflowExecution.RunId);
        var describedChild = await Client.DescribeAsync(childId);
        Assert.Equal(parent.RunId, describedChild.WorkflowExecutionInfo.ParentExecution.RunId);
        Assert.Equal(childId, Assert.Single((await Client.DescribeAsync(parent.WorkflowId)).PendingChildren).WorkflowId);

        var childTask = await Client.NextWorkflowTaskAsync(childQueue);
        await Client.CompleteWorkflowTaskAsync(childTask.TaskToken, WorkflowCommands.CompleteWorkflow("\"child result\""));

        parentHistory = await Client.GetHistoryAsync(parent.WorkflowId, parent.RunId);
        Assert.Equal(8, parentHistory.Count);
        var completed = parentHistory[7];
        Assert.Equal(EventType.ChildWorkflowExecutionCompleted, completed.EventType);
        Assert.Equal(5, completed.ChildWorkflowExecutionCompletedEventAttributes.InitiatedEventId);
        Assert.Equal(6, completed.ChildWorkflowExecutionCompletedEventAttributes.StartedEventId);
        Assert.Equal("\"child result\"", completed.ChildWorkflowExecutionCompletedEventAttributes.Result.Payloads_[0].Data.ToStringUtf8());
        Assert.Empty((await Client.DescribeAsync(parent.WorkflowId)).PendingChildren);
    }

    [Fact]
    public async Task CompleteWorkflowExecution_OpenChildWithTerminatePolicy_TerminatesChild()
    {
        var parent = await StartAndPollAsync("closing-parent");
        var childId = Names.Unique("orphan");
        await Client.CompleteWorkflowTaskAsync(parent.Task.TaskToken, WorkflowCommands.StartChild(childId, Names.Unique("child-tq"), ParentClosePolicy.Terminate));
        var second = await Client.NextWorkflowTaskAsync(parent.TaskQueue);

        await Client.CompleteWorkflowTaskAsync(second.TaskToken, WorkflowCommands.CompleteWorkflow());

        var child = await Client.GetHistoryAsync(childId);
        AssertEventTypes(child, EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowExecutionTerminated);
        Assert.Equal("by parent close policy", child[2].WorkflowExecutionTerminatedEventAttributes.Reason);
        Assert.Equal("history-service", child[2].WorkflowExecutionTerminatedEventAttributes.Identity);
        Assert.Equal(WorkflowExecutionStatus.Completed, (await Client.DescribeAsync(parent.WorkflowId)).WorkflowExecutionInfo.Status);
    }
}
