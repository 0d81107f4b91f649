using ContentFlows.Temporal.DevServer.Tests.Rpc;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.DevServer.Tests.Durability;

/// <summary>Temporal's history limits, lowered through its own dynamic config keys: suggest continue-as-new, then terminate.</summary>
public sealed class HistoryLimitTests : IAsyncLifetime
{
    private DevServerHost? host;
    private WorkflowServiceClient? client;

    private WorkflowServiceClient Client => client ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var options = new DevServerOptions("127.0.0.1:0") { UiAddress = "off" };
        options.DynamicConfigValues["limit.historyCount.suggestContinueAsNew"] = "3";
        options.DynamicConfigValues["limit.historyCount.warn"] = "5";
        options.DynamicConfigValues["limit.historyCount.error"] = "10";
        host = await DevServerHost.StartAsync(options);
        client = await WorkflowServiceClient.ConnectAsync(host);
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task PollWorkflowTask_HistoryAtTheSuggestCount_StartedEventSuggestsContinueAsNew()
    {
        var queue = Names.Unique("suggest-queue");
        await Client.StartAsync(Names.Unique("suggest"), queue);

        var task = await Client.NextWorkflowTaskAsync(queue);

        var started = task.History.Events.Single(e => e.EventType == EventType.WorkflowTaskStarted).WorkflowTaskStartedEventAttributes;
        Assert.True(started.SuggestContinueAsNew);
        Assert.Equal([SuggestContinueAsNewReason.TooManyHistoryEvents], started.SuggestContinueAsNewReasons);
    }

    [Fact]
    public async Task Signals_HistoryPastTheErrorCount_RunTerminatedWithTemporalsReason()
    {
        var id = Names.Unique("runaway");
        await Client.StartAsync(id, Names.Unique("runaway-queue"));

        // Started + workflow task scheduled + 9 signals = 11 events > 10.
        for (var i = 0; i < 9; i++)
        {
            await Client.SignalAsync(id);
        }

        var history = await Client.GetHistoryAsync(id);
        var terminated = history[^1];
        Assert.Equal(EventType.WorkflowExecutionTerminated, terminated.EventType);
        Assert.Equal("Workflow history count exceeds limit.", terminated.WorkflowExecutionTerminatedEventAttributes.Reason);
        Assert.Equal("history-service", terminated.WorkflowExecutionTerminatedEventAttributes.Identity);
        Assert.Equal(12, history.Count);
        Assert.Equal(WorkflowExecutionStatus.Terminated, (await Client.DescribeAsync(id)).WorkflowExecutionInfo.Status);
    }
}
