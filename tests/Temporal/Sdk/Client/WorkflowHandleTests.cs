using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Converters;
using ContentFlows.Temporal.Exceptions;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Sdk.Tests.Client;

[Collection(ClientDevServerCollection.Name)]
public sealed class WorkflowHandleTests(ClientDevServerFixture fixture)
{
    private readonly TemporalClient client = fixture.Client;

    private static string NewQueue() => "q-" + Guid.NewGuid().ToString("N");

    private static T Payload<T>(Temporalio.Api.Common.V1.Payloads payloads, int index) =>
        DefaultPayloadConverter.Instance.ToValue<T>(payloads.Payloads_[index]);

    /// <summary>Starts a workflow and completes its first task with no commands, so it stays open and idle.</summary>
    private async Task<(WorkflowHandle<GreetingWorkflow, string> Handle, HandWorker Worker)> StartIdleAsync(string prefix)
    {
        var queue = NewQueue();
        var worker = new HandWorker(client, queue);
        var handle = await client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("a", 1), new WorkflowOptions(prefix + queue, queue));
        await worker.PollAndRespondAsync();
        return (handle, worker);
    }

    private static async Task AnswerNextQueryWithErrorAsync(HandWorker worker, string errorMessage)
    {
        var task = await worker.PollAsync();
        await worker.AnswerQueryAsync(task, null, errorMessage);
    }

    [Fact]
    public async Task SignalAsync_LambdaAndName_AppearInHistoryInOrder()
    {
        var (handle, _) = await StartIdleAsync("signal-");
        var reviewer = "bob";

        await handle.SignalAsync(wf => wf.ApproveAsync(reviewer));
        await handle.SignalAsync(wf => wf.RejectAsync("carol", "off-brand"));
        await handle.SignalAsync("custom", ["raw", 5]);
        var history = await handle.FetchHistoryAsync();

        var signals = history.Events.Where(e => e.EventType == EventType.WorkflowExecutionSignaled)
            .Select(e => e.WorkflowExecutionSignaledEventAttributes).ToList();
        Assert.Equal(["Approve", "reject", "custom"], signals.Select(s => s.SignalName));
        Assert.Equal("bob", Payload<string>(signals[0].Input, 0));
        Assert.Equal("off-brand", Payload<string>(signals[1].Input, 1));
        Assert.Equal(5, Payload<int>(signals[2].Input, 1));
        Assert.Equal(handle.Id, history.Id);
    }

    [Fact]
    public async Task QueryAsync_AnsweredByQueryTask_ReturnsResult()
    {
        var (handle, worker) = await StartIdleAsync("query-");

        var query = handle.QueryAsync(wf => wf.Describe("state: "));
        var task = await worker.PollAsync();
        await worker.AnswerQueryAsync(task, "state: drafting");

        Assert.Equal("describe", task.Query.QueryType);
        Assert.Equal("state: ", Payload<string>(task.Query.QueryArgs, 0));
        Assert.Equal("state: drafting", await query);
    }

    [Fact]
    public async Task QueryAsync_PropertyQuery_UsesPropertyName()
    {
        var (handle, worker) = await StartIdleAsync("query-prop-");

        var query = handle.QueryAsync(wf => wf.Status);
        var task = await worker.PollAsync();
        await worker.AnswerQueryAsync(task, "reviewing");

        Assert.Equal("Status", task.Query.QueryType);
        Assert.Equal("reviewing", await query);
    }

    [Fact]
    public async Task QueryAsync_QueryFailsOnWorker_ThrowsWorkflowQueryFailed()
    {
        var (handle, worker) = await StartIdleAsync("query-fail-");

        var answer = AnswerNextQueryWithErrorAsync(worker, "Query handler for unknown not found, known: [Status, describe]");

        var error = await Assert.ThrowsAsync<WorkflowQueryFailedException>(() => handle.QueryAsync<string>("unknown", []));
        await answer;
        Assert.Contains("unknown not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryAsync_ClosedWorkflowWithNotOpenCondition_ThrowsRejected()
    {
        var (handle, _) = await StartIdleAsync("query-rejected-");
        await handle.TerminateAsync("done");

        var error = await Assert.ThrowsAsync<WorkflowQueryRejectedException>(() => handle.QueryAsync(wf => wf.Status, QueryRejectCondition.NotOpen));

        Assert.Equal(WorkflowExecutionStatus.Terminated, error.WorkflowStatus);
    }

    [Fact]
    public async Task DescribeAsync_RunningWorkflow_ExposesInfoAndRawDescription()
    {
        var queue = NewQueue();
        var handle = await client.StartWorkflowAsync(
            (GreetingWorkflow wf) => wf.RunAsync("a", 1),
            new WorkflowOptions("describe-" + queue, queue) { Memo = new Dictionary<string, object?> { ["owner"] = "team-a" } });

        var description = await handle.DescribeAsync();

        Assert.Equal(handle.Id, description.Id);
        Assert.Equal(handle.ResultRunId, description.RunId);
        Assert.Equal("GreetingWorkflow", description.WorkflowType);
        Assert.Equal(queue, description.TaskQueue);
        Assert.Equal(WorkflowExecutionStatus.Running, description.Status);
        Assert.Null(description.CloseTime);
        Assert.Equal("team-a", description.GetMemoValue<string>("owner"));
        Assert.Equal(queue, description.RawDescription.ExecutionConfig.TaskQueue.Name);
        Assert.Throws<KeyNotFoundException>(() => description.GetMemoValue<string>("missing"));
    }

    [Fact]
    public async Task TerminateAsync_RunningWorkflow_ResultThrowsTerminatedWithReason()
    {
        var (handle, _) = await StartIdleAsync("terminate-");

        await handle.TerminateAsync("operator stopped it");

        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
        var terminated = Assert.IsType<TerminatedFailureException>(error.InnerException);
        Assert.Equal("operator stopped it", terminated.Message);
        Assert.Equal(WorkflowExecutionStatus.Terminated, (await handle.DescribeAsync()).Status);
    }

    [Fact]
    public async Task CancelAsync_WorkflowAcceptsCancel_ResultThrowsCanceled()
    {
        var (handle, worker) = await StartIdleAsync("cancel-");

        await handle.CancelAsync("no longer needed");
        var task = await worker.PollAsync();
        await worker.RespondAsync(task, HandWorker.CancelWorkflow());

        var requested = Assert.Single(task.History.Events, e => e.EventType == EventType.WorkflowExecutionCancelRequested);
        Assert.Equal("no longer needed", requested.WorkflowExecutionCancelRequestedEventAttributes.Cause);
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
        Assert.IsType<CanceledFailureException>(error.InnerException);
    }

    [Fact]
    public async Task FetchHistoryAsync_CompletedWorkflow_ReturnsAllEventsInOrder()
    {
        var (handle, worker) = await StartIdleAsync("history-");
        await handle.SignalAsync(wf => wf.ApproveAsync("x"));
        await worker.PollAndRespondAsync(worker.Complete("final"));
        await handle.GetResultAsync();

        var history = await handle.FetchHistoryAsync();

        Assert.Equal(EventType.WorkflowExecutionStarted, history.Events[0].EventType);
        Assert.Equal(EventType.WorkflowExecutionCompleted, history.Events[^1].EventType);
        Assert.Equal(Enumerable.Range(1, history.Events.Count).Select(i => (long)i), history.Events.Select(e => e.EventId));
        var reread = ContentFlows.Temporal.Common.WorkflowHistory.FromJson(handle.Id, history.ToJson());
        Assert.Equal(history.Events, reread.Events);
    }

    [Fact]
    public async Task GetWorkflowHandle_ExistingWorkflow_GetsResultByIdAndRun()
    {
        var (handle, worker) = await StartIdleAsync("by-id-");
        await handle.SignalAsync(wf => wf.ApproveAsync("wake up"));
        await worker.PollAndRespondAsync(worker.Complete("by id"));

        var byId = client.GetWorkflowHandle<GreetingWorkflow, string>(handle.Id);
        var byRun = client.GetWorkflowHandle(handle.Id, handle.ResultRunId);

        Assert.Equal("by id", await byId.GetResultAsync());
        Assert.Equal("by id", await byRun.GetResultAsync<string>());
    }

    [Fact]
    public async Task WorkflowService_RawCalls_AreAvailableToWorkers()
    {
        var info = await client.WorkflowService.GetSystemInfoAsync(new GetSystemInfoRequest());
        var ns = await client.WorkflowService.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = "default" });

        Assert.NotNull(info.Capabilities);
        Assert.Equal("default", ns.NamespaceInfo.Name);
    }
}
