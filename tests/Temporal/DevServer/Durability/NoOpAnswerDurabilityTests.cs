using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.DevServer.Engine;
using ContentFlows.Temporal.DevServer.Persistence.Postgres;
using ContentFlows.Temporal.DevServer.Tests.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Tests.Durability;

/// <summary>
/// Operations that change nothing (a retried signal or start, UseExisting, a repeated cancel) answer only once the
/// write they depend on is durable. Driven on the engine directly: its calls return once the change is made under
/// the lock, so the test knows the retry is in before the earlier write fails.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NoOpAnswerDurabilityTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly PostgresFixture postgres;
    private readonly string schema = PostgresFixture.NewSchemaName();
    private readonly StoreCommitGate gate = new();
    private ServerEngine? engine;

    public NoOpAnswerDurabilityTests(PostgresFixture postgres)
    {
        this.postgres = postgres;
    }

    private ServerEngine Engine => engine ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var store = new PostgresServerStore(new PostgresStoreOptions(postgres.ConnectionString) { Schema = schema }, beforeCommit: gate.BeforeCommitAsync);
        engine = new ServerEngine(store, TimeProvider.System, NullLogger.Instance);
        await engine.StartAsync(["default"], CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }

        gate.Dispose();
        await postgres.DropSchemaAsync(schema);
    }

    [Fact]
    public async Task RetriedSignalStartAndCancel_EarlierWriteStillInFlight_AnswerWaitsAndFailsWithIt()
    {
        var start = Start("wf-noop", "start-1");
        await Engine.StartWorkflowExecutionAsync(start).WaitAsync(Deadline);
        await Engine.RequestCancelWorkflowExecutionAsync(Cancel("wf-noop")).WaitAsync(Deadline);

        gate.Arm();
        var signal = Engine.SignalWorkflowExecutionAsync(Signal("wf-noop", "signal-1"));
        await gate.WaitUntilHeldAsync();

        // Each of these changes nothing: they answer from state the held write has not made durable yet.
        var retriedSignal = Engine.SignalWorkflowExecutionAsync(Signal("wf-noop", "signal-1"));
        var retriedStart = Engine.StartWorkflowExecutionAsync(start);
        var useExisting = Engine.StartWorkflowExecutionAsync(Start("wf-noop", "start-2", WorkflowIdConflictPolicy.UseExisting));
        var repeatedCancel = Engine.RequestCancelWorkflowExecutionAsync(Cancel("wf-noop"));
        Task[] noOps = [retriedSignal, retriedStart, useExisting, repeatedCancel];
        Assert.All(noOps, t => Assert.False(t.IsCompleted, "a no-op answered before the write it depends on was durable"));

        gate.ReleaseToFail();

        await Assert.ThrowsAnyAsync<Exception>(() => signal.WaitAsync(Deadline));
        foreach (var noOp in noOps)
        {
            var error = await Assert.ThrowsAsync<GrpcException>(() => noOp.WaitAsync(Deadline));
            Assert.Equal(GrpcStatusCode.Unavailable, error.StatusCode);
        }
    }

    [Fact]
    public async Task QueryRejectedAsNotOpen_CloseStillInFlight_AnswerWaitsAndFailsWithIt()
    {
        await Engine.StartWorkflowExecutionAsync(Start("wf-query", "start-query")).WaitAsync(Deadline);

        gate.Arm();
        var terminate = Engine.TerminateWorkflowExecutionAsync(new TerminateWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowExecution = new WorkflowExecution { WorkflowId = "wf-query" },
            Reason = "closing",
        });
        await gate.WaitUntilHeldAsync();

        // Rejected because the run is closed, which only the held terminate says.
        var query = Engine.QueryWorkflowAsync(
            new QueryWorkflowRequest
            {
                Namespace = "default",
                Execution = new WorkflowExecution { WorkflowId = "wf-query" },
                Query = new WorkflowQuery { QueryType = "state" },
                QueryRejectCondition = QueryRejectCondition.NotOpen,
            },
            null,
            CancellationToken.None);
        Assert.False(query.IsCompleted, "a query answered from a close that was not durable yet");

        gate.ReleaseToFail();

        await Assert.ThrowsAnyAsync<Exception>(() => terminate.WaitAsync(Deadline));
        var error = await Assert.ThrowsAsync<GrpcException>(() => query.WaitAsync(Deadline));
        Assert.Equal(GrpcStatusCode.Unavailable, error.StatusCode);
    }

    private static StartWorkflowExecutionRequest Start(string workflowId, string requestId, WorkflowIdConflictPolicy conflict = WorkflowIdConflictPolicy.Unspecified) => new()
    {
        Namespace = "default",
        WorkflowId = workflowId,
        WorkflowType = new WorkflowType { Name = "NoOpWorkflow" },
        TaskQueue = new TaskQueue { Name = "no-op-queue" },
        RequestId = requestId,
        WorkflowIdConflictPolicy = conflict,
    };

    private static SignalWorkflowExecutionRequest Signal(string workflowId, string requestId) => new()
    {
        Namespace = "default",
        WorkflowExecution = new WorkflowExecution { WorkflowId = workflowId },
        SignalName = "go",
        RequestId = requestId,
    };

    private static RequestCancelWorkflowExecutionRequest Cancel(string workflowId) => new()
    {
        Namespace = "default",
        WorkflowExecution = new WorkflowExecution { WorkflowId = workflowId },
        RequestId = Guid.NewGuid().ToString(),
    };
}
