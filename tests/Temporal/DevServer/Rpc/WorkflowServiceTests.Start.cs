using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using StatusCode = Temporalio.Exceptions.RpcException.StatusCode;

namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

/// <summary>Starting runs: request-id idempotency and the id reuse and conflict policies.</summary>
public sealed partial class WorkflowServiceTests
{
    [Fact]
    public async Task StartWorkflowExecution_SameRequestIdTwice_ReturnsSameRunAndCreatesOne()
    {
        var workflowId = Names.Unique("idem");
        var request = WorkflowServiceClient.NewStart(workflowId, Names.Unique("tq"));

        var first = await Client.StartAsync(request);
        var second = await Client.StartAsync(request.Clone());

        Assert.Equal(first.RunId, second.RunId);
        Assert.True(second.Started);
        Assert.Single((await Client.ListAsync($"WorkflowId = '{workflowId}'")).Executions);
        AssertEventTypes(await Client.GetHistoryAsync(workflowId), EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled);
    }

    [Fact]
    public async Task StartWorkflowExecution_UseExistingConflictPolicy_ReturnsRunningRun()
    {
        var workflowId = Names.Unique("use-existing");
        var taskQueue = Names.Unique("tq");
        var first = await Client.StartAsync(workflowId, taskQueue);

        var second = await Client.StartAsync(workflowId, taskQueue, r => r.WorkflowIdConflictPolicy = WorkflowIdConflictPolicy.UseExisting);

        Assert.Equal(first.RunId, second.RunId);
        Assert.False(second.Started);
        Assert.Single((await Client.ListAsync($"WorkflowId = '{workflowId}'")).Executions);
    }

    [Fact]
    public async Task StartWorkflowExecution_RejectDuplicateAfterClose_ReturnsAlreadyExists()
    {
        var workflowId = Names.Unique("reject-dup");
        var taskQueue = Names.Unique("tq");
        var first = await Client.StartAsync(workflowId, taskQueue);
        await Client.TerminateAsync(workflowId);

        var error = await AssertStatusAsync(
            StatusCode.AlreadyExists,
            () => Client.StartAsync(workflowId, taskQueue, r => r.WorkflowIdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate));

        Assert.Equal(first.RunId, error.FindDetail<WorkflowExecutionAlreadyStartedFailure>()?.RunId);
        Assert.Equal($"Workflow execution already finished. WorkflowId: {workflowId}, RunId: {first.RunId}. Workflow Id reuse policy: reject duplicate workflow Id.", error.Message);

        // The default policy (ALLOW_DUPLICATE) reuses the id once the run is closed.
        var again = await Client.StartAsync(workflowId, taskQueue);
        Assert.NotEqual(first.RunId, again.RunId);
        Assert.True(again.Started);
    }

    [Fact]
    public async Task StartWorkflowExecution_TerminateExistingConflictPolicy_TerminatesOpenRunAndStartsNew()
    {
        var workflowId = Names.Unique("terminate-existing");
        var taskQueue = Names.Unique("tq");
        var first = await Client.StartAsync(workflowId, taskQueue);

        var second = await Client.StartAsync(workflowId, taskQueue, r => r.WorkflowIdConflictPolicy = WorkflowIdConflictPolicy.TerminateExisting);

        Assert.NotEqual(first.RunId, second.RunId);
        Assert.True(second.Started);
        var old = await Client.GetHistoryAsync(workflowId, first.RunId);
        AssertEventTypes(old, EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowExecutionTerminated);
        var terminated = old[^1].WorkflowExecutionTerminatedEventAttributes;
        Assert.Equal("TerminateIfRunning WorkflowIdReusePolicy", terminated.Reason);
        Assert.Equal("history-service", terminated.Identity);
        Assert.Equal($"\"terminated by new runID: {second.RunId}\"", terminated.Details.Payloads_[0].Data.ToStringUtf8());
        var current = await Client.DescribeAsync(workflowId);
        Assert.Equal(second.RunId, current.WorkflowExecutionInfo.Execution.RunId);
        Assert.Equal(WorkflowExecutionStatus.Running, current.WorkflowExecutionInfo.Status);
    }
}
