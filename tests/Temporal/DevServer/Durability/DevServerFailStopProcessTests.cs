using ContentFlows.Temporal.DevServer.Tests.Persistence;
using Temporalio.Api.Common.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using TemporalConnection = Temporalio.Client.TemporalConnection;
using TemporalConnectionOptions = Temporalio.Client.TemporalConnectionOptions;
using Temporalio.Exceptions;

namespace ContentFlows.Temporal.DevServer.Tests.Durability;

/// <summary>The dev server program on PostgreSQL: it stops itself with a non-zero code when its store fails, and refuses a schema another server owns.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DevServerFailStopProcessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly PostgresFixture postgres;

    public DevServerFailStopProcessTests(PostgresFixture postgres)
    {
        this.postgres = postgres;
    }

    [Fact]
    public async Task Program_StoreRefusesAWrite_ExitsWithFailStopCodeAndARestartServesTheCommittedState()
    {
        var schema = PostgresFixture.NewSchemaName();
        var address = DevServerProcess.FreeAddress();
        var arguments = DevServerProcess.PostgresArguments(address, postgres.ConnectionString, schema);
        try
        {
            using (var server = await DevServerProcess.StartAsync(Deadline, arguments))
            {
                var connection = await TemporalConnection.ConnectAsync(new TemporalConnectionOptions(address));
                await connection.WorkflowService.StartWorkflowExecutionAsync(Start("wf-kept"));

                // A real fault, not a hook: PostgreSQL itself now rejects the next history write.
                await postgres.ScalarAsync<int>($"ALTER TABLE \"{schema}\".history_events ADD CONSTRAINT injected_fault CHECK (run_id = '' OR event_id < 3) NOT VALID");
                var refused = await Assert.ThrowsAsync<RpcException>(() => connection.WorkflowService.SignalWorkflowExecutionAsync(new SignalWorkflowExecutionRequest
                {
                    Namespace = "default",
                    WorkflowExecution = new WorkflowExecution { WorkflowId = "wf-kept" },
                    SignalName = "lost",
                    RequestId = Guid.NewGuid().ToString(),
                }));
                Assert.Equal(RpcException.StatusCode.Unavailable, refused.Code);

                Assert.Equal(70, await server.WaitForExitAsync(Deadline));
                Assert.Contains("stopped itself", server.StandardError, StringComparison.Ordinal);
            }

            await postgres.ScalarAsync<int>($"ALTER TABLE \"{schema}\".history_events DROP CONSTRAINT injected_fault");
            using var restarted = await DevServerProcess.StartAsync(Deadline, arguments);
            var client = await TemporalConnection.ConnectAsync(new TemporalConnectionOptions(address));
            var history = await client.WorkflowService.GetWorkflowExecutionHistoryAsync(new GetWorkflowExecutionHistoryRequest
            {
                Namespace = "default",
                Execution = new WorkflowExecution { WorkflowId = "wf-kept" },
            });
            Assert.Equal(2, history.History.Events.Count);
        }
        finally
        {
            await postgres.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task Program_SecondServerOnTheSameSchema_RefusesToStartNamingTheSchema()
    {
        var schema = PostgresFixture.NewSchemaName();
        var first = DevServerProcess.PostgresArguments(DevServerProcess.FreeAddress(), postgres.ConnectionString, schema);
        var second = DevServerProcess.PostgresArguments(DevServerProcess.FreeAddress(), postgres.ConnectionString, schema);
        try
        {
            using var owner = await DevServerProcess.StartAsync(Deadline, first);

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => DevServerProcess.StartAsync(Deadline, second));

            Assert.Contains("exited with code 1", refused.Message, StringComparison.Ordinal);
            Assert.Contains($"Another dev server already uses PostgreSQL schema '{schema}'", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            await postgres.DropSchemaAsync(schema);
        }
    }

    private static StartWorkflowExecutionRequest Start(string workflowId) => new()
    {
        Namespace = "default",
        WorkflowId = workflowId,
        WorkflowType = new WorkflowType { Name = "KeptWorkflow" },
        TaskQueue = new TaskQueue { Name = "kept-queue" },
        RequestId = Guid.NewGuid().ToString(),
    };
}
