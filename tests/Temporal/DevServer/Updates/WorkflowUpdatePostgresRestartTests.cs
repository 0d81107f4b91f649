using ContentFlows.Temporal.DevServer.Tests.Persistence;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Worker;

namespace ContentFlows.Temporal.DevServer.Tests.Updates;

/// <summary>An accepted update survives a SIGKILL of the dev server on the PostgreSQL store and completes after the restart.</summary>
[Collection(PostgresCollection.Name)]
public sealed class WorkflowUpdatePostgresRestartTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly PostgresFixture postgres;

    public WorkflowUpdatePostgresRestartTests(PostgresFixture postgres)
    {
        this.postgres = postgres;
    }

    [Fact]
    public async Task AcceptedUpdate_ServerKilledAndRestarted_CompletesWithOutcomeInHistory()
    {
        var schema = PostgresFixture.NewSchemaName();
        var address = DevServerProcess.FreeAddress();
        var arguments = DevServerProcess.PostgresArguments(address, postgres.ConnectionString, schema);
        var taskQueue = $"updates-restart-{Guid.NewGuid():N}";
        using var timeout = new CancellationTokenSource(Deadline);
        var rpc = new RpcOptions { CancellationToken = timeout.Token };
        try
        {
            string workflowId;
            string updateId;
            using (var server = await DevServerProcess.StartAsync(Deadline, arguments))
            {
                var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address));
                using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<CartWorkflow>());
                (workflowId, updateId) = await worker.ExecuteAsync(
                    async () =>
                    {
                        var handle = await client.StartWorkflowAsync((CartWorkflow wf) => wf.RunAsync(), new($"cart-{Guid.NewGuid():N}", taskQueue) { Rpc = rpc });
                        var update = await handle.StartUpdateAsync(wf => wf.AddItemWhenReleasedAsync("lamp"), new(WorkflowUpdateStage.Accepted) { Rpc = rpc });
                        return (handle.Id, update.Id);
                    },
                    timeout.Token);
                server.Kill();
            }

            using var restarted = await DevServerProcess.StartAsync(Deadline, arguments);
            var newClient = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address));
            using var newWorker = new TemporalWorker(newClient, new TemporalWorkerOptions(taskQueue).AddWorkflow<CartWorkflow>());
            var (count, history) = await newWorker.ExecuteAsync(
                async () =>
                {
                    var handle = newClient.GetWorkflowHandle<CartWorkflow>(workflowId);
                    await handle.SignalAsync(wf => wf.ReleaseAsync(), new() { Rpc = rpc });
                    var count = await handle.GetUpdateHandle<int>(updateId).GetResultAsync(rpc);
                    await handle.ExecuteUpdateAsync(wf => wf.CheckoutAsync(), new() { Rpc = rpc });
                    await handle.GetResultAsync<string>(rpcOptions: rpc);
                    return (count, await handle.FetchHistoryAsync());
                },
                timeout.Token);

            Assert.Equal(1, count);
            var events = history.Events.ToList();
            var accepted = Assert.Single(events, e => e.WorkflowExecutionUpdateAcceptedEventAttributes?.ProtocolInstanceId == updateId);
            var completed = Assert.Single(events, e => e.WorkflowExecutionUpdateCompletedEventAttributes?.Meta.UpdateId == updateId);
            Assert.Equal(accepted.EventId, completed.WorkflowExecutionUpdateCompletedEventAttributes.AcceptedEventId);
            Assert.True(completed.EventId > events.First(e => e.EventType == EventType.WorkflowExecutionSignaled).EventId, "the update completes after the release signal sent to the restarted server");
        }
        finally
        {
            await postgres.DropSchemaAsync(schema);
        }
    }
}
