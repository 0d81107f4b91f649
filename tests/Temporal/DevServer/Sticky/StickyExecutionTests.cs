using Microsoft.Extensions.Logging;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using ContentFlows.Temporal.DevServer.Tests.Rpc;
using Temporalio.Worker;

namespace ContentFlows.Temporal.DevServer.Tests.Sticky;

/// <summary>
/// Sticky execution with the official .NET worker (sdk-core, cache on) over real gRPC: what the server sent
/// each workflow task is read from its delivery log, and workers are swapped mid-run.
/// </summary>
public sealed class StickyExecutionTests : IAsyncLifetime
{
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(60);

    private readonly WorkflowTaskDeliveryLog _deliveries = new();
    private ILoggerFactory? _loggerFactory;
    private DevServerHost? _host;
    private TemporalClient? _client;

    private TemporalClient Client => _client ?? throw new InvalidOperationException("The dev server is not started.");

    public async Task InitializeAsync()
    {
        _loggerFactory = _deliveries.CreateLoggerFactory();
        _host = await DevServerHost.StartAsync(new DevServerOptions("127.0.0.1:0") { UiAddress = "off" }, _loggerFactory);
        _client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(_host.Address));
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _loggerFactory?.Dispose();
    }

    [Fact]
    public async Task SequentialActivities_CachingWorker_GetsOnlyNewEventsAfterFirstTask()
    {
        const int Activities = 40;
        var taskQueue = Names.Unique("sticky-sdk");
        var workflowId = Names.Unique("sticky-sdk-wf");
        using var worker = NewWorker(taskQueue, "caching-worker");

        var result = await worker.ExecuteAsync(() => Client.ExecuteWorkflowAsync(
            (SequentialActivitiesWorkflow wf) => wf.RunAsync(Activities),
            new(workflowId, taskQueue)).WaitAsync(RunDeadline));

        Assert.Equal(Activities * (Activities + 1) / 2, result);
        var tasks = _deliveries.WorkflowTasksOf(workflowId);
        Assert.True(tasks.Count >= Activities + 1, $"Expected a task per activity, got {tasks.Count}.");
        Assert.Equal(1, tasks[0].FirstEventId);
        Assert.All(tasks.Skip(1), t =>
        {
            Assert.Equal(t.PreviousStartedEventId + 1, t.FirstEventId);
            Assert.InRange(t.EventCount, 1, 8);
        });
    }

    [Fact]
    public async Task WorkerStopped_AnotherStarted_FinishesRunFromFullHistoryWithoutWaitingOutStickyTimeout()
    {
        var taskQueue = Names.Unique("sticky-handover");
        var workflowId = Names.Unique("sticky-handover-wf");
        WorkflowHandle<SignalThenActivityWorkflow, int> handle;
        using (var first = NewWorker(taskQueue, "first-worker"))
        {
            handle = await first.ExecuteAsync(async () =>
            {
                var started = await Client.StartWorkflowAsync((SignalThenActivityWorkflow wf) => wf.RunAsync(), new(workflowId, taskQueue));
                await WaitForEventAsync(started, EventType.WorkflowTaskCompleted);
                return started;
            });
        }

        await handle.SignalAsync(wf => wf.GoAsync(7));
        using var second = NewWorker(taskQueue, "second-worker");
        var result = await second.ExecuteAsync(() => handle.GetResultAsync().WaitAsync(RunDeadline));

        Assert.Equal(7, result);
        var history = await handle.FetchHistoryAsync();
        Assert.DoesNotContain(history.Events, e => e.EventType == EventType.WorkflowTaskTimedOut);
        var secondTasks = history.Events.Where(e => e.EventType == EventType.WorkflowTaskStarted && e.WorkflowTaskStartedEventAttributes.Identity == "second-worker").ToList();
        Assert.NotEmpty(secondTasks);
        var firstTaskOfSecondWorker = _deliveries.WorkflowTasksOf(workflowId).Single(t => t.StartedEventId == secondTasks[0].EventId);
        Assert.Equal(1, firstTaskOfSecondWorker.FirstEventId);
    }

    private static async Task WaitForEventAsync(WorkflowHandle handle, EventType type)
    {
        var deadline = DateTime.UtcNow + RunDeadline;
        while (true)
        {
            var history = await handle.FetchHistoryAsync();
            if (history.Events.Any(e => e.EventType == type))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No {type} within {RunDeadline}.");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private TemporalWorker NewWorker(string taskQueue, string identity) => new(
        Client,
        new TemporalWorkerOptions(taskQueue) { Identity = identity }
            .AddWorkflow<SequentialActivitiesWorkflow>()
            .AddWorkflow<SignalThenActivityWorkflow>()
            .AddAllActivities(new NoOpActivities()));
}
