using ContentFlows.Temporal.DevServer.Tests.Rpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace ContentFlows.Temporal.DevServer.Tests.Updates;

/// <summary>Workflow updates through the official .NET SDK's public API, over real gRPC, against the in-process dev server.</summary>
[Collection(DevServerCollection.Name)]
public sealed class WorkflowUpdateTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly DevServerFixture fixture;
    private readonly string taskQueue = $"updates-{Guid.NewGuid():N}";
    private readonly CancellationTokenSource timeout = new(Deadline);
    private TemporalClient? client;
    private TemporalWorker? worker;

    public WorkflowUpdateTests(DevServerFixture fixture)
    {
        this.fixture = fixture;
    }

    private TemporalClient Client => client ?? throw new InvalidOperationException("Not initialized.");

    private RpcOptions Rpc => new() { CancellationToken = timeout.Token };

    public async Task InitializeAsync()
    {
        client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(fixture.Host.Address));
        worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<CartWorkflow>());
    }

    public Task DisposeAsync()
    {
        worker?.Dispose();
        timeout.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ExecuteUpdateAsync_Accepted_ReturnsResultAndRecordsAcceptedThenCompleted()
    {
        await RunWithWorkerAsync(async () =>
        {
            var handle = await StartCartAsync();

            var count = await handle.ExecuteUpdateAsync(wf => wf.AddItemAsync("book"), new() { Rpc = Rpc });

            Assert.Equal(1, count);
            var events = (await handle.FetchHistoryAsync()).Events;
            var accepted = Assert.Single(events, e => e.EventType == EventType.WorkflowExecutionUpdateAccepted);
            var completed = Assert.Single(events, e => e.EventType == EventType.WorkflowExecutionUpdateCompleted);
            Assert.Equal("AddItem", accepted.WorkflowExecutionUpdateAcceptedEventAttributes.AcceptedRequest.Input.Name);
            Assert.Equal(accepted.EventId, completed.WorkflowExecutionUpdateCompletedEventAttributes.AcceptedEventId);
            Assert.Equal("1", completed.WorkflowExecutionUpdateCompletedEventAttributes.Outcome.Success.Payloads_[0].Data.ToStringUtf8());
        });
    }

    [Fact]
    public async Task ExecuteUpdateAsync_ValidatorRejects_ThrowsAndWritesNoEvent()
    {
        await RunWithWorkerAsync(async () =>
        {
            var handle = await StartCartAsync();
            await handle.ExecuteUpdateAsync(wf => wf.AddItemAsync("book"), new() { Rpc = Rpc });
            var before = (await handle.FetchHistoryAsync()).Events.Count;

            var error = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(wf => wf.AddItemAsync(" "), new() { Rpc = Rpc }));

            Assert.Equal("An item needs a name.", error.InnerException?.Message);

            // The speculative workflow task that carried the rejected update leaves no trace either.
            var after = (await handle.FetchHistoryAsync()).Events;
            Assert.Equal(before, after.Count);
            Assert.Equal(2, await handle.ExecuteUpdateAsync(wf => wf.AddItemAsync("pen"), new() { Rpc = Rpc }));
        });
    }

    [Fact]
    public async Task StartUpdateAsync_WaitForAccepted_ReturnsBeforeCompletionAndPollsTheOutcomeLater()
    {
        await RunWithWorkerAsync(async () =>
        {
            var handle = await StartCartAsync();

            var update = await handle.StartUpdateAsync(wf => wf.AddItemWhenReleasedAsync("lamp"), new(WorkflowUpdateStage.Accepted) { Rpc = Rpc });

            var events = (await handle.FetchHistoryAsync()).Events;
            Assert.Contains(events, e => e.EventType == EventType.WorkflowExecutionUpdateAccepted);
            Assert.DoesNotContain(events, e => e.EventType == EventType.WorkflowExecutionUpdateCompleted);

            await handle.SignalAsync(wf => wf.ReleaseAsync(), new() { Rpc = Rpc });

            Assert.Equal(1, await update.GetResultAsync(Rpc));
            var later = Client.GetWorkflowHandle(handle.Id).GetUpdateHandle<int>(update.Id);
            Assert.Equal(1, await later.GetResultAsync(Rpc));
        });
    }

    [Fact]
    public async Task ExecuteUpdateAsync_SameUpdateId_AnswersTheFirstOutcomeAlsoAfterTheRunClosed()
    {
        await RunWithWorkerAsync(async () =>
        {
            var handle = await StartCartAsync();

            var first = await handle.ExecuteUpdateAsync(wf => wf.AddItemAsync("book"), new("add-book") { Rpc = Rpc });
            var again = await handle.ExecuteUpdateAsync(wf => wf.AddItemAsync("book"), new("add-book") { Rpc = Rpc });
            await handle.ExecuteUpdateAsync(wf => wf.CheckoutAsync(), new() { Rpc = Rpc });
            Assert.Equal("book", await handle.GetResultAsync(rpcOptions: Rpc));
            var afterClose = await handle.ExecuteUpdateAsync(wf => wf.AddItemAsync("book"), new("add-book") { Rpc = Rpc });

            Assert.Equal(1, first);
            Assert.Equal(1, again);
            Assert.Equal(1, afterClose);
            var events = (await handle.FetchHistoryAsync()).Events;
            Assert.Single(events, e => e.WorkflowExecutionUpdateAcceptedEventAttributes?.ProtocolInstanceId == "add-book");
        });
    }

    [Fact]
    public async Task ExecuteUpdateAsync_ClosedWorkflow_ThrowsNotFoundAsTemporalDoes()
    {
        await RunWithWorkerAsync(async () =>
        {
            var handle = await StartCartAsync();
            await handle.ExecuteUpdateAsync(wf => wf.CheckoutAsync(), new() { Rpc = Rpc });
            await handle.GetResultAsync(rpcOptions: Rpc);

            var error = await Assert.ThrowsAsync<RpcException>(() => handle.ExecuteUpdateAsync(wf => wf.AddItemAsync("late"), new() { Rpc = Rpc }));

            Assert.Equal(RpcException.StatusCode.NotFound, error.Code);
            Assert.Equal("workflow execution already completed", error.Message);
        });
    }

    [Fact]
    public async Task ExecuteUpdateAsync_RunContinuedAsNew_GoesToTheNewRunAndNotToTheOldOne()
    {
        await RunWithWorkerAsync(async () =>
        {
            var handle = await StartCartAsync();
            await handle.SignalAsync(wf => wf.RenewAsync(), new() { Rpc = Rpc });
            await Assert.ThrowsAsync<WorkflowContinuedAsNewException>(() => handle.GetResultAsync(followRuns: false, rpcOptions: Rpc));

            var old = Client.GetWorkflowHandle<CartWorkflow>(handle.Id, runId: handle.ResultRunId);
            var error = await Assert.ThrowsAsync<RpcException>(() => old.ExecuteUpdateAsync(wf => wf.AddItemAsync("late"), new() { Rpc = Rpc }));
            var count = await Client.GetWorkflowHandle<CartWorkflow>(handle.Id).ExecuteUpdateAsync(wf => wf.AddItemAsync("book"), new() { Rpc = Rpc });

            Assert.Equal(RpcException.StatusCode.NotFound, error.Code);
            Assert.Equal(1, count);
            var current = await Client.GetWorkflowHandle(handle.Id).DescribeAsync(new() { Rpc = Rpc });
            Assert.NotEqual(handle.ResultRunId, current.RunId);
            var events = (await Client.GetWorkflowHandle(handle.Id, runId: current.RunId).FetchHistoryAsync()).Events;
            Assert.Contains(events, e => e.EventType == EventType.WorkflowExecutionUpdateCompleted);
        });
    }

    [Fact]
    public async Task ExecuteUpdateWithStartWorkflowAsync_StartsThenReusesTheRunningWorkflow()
    {
        await RunWithWorkerAsync(async () =>
        {
            var id = $"cart-{Guid.NewGuid():N}";
            WithStartWorkflowOperation<WorkflowHandle<CartWorkflow, string>> Operation() => WithStartWorkflowOperation.Create(
                (CartWorkflow wf) => wf.RunAsync(),
                new(id, taskQueue) { IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting });

            var firstStart = Operation();
            var first = await Client.ExecuteUpdateWithStartWorkflowAsync((CartWorkflow wf) => wf.AddItemAsync("book"), new(firstStart) { Rpc = Rpc });
            var secondStart = Operation();
            var second = await Client.ExecuteUpdateWithStartWorkflowAsync((CartWorkflow wf) => wf.AddItemAsync("pen"), new(secondStart) { Rpc = Rpc });

            Assert.Equal(1, first);
            Assert.Equal(2, second);
            var firstRun = (await firstStart.GetHandleAsync()).ResultRunId;
            Assert.Equal(firstRun, (await secondStart.GetHandleAsync()).ResultRunId);
            var events = (await Client.GetWorkflowHandle(id).FetchHistoryAsync()).Events;
            Assert.Equal(2, events.Count(e => e.EventType == EventType.WorkflowExecutionUpdateCompleted));
        });
    }

    private Task RunWithWorkerAsync(Func<Task> test) => worker!.ExecuteAsync(test, timeout.Token);

    private Task<WorkflowHandle<CartWorkflow, string>> StartCartAsync() =>
        Client.StartWorkflowAsync((CartWorkflow wf) => wf.RunAsync(), new($"cart-{Guid.NewGuid():N}", taskQueue) { Rpc = Rpc });
}
