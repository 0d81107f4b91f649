using ContentFlows.Temporal.DevServer.Tests.Persistence;
using ContentFlows.Temporal.DevServer.Tests.Rpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Exceptions;

namespace ContentFlows.Temporal.DevServer.Tests.Durability;

/// <summary>The in-process dev server on PostgreSQL with faults injected into its store and its operations.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DevServerFaultInjectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly PostgresFixture postgres;
    private readonly string schema = PostgresFixture.NewSchemaName();
    private readonly List<DevServerHost> hosts = [];

    public DevServerFaultInjectionTests(PostgresFixture postgres)
    {
        this.postgres = postgres;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }

        await postgres.DropSchemaAsync(schema);
    }

    [Fact]
    public async Task Reads_TheWriteTheyWouldShowIsLost_AnswerUnavailableAndNeverShowIt()
    {
        using var gate = new StoreCommitGate();
        var host = await StartHostAsync(new DevServerTestHooks { BeforeStoreCommit = gate.BeforeCommitAsync });
        var client = await WorkflowServiceClient.ConnectAsync(host);
        await client.StartAsync("wf-read", "read-queue");

        gate.Arm();
        var signal = client.SignalAsync("wf-read", "lost-signal");
        await gate.WaitUntilHeldAsync();
        var reads = new List<(string Name, Task Read)>
        {
            ("describe", client.DescribeAsync("wf-read")),
            ("history", client.GetHistoryAsync("wf-read")),
            ("list", client.ListAsync(string.Empty)),
            ("count", client.CountAsync(string.Empty)),
        };
        gate.ReleaseToFail();

        await Assert.ThrowsAsync<RpcException>(() => signal.WaitAsync(Deadline));
        foreach (var (name, read) in reads)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => read.WaitAsync(Deadline));
            Assert.True(error.Code == RpcException.StatusCode.Unavailable, $"{name}: {error.Code} {error.Message}");
        }

        var cause = await host.Failed.WaitAsync(Deadline);
        Assert.Contains("injected", cause.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signal_OperationThrowsHalfWay_ServerStopsAndNoLaterOperationPersistsItsEvent()
    {
        var faults = 0;
        var hooks = new DevServerTestHooks
        {
            EngineFaultPoint = point =>
            {
                if (point == "signal-recorded" && Interlocked.Increment(ref faults) == 1)
                {
                    throw new InvalidOperationException("injected: a bug after the signal was recorded");
                }
            },
        };
        var host = await StartHostAsync(hooks);
        var client = await WorkflowServiceClient.ConnectAsync(host);
        await client.StartAsync("wf-half", "half-queue");

        await Assert.ThrowsAsync<RpcException>(() => client.SignalAsync("wf-half", "half-applied"));
        var later = await Assert.ThrowsAsync<RpcException>(() => client.SignalAsync("wf-half", "later"));
        Assert.Equal(RpcException.StatusCode.Unavailable, later.Code);
        var cause = await host.Failed.WaitAsync(Deadline);
        Assert.Contains("injected", cause.Message, StringComparison.Ordinal);

        // What a restarted server recovers: the run as it was before the failed operation.
        await host.DisposeAsync();
        hosts.Remove(host);
        var restarted = await StartHostAsync(null);
        var history = await (await WorkflowServiceClient.ConnectAsync(restarted)).GetHistoryAsync("wf-half");
        Assert.DoesNotContain(history, e => e.EventType == EventType.WorkflowExecutionSignaled);
        Assert.Equal([EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled], history.Select(e => e.EventType));
    }

    [Fact]
    public async Task StartTimer_SixtyDays_AcceptedAndPendingAcrossARestart()
    {
        var host = await StartHostAsync(null);
        var client = await WorkflowServiceClient.ConnectAsync(host);
        await client.StartAsync("wf-long", "long-queue", r => r.WorkflowStartDelay = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromDays(55)));
        await client.StartAsync("wf-timer", "long-queue", r => r.WorkflowRunTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromDays(365)));
        var task = await client.NextWorkflowTaskAsync("long-queue");
        await client.CompleteWorkflowTaskAsync(task.TaskToken, WorkflowCommands.StartTimer("sixty-days", TimeSpan.FromDays(60)));

        await host.DisposeAsync();
        hosts.Remove(host);
        var restarted = await StartHostAsync(null);
        var newClient = await WorkflowServiceClient.ConnectAsync(restarted);

        var history = await newClient.GetHistoryAsync("wf-timer");
        var started = Assert.Single(history, e => e.EventType == EventType.TimerStarted);
        Assert.Equal(TimeSpan.FromDays(60), started.TimerStartedEventAttributes.StartToFireTimeout.ToTimeSpan());
        Assert.Equal(WorkflowExecutionStatus.Running, (await newClient.DescribeAsync("wf-timer")).WorkflowExecutionInfo.Status);
        var delayed = await newClient.DescribeAsync("wf-long");
        Assert.Equal(WorkflowExecutionStatus.Running, delayed.WorkflowExecutionInfo.Status);
        Assert.Null(delayed.PendingWorkflowTask);
    }

    private async Task<DevServerHost> StartHostAsync(DevServerTestHooks? hooks)
    {
        var host = await DevServerHost.StartAsync(new DevServerOptions("127.0.0.1:0")
        {
            UiAddress = "off",
            Store = DevServerStoreKind.Postgres,
            PostgresConnectionString = postgres.ConnectionString,
            PostgresSchema = schema,
            TestHooks = hooks,
        });
        hosts.Add(host);
        return host;
    }
}
