using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Exceptions;
using ContentFlows.Temporal.Tests.Workflows.TestWorkflows;
using ContentFlows.Temporal.Worker;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.Tests.Workflows;

/// <summary>The workflow runtime against the in-process dev server: children, continue-as-new, cancellation, replay of real histories.</summary>
[Collection(WorkflowRuntimeCollection.Name)]
public sealed class WorkflowRuntimeEndToEndTests(WorkflowRuntimeFixture fixture)
{
    private ITemporalClient Client => fixture.Environment.Client;

    [Fact]
    public async Task ExecuteChildWorkflowAsync_TwoChildren_ParentJoinsResults()
    {
        var taskQueue = NewTaskQueue();
        using var worker = new TemporalWorker(Client, new TemporalWorkerOptions(taskQueue).AddWorkflow<ParentWorkflow>().AddWorkflow<ChildWorkflow>());
        var workflowId = "parent-" + Guid.NewGuid().ToString("N");

        var result = await worker.ExecuteAsync(() =>
            Client.ExecuteWorkflowAsync((ParentWorkflow wf) => wf.RunAsync(new[] { "x", "y" }), new WorkflowOptions(workflowId, taskQueue)));

        Assert.Equal("X,Y", result);
        var history = await Client.GetWorkflowHandle(workflowId).FetchHistoryAsync();
        Assert.Equal(2, history.Events.Count(e => e.EventType == EventType.ChildWorkflowExecutionCompleted));
        var replayed = await new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<ParentWorkflow>()).ReplayWorkflowAsync(history);
        Assert.Equal("X,Y", replayed.GetResult<string>());
    }

    [Fact]
    public async Task CreateContinueAsNewException_CounterWorkflow_ResultFollowsRuns()
    {
        var taskQueue = NewTaskQueue();
        using var worker = new TemporalWorker(Client, new TemporalWorkerOptions(taskQueue).AddWorkflow<CounterWorkflow>());

        var result = await worker.ExecuteAsync(() =>
            Client.ExecuteWorkflowAsync((CounterWorkflow wf) => wf.RunAsync(1, 3), new WorkflowOptions("counter-" + Guid.NewGuid().ToString("N"), taskQueue)));

        Assert.Equal(3, result);
    }

    [Fact]
    public async Task SignalAndTimer_RecordedHistory_ReplaysAndDetectsChangedCode()
    {
        var taskQueue = NewTaskQueue();
        using var worker = new TemporalWorker(Client, new TemporalWorkerOptions(taskQueue).AddWorkflow<ApprovalWorkflow>());
        var workflowId = "approval-" + Guid.NewGuid().ToString("N");

        var result = await worker.ExecuteAsync(async () =>
        {
            var handle = await Client.StartWorkflowAsync((ApprovalWorkflow wf) => wf.RunAsync(60), new WorkflowOptions(workflowId, taskQueue));
            Assert.Equal("pending", await handle.QueryAsync(wf => wf.Status));
            await handle.SignalAsync(wf => wf.ApproveAsync("grace"));
            return await handle.GetResultAsync();
        });

        Assert.Equal("approved by grace", result);
        var history = await Client.GetWorkflowHandle(workflowId).FetchHistoryAsync();
        Assert.Contains(history.Events, e => e.EventType == EventType.TimerCanceled);
        if (Environment.GetEnvironmentVariable("CONTENTFLOWS_RECORD_HISTORIES") == "1")
        {
            await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "approval-devserver.json"), history.ToJson());
        }

        var replayed = await new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<ApprovalWorkflow>()).ReplayWorkflowAsync(history);
        Assert.Equal("approved by grace", replayed.GetResult<string>());
    }

    [Fact]
    public async Task CancelAsync_WorkflowWaitingOnCondition_ClosesAsCanceled()
    {
        var taskQueue = NewTaskQueue();
        using var worker = new TemporalWorker(Client, new TemporalWorkerOptions(taskQueue).AddWorkflow<ApprovalWorkflow>());

        var error = await worker.ExecuteAsync(async () =>
        {
            var handle = await Client.StartWorkflowAsync((ApprovalWorkflow wf) => wf.RunAsync(0), new WorkflowOptions("cancel-" + Guid.NewGuid().ToString("N"), taskQueue));
            Assert.Equal("pending", await handle.QueryAsync(wf => wf.Status));
            await handle.CancelAsync();
            return await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
        });

        Assert.IsType<CanceledFailureException>(error.InnerException);
    }

    private static string NewTaskQueue() => "runtime-" + Guid.NewGuid().ToString("N");
}
