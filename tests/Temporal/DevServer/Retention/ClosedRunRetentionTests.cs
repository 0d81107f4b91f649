using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.DevServer.Engine;
using ContentFlows.Temporal.DevServer.Persistence;
using ContentFlows.Temporal.DevServer.Persistence.Postgres;
using ContentFlows.Temporal.DevServer.Tests.Persistence;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Tests.Retention;

/// <summary>
/// Closed runs on the PostgreSQL store: only a bounded cache of them stays in memory (the rest is read back for
/// history, describe, list, count and id reuse), a restart loads none of them, DeleteWorkflowExecution removes a run
/// (terminating it first when it runs), and the retention sweep deletes what is past the namespace's retention.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClosedRunRetentionTests : IAsyncLifetime
{
    private const string Namespace = "retention";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly PostgresFixture postgres;
    private readonly string schema = PostgresFixture.NewSchemaName();
    private readonly OffsetTimeProvider clock = new();
    private ServerEngine? engine;

    public ClosedRunRetentionTests(PostgresFixture postgres)
    {
        this.postgres = postgres;
    }

    private ServerEngine Engine => engine ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        engine = await StartEngineAsync();
        await Engine.RegisterNamespaceAsync(new RegisterNamespaceRequest { Namespace = Namespace, WorkflowExecutionRetentionPeriod = Duration.FromTimeSpan(TimeSpan.FromHours(1)) }).WaitAsync(Deadline);
    }

    public async Task DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }

        await postgres.DropSchemaAsync(schema);
    }

    [Fact]
    public async Task ClosedRuns_MoreThanTheCacheHolds_OldestLeaveMemoryAndAreServedFromTheStore()
    {
        var runIds = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            runIds.Add(await StartAndTerminateAsync($"wf-{i}"));
        }

        Assert.Equal(2, Engine.ClosedRunsInMemory);

        // The first run left memory: history, describe and id reuse read it back.
        var history = await Engine.GetWorkflowExecutionHistoryAsync(new GetWorkflowExecutionHistoryRequest { Namespace = Namespace, Execution = new WorkflowExecution { WorkflowId = "wf-0", RunId = runIds[0] } }, null, CancellationToken.None).WaitAsync(Deadline);
        Assert.Equal([EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowExecutionTerminated], history.History.Events.Select(e => e.EventType));
        var described = Engine.DescribeWorkflowExecution(new DescribeWorkflowExecutionRequest { Namespace = Namespace, Execution = new WorkflowExecution { WorkflowId = "wf-1" } });
        Assert.Equal(runIds[1], described.WorkflowExecutionInfo.Execution.RunId);
        Assert.Equal(WorkflowExecutionStatus.Terminated, described.WorkflowExecutionInfo.Status);
        var reuse = await Assert.ThrowsAsync<GrpcException>(() => Engine.StartWorkflowExecutionAsync(Start("wf-2", WorkflowIdReusePolicy.RejectDuplicate)).WaitAsync(Deadline));
        Assert.Equal(GrpcStatusCode.AlreadyExists, reuse.StatusCode);

        var list = await Engine.ListWorkflowExecutionsAsync(new ListWorkflowExecutionsRequest { Namespace = Namespace, Query = "ExecutionStatus = 'Terminated'" }).WaitAsync(Deadline);
        Assert.Equal(runIds.Order(StringComparer.Ordinal), list.Executions.Select(e => e.Execution.RunId).Order(StringComparer.Ordinal));
        var count = await Engine.CountWorkflowExecutionsAsync(new CountWorkflowExecutionsRequest { Namespace = Namespace }).WaitAsync(Deadline);
        Assert.Equal(5, count.Count);
        Assert.True(Engine.ClosedRunsInMemory <= 2, $"the cache holds {Engine.ClosedRunsInMemory} closed runs, more than its size");
    }

    [Fact]
    public async Task Restart_ClosedAndOpenRunsStored_LoadsOnlyTheOpenOnesAndServesTheClosedOnesFromTheStore()
    {
        var closed = await StartAndTerminateAsync("wf-closed");
        var open = (await Engine.StartWorkflowExecutionAsync(Start("wf-open")).WaitAsync(Deadline)).RunId;

        await Engine.DisposeAsync();
        engine = await StartEngineAsync();

        Assert.Equal(0, Engine.ClosedRunsInMemory);
        var list = await Engine.ListWorkflowExecutionsAsync(new ListWorkflowExecutionsRequest { Namespace = Namespace }).WaitAsync(Deadline);
        Assert.Equal(new[] { closed, open }.Order(StringComparer.Ordinal), list.Executions.Select(e => e.Execution.RunId).Order(StringComparer.Ordinal));
        Assert.Equal(WorkflowExecutionStatus.Running, Engine.DescribeWorkflowExecution(Describe("wf-open")).WorkflowExecutionInfo.Status);
        Assert.Equal(WorkflowExecutionStatus.Terminated, Engine.DescribeWorkflowExecution(Describe("wf-closed")).WorkflowExecutionInfo.Status);
        Assert.Equal(1, Engine.ClosedRunsInMemory);
    }

    [Fact]
    public async Task DeleteWorkflowExecution_RunningRun_TerminatedThenDeletedFromMemoryAndStore()
    {
        var runId = (await Engine.StartWorkflowExecutionAsync(Start("wf-delete")).WaitAsync(Deadline)).RunId;

        await Engine.DeleteWorkflowExecutionAsync(new DeleteWorkflowExecutionRequest { Namespace = Namespace, WorkflowExecution = new WorkflowExecution { WorkflowId = "wf-delete" } }).WaitAsync(Deadline);

        var notFound = Assert.Throws<GrpcException>(() => Engine.DescribeWorkflowExecution(Describe("wf-delete")));
        Assert.Equal(GrpcStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(0L, await StoredRowsAsync(runId));

        // The id is free again, as after Temporal's delete.
        await Engine.StartWorkflowExecutionAsync(Start("wf-delete", WorkflowIdReusePolicy.RejectDuplicate)).WaitAsync(Deadline);

        var unknown = await Assert.ThrowsAsync<GrpcException>(() => Engine.DeleteWorkflowExecutionAsync(new DeleteWorkflowExecutionRequest { Namespace = Namespace, WorkflowExecution = new WorkflowExecution { WorkflowId = "wf-never" } }).WaitAsync(Deadline));
        Assert.Equal(GrpcStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task DeleteWorkflowExecution_RunningRun_ClosedWithTemporalsReasonAndIdentityBeforeItGoes()
    {
        // Temporal's reason and identity on the terminated event, read before the run is gone.
        var runId = (await Engine.StartWorkflowExecutionAsync(Start("wf-watched")).WaitAsync(Deadline)).RunId;
        var history = Engine.GetWorkflowExecutionHistoryAsync(new GetWorkflowExecutionHistoryRequest { Namespace = Namespace, Execution = new WorkflowExecution { WorkflowId = "wf-watched", RunId = runId }, WaitNewEvent = true, HistoryEventFilterType = HistoryEventFilterType.CloseEvent }, null, CancellationToken.None);

        await Engine.DeleteWorkflowExecutionAsync(new DeleteWorkflowExecutionRequest { Namespace = Namespace, WorkflowExecution = new WorkflowExecution { WorkflowId = "wf-watched", RunId = runId } }).WaitAsync(Deadline);

        var close = Assert.Single((await history.WaitAsync(Deadline)).History.Events);
        Assert.Equal("Delete workflow execution", close.WorkflowExecutionTerminatedEventAttributes.Reason);
        Assert.Equal("history-service", close.WorkflowExecutionTerminatedEventAttributes.Identity);
    }

    [Fact]
    public async Task SweepRetention_ClosedRunsPastRetention_DeletedFromStoreAndMemoryOpenAndRecentRunsKept()
    {
        var expired = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            expired.Add(await StartAndTerminateAsync($"wf-old-{i}"));
        }

        clock.Offset = TimeSpan.FromMinutes(61);
        var recent = await StartAndTerminateAsync("wf-recent");
        var open = (await Engine.StartWorkflowExecutionAsync(Start("wf-open")).WaitAsync(Deadline)).RunId;

        var deleted = await Engine.SweepRetentionAsync(CancellationToken.None).WaitAsync(Deadline);

        Assert.Equal(4, deleted);
        foreach (var runId in expired)
        {
            Assert.Equal(0L, await StoredRowsAsync(runId));
        }

        var list = await Engine.ListWorkflowExecutionsAsync(new ListWorkflowExecutionsRequest { Namespace = Namespace }).WaitAsync(Deadline);
        Assert.Equal(new[] { recent, open }.Order(StringComparer.Ordinal), list.Executions.Select(e => e.Execution.RunId).Order(StringComparer.Ordinal));
        var gone = Assert.Throws<GrpcException>(() => Engine.DescribeWorkflowExecution(Describe("wf-old-0")));
        Assert.Equal(GrpcStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(0, await Engine.SweepRetentionAsync(CancellationToken.None).WaitAsync(Deadline));
    }

    private async Task<ServerEngine> StartEngineAsync()
    {
        var store = new PostgresServerStore(new PostgresStoreOptions(postgres.ConnectionString) { Schema = schema });
        var started = new ServerEngine(store, clock, NullLogger.Instance, new ServerLimits { ClosedRunCacheSize = 2, RetentionSweepInterval = null, RetentionDeleteBatchSize = 3 });
        await started.StartAsync(["default"], CancellationToken.None);
        return started;
    }

    private async Task<string> StartAndTerminateAsync(string workflowId)
    {
        var runId = (await Engine.StartWorkflowExecutionAsync(Start(workflowId)).WaitAsync(Deadline)).RunId;
        await Engine.TerminateWorkflowExecutionAsync(new TerminateWorkflowExecutionRequest { Namespace = Namespace, WorkflowExecution = new WorkflowExecution { WorkflowId = workflowId, RunId = runId }, Reason = "done" }).WaitAsync(Deadline);
        return runId;
    }

    private Task<long> StoredRowsAsync(string runId) => postgres.ScalarAsync<long>(
        $"SELECT (SELECT count(*) FROM \"{schema}\".executions WHERE run_id = '{runId}') + (SELECT count(*) FROM \"{schema}\".history_events WHERE run_id = '{runId}')");

    private static DescribeWorkflowExecutionRequest Describe(string workflowId) => new() { Namespace = Namespace, Execution = new WorkflowExecution { WorkflowId = workflowId } };

    private static StartWorkflowExecutionRequest Start(string workflowId, WorkflowIdReusePolicy reuse = WorkflowIdReusePolicy.Unspecified) => new()
    {
        Namespace = Namespace,
        WorkflowId = workflowId,
        WorkflowType = new WorkflowType { Name = "RetainedWorkflow" },
        TaskQueue = new TaskQueue { Name = "retention-queue" },
        RequestId = Guid.NewGuid().ToString(),
        WorkflowIdReusePolicy = reuse,
    };
}
