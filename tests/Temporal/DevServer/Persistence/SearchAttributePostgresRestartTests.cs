using ContentFlows.Temporal.DevServer.Tests.Rpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Client;

namespace ContentFlows.Temporal.DevServer.Tests.Persistence;

/// <summary>A namespace's search attributes survive a restart on the PostgreSQL store (they travel in its namespace record, as in Temporal).</summary>
[Collection(PostgresCollection.Name)]
public sealed class SearchAttributePostgresRestartTests(PostgresFixture postgres)
{
    [Fact]
    public async Task AddThenRemoveSearchAttributes_ServerRestarted_KeepsTheNamespacesAttributes()
    {
        var options = new DevServerOptions("127.0.0.1:0")
        {
            Store = DevServerStoreKind.Postgres,
            PostgresConnectionString = postgres.ConnectionString,
            PostgresSchema = PostgresFixture.NewSchemaName(),
        };
        var rpc = new RpcOptions { Timeout = TimeSpan.FromSeconds(30) };

        await using (var host = await DevServerHost.StartAsync(options))
        {
            var connection = (await WorkflowServiceClient.ConnectAsync(host)).Connection;
            await connection.OperatorService.AddSearchAttributesAsync(
                new AddSearchAttributesRequest { Namespace = "default", SearchAttributes = { ["Stage"] = IndexedValueType.Keyword, ["Attempts"] = IndexedValueType.Int } }, rpc);
            await connection.OperatorService.RemoveSearchAttributesAsync(new RemoveSearchAttributesRequest { Namespace = "default", SearchAttributes = { "Attempts" } }, rpc);
        }

        await using (var restarted = await DevServerHost.StartAsync(options))
        {
            var connection = (await WorkflowServiceClient.ConnectAsync(restarted)).Connection;
            var list = await connection.OperatorService.ListSearchAttributesAsync(new ListSearchAttributesRequest { Namespace = "default" }, rpc);
            Assert.Equal(IndexedValueType.Keyword, list.CustomAttributes["Stage"]);
            Assert.DoesNotContain("Attempts", list.CustomAttributes.Keys);

            var start = WorkflowServiceClient.NewStart(Names.Unique("sa"), Names.Unique("tq"));
            start.Namespace = "default";
            start.SearchAttributes = OperatorServiceTests.Attributes(("Stage", "\"review\""));
            await connection.WorkflowService.StartWorkflowExecutionAsync(start, rpc);
        }
    }
}
