using ContentFlows.Temporal.DevServer.Tests.Rpc;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Tests.Durability;

/// <summary>Signal-with-start on a running workflow and start delays, as Temporal's history service does them.</summary>
[Collection(DevServerCollection.Name)]
public sealed class SignalWithStartTests
{
    private readonly DevServerFixture server;

    public SignalWithStartTests(DevServerFixture server)
    {
        this.server = server;
    }

    private WorkflowServiceClient Client => server.Client;

    [Fact]
    public async Task SignalWithStart_RetriedOnARunningWorkflow_RecordsOneSignal()
    {
        var id = Names.Unique("sws-dedupe");
        var request = SignalWithStart(id, "sws-dedupe-request");
        await Client.Connection.WorkflowService.SignalWithStartWorkflowExecutionAsync(request);

        var retried = await Client.Connection.WorkflowService.SignalWithStartWorkflowExecutionAsync(request);
        var other = await Client.Connection.WorkflowService.SignalWithStartWorkflowExecutionAsync(SignalWithStart(id, "sws-other-request"));

        Assert.False(retried.Started);
        Assert.False(other.Started);
        var signals = (await Client.GetHistoryAsync(id)).Where(e => e.EventType == EventType.WorkflowExecutionSignaled).ToList();
        Assert.Equal(["sws-dedupe-request", "sws-other-request"], signals.Select(e => e.WorkflowExecutionSignaledEventAttributes.RequestId));
    }

    [Fact]
    public async Task SignalWithStart_RunWaitingOutItsStartDelay_SchedulesTheFirstWorkflowTaskNow()
    {
        var id = Names.Unique("sws-delay");
        var first = SignalWithStart(id, "sws-delay-1");
        first.WorkflowStartDelay = Duration.FromTimeSpan(TimeSpan.FromHours(1));
        await Client.Connection.WorkflowService.SignalWithStartWorkflowExecutionAsync(first);
        Assert.Null((await Client.DescribeAsync(id)).PendingWorkflowTask);

        var second = SignalWithStart(id, "sws-delay-2");
        second.WorkflowStartDelay = Duration.FromTimeSpan(TimeSpan.FromHours(1));
        await Client.Connection.WorkflowService.SignalWithStartWorkflowExecutionAsync(second);

        Assert.NotNull((await Client.DescribeAsync(id)).PendingWorkflowTask);
        var types = (await Client.GetHistoryAsync(id)).Select(e => e.EventType).ToList();
        Assert.Equal([EventType.WorkflowExecutionStarted, EventType.WorkflowExecutionSignaled, EventType.WorkflowExecutionSignaled, EventType.WorkflowTaskScheduled], types);
    }

    [Fact]
    public async Task Start_WithDelayAndRunTimeout_RunExpiresDelayPlusTimeoutAfterStart()
    {
        var id = Names.Unique("run-timeout-delay");
        await Client.StartAsync(id, "run-timeout-queue", r =>
        {
            r.WorkflowStartDelay = Duration.FromTimeSpan(TimeSpan.FromHours(2));
            r.WorkflowRunTimeout = Duration.FromTimeSpan(TimeSpan.FromHours(1));
        });

        var described = await Client.DescribeAsync(id);

        var start = described.WorkflowExecutionInfo.StartTime.ToDateTimeOffset();
        Assert.Equal(start + TimeSpan.FromHours(3), described.WorkflowExtendedInfo.RunExpirationTime.ToDateTimeOffset());
    }

    private SignalWithStartWorkflowExecutionRequest SignalWithStart(string workflowId, string requestId) => new()
    {
        Namespace = Client.Namespace,
        WorkflowId = workflowId,
        WorkflowType = new WorkflowType { Name = "TestWorkflow" },
        TaskQueue = new TaskQueue { Name = "sws-queue" },
        SignalName = "go",
        SignalInput = WorkflowCommands.Json("\"sig\""),
        RequestId = requestId,
        Identity = WorkflowServiceClient.Identity,
    };
}
