using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Filter.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using StatusCode = Temporalio.Exceptions.RpcException.StatusCode;

namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

/// <summary>ListOpen/ListClosed filters, NOT in queries, the nesting limit, and paging while runs start and close, over real gRPC.</summary>
[Collection(DevServerCollection.Name)]
public sealed class ListWorkflowExecutionsTests(DevServerFixture fixture)
{
    private WorkflowService Service => fixture.Client.Connection.WorkflowService;

    [Fact]
    public async Task ListOpenAndClosed_Filters_SelectAsTemporal()
    {
        var ns = await RegisterNamespaceAsync();
        var client = await WorkflowServiceClient.ConnectAsync(fixture.Host, ns);
        var before = DateTime.UtcNow.AddSeconds(-1);
        var openA = Names.Unique("open-a");
        var openB = Names.Unique("open-b");
        var closed = Names.Unique("closed");
        await client.StartAsync(WorkflowServiceClient.NewStart(openA, Names.Unique("tq"), "TypeA"));
        await client.StartAsync(WorkflowServiceClient.NewStart(openB, Names.Unique("tq"), "TypeB"));
        await client.StartAsync(WorkflowServiceClient.NewStart(closed, Names.Unique("tq"), "TypeA"));
        await client.TerminateAsync(closed);

        var open = await Service.ListOpenWorkflowExecutionsAsync(new ListOpenWorkflowExecutionsRequest { Namespace = ns }, Options());
        Assert.Equal(new[] { openA, openB }.Order(), open.Executions.Select(e => e.Execution.WorkflowId).Order());

        var byType = await Service.ListOpenWorkflowExecutionsAsync(new ListOpenWorkflowExecutionsRequest { Namespace = ns, TypeFilter = new WorkflowTypeFilter { Name = "TypeA" } }, Options());
        Assert.Equal(openA, Assert.Single(byType.Executions).Execution.WorkflowId);

        var byId = await Service.ListOpenWorkflowExecutionsAsync(new ListOpenWorkflowExecutionsRequest { Namespace = ns, ExecutionFilter = new WorkflowExecutionFilter { WorkflowId = openB } }, Options());
        Assert.Equal(openB, Assert.Single(byId.Executions).Execution.WorkflowId);

        var startedLater = await Service.ListOpenWorkflowExecutionsAsync(new ListOpenWorkflowExecutionsRequest
        {
            Namespace = ns,
            StartTimeFilter = new StartTimeFilter { EarliestTime = Timestamp.FromDateTime(DateTime.UtcNow.AddHours(1)) },
        }, Options());
        Assert.Empty(startedLater.Executions);

        var closedList = await Service.ListClosedWorkflowExecutionsAsync(new ListClosedWorkflowExecutionsRequest
        {
            Namespace = ns,
            StatusFilter = new StatusFilter { Status = WorkflowExecutionStatus.Terminated },
            StartTimeFilter = new StartTimeFilter { EarliestTime = Timestamp.FromDateTime(before), LatestTime = Timestamp.FromDateTime(DateTime.UtcNow.AddMinutes(1)) },
        }, Options());
        Assert.Equal(closed, Assert.Single(closedList.Executions).Execution.WorkflowId);

        var completed = await Service.ListClosedWorkflowExecutionsAsync(new ListClosedWorkflowExecutionsRequest { Namespace = ns, StatusFilter = new StatusFilter { Status = WorkflowExecutionStatus.Completed } }, Options());
        Assert.Empty(completed.Executions);
    }

    [Fact]
    public async Task ListClosed_BadFilters_InvalidArgumentAsTemporal()
    {
        var running = await AssertStatusAsync(StatusCode.InvalidArgument, () => Service.ListClosedWorkflowExecutionsAsync(
            new ListClosedWorkflowExecutionsRequest { Namespace = "default", StatusFilter = new StatusFilter { Status = WorkflowExecutionStatus.Running } }, Options()));
        Assert.Equal("StatusFilter must be specified and must be not Running.", running.Message);

        var reversed = await AssertStatusAsync(StatusCode.InvalidArgument, () => Service.ListOpenWorkflowExecutionsAsync(
            new ListOpenWorkflowExecutionsRequest
            {
                Namespace = "default",
                StartTimeFilter = new StartTimeFilter { EarliestTime = Timestamp.FromDateTime(DateTime.UtcNow), LatestTime = Timestamp.FromDateTime(DateTime.UtcNow.AddHours(-1)) },
            },
            Options()));
        Assert.Equal("EarliestTime in StartTimeFilter should not be larger than LatestTime.", reversed.Message);
    }

    [Fact]
    public async Task ListWorkflowExecutions_NotAndNesting_AnsweredOverGrpc()
    {
        var ns = await RegisterNamespaceAsync();
        var client = await WorkflowServiceClient.ConnectAsync(fixture.Host, ns);
        var kept = Names.Unique("kept");
        var dropped = Names.Unique("dropped");
        await client.StartAsync(kept, Names.Unique("tq"));
        await client.StartAsync(dropped, Names.Unique("tq"));

        var list = await client.ListAsync($"NOT (WorkflowId = '{dropped}')");
        Assert.Equal(kept, Assert.Single(list.Executions).Execution.WorkflowId);

        var depth = 1_000_000;
        var deep = new string('(', depth) + "WorkflowId = 'x'" + new string(')', depth);
        var error = await AssertStatusAsync(StatusCode.InvalidArgument, () => client.ListAsync(deep));
        Assert.Contains("nest deeper than", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await client.CountAsync(string.Empty)).Count);
    }

    [Fact]
    public async Task ListWorkflowExecutions_RunsStartAndCloseBetweenPages_NoRowSkippedOrRepeated()
    {
        var ns = await RegisterNamespaceAsync();
        var client = await WorkflowServiceClient.ConnectAsync(fixture.Host, ns);
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var id = Names.Unique($"page-{i}");
            ids.Add(id);
            await client.StartAsync(id, Names.Unique("tq"));
        }

        var seen = new List<string>();
        var token = ByteString.Empty;
        var page = 0;
        do
        {
            var response = await Service.ListWorkflowExecutionsAsync(new ListWorkflowExecutionsRequest { Namespace = ns, PageSize = 2, NextPageToken = token }, Options());
            seen.AddRange(response.Executions.Select(e => e.Execution.WorkflowId));
            token = response.NextPageToken;
            if (page++ == 0)
            {
                // Between pages: a not-yet-listed run closes (in the default order it would jump to the closed
                // group behind the open ones), an already-listed one closes, and a new run starts.
                await client.TerminateAsync(seen[0]);
                await client.TerminateAsync(ids.First(id => !seen.Contains(id)));
                await client.StartAsync(Names.Unique("late"), Names.Unique("tq"));
            }
        }
        while (!token.IsEmpty);

        Assert.Equal(ids.Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    private static RpcOptions Options() => new() { Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<RpcException> AssertStatusAsync(StatusCode expected, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(expected == error.Code, $"Expected {expected} but got {error.Code}: {error.Message}");
        return error;
    }

    private async Task<string> RegisterNamespaceAsync()
    {
        var ns = Names.Unique("list-ns");
        await Service.RegisterNamespaceAsync(new RegisterNamespaceRequest { Namespace = ns, WorkflowExecutionRetentionPeriod = Duration.FromTimeSpan(TimeSpan.FromDays(1)) }, Options());
        return ns;
    }
}
