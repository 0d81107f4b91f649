using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.DevServer;
using ContentFlows.Temporal.Worker;
using Temporalio.Api.Enums.V1;
using Xunit.Abstractions;

namespace ContentFlows.Temporal.Sdk.Tests.Worker;

public sealed class TemporalWorkerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ExecuteAsync_ServerRestarts_WorkerKeepsPollingAndRunsNewWork()
    {
        var server = await DevServerHost.StartAsync(new DevServerOptions("127.0.0.1:0") { UiAddress = null });
        var address = server.Address;
        using var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address));
        var taskQueue = "restart-" + Guid.NewGuid().ToString("N");
        var activities = new ActivityWorkerTestActivities();
        using var worker = new TemporalWorker(
            client,
            new TemporalWorkerOptions(taskQueue) { LoggerFactory = TestOutputLoggerProvider.CreateFactory(output) }.AddAllActivities(activities));
        using var stop = new CancellationTokenSource();
        var running = worker.ExecuteAsync(stop.Token);
        try
        {
            // Whether the worker is still checking the namespace or already polling, a server restart must not stop it.
            await server.DisposeAsync();
            server = await DevServerHost.StartAsync(new DevServerOptions(address) { UiAddress = null });

            var workflow = await ManualWorkflow.StartAsync(client, taskQueue);
            await workflow.ScheduleAsync(ManualWorkflow.ScheduleActivity("Greet", workflow.Arguments("again"), taskQueue));
            var events = await workflow.WaitForEventAsync(EventType.ActivityTaskCompleted);

            Assert.Contains(events, e => e.EventType == EventType.ActivityTaskCompleted);
            Assert.False(running.IsCompleted);
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
            }

            await server.DisposeAsync();
        }
    }
}
