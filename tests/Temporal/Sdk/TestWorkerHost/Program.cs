using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Sdk.TestWorkerHost;
using ContentFlows.Temporal.Worker;

// Usage: dotnet ContentFlows.Temporal.Sdk.TestWorkerHost.dll, with TEMPORAL_ADDRESS (host:port), TASK_QUEUE and
// ACTIVITY_LOG (the file activities append to) in the environment. Prints "ready" once polling, then runs until
// Ctrl+C (or until the test kills it).
var address = Required("TEMPORAL_ADDRESS");
var taskQueue = Required("TASK_QUEUE");
var activityLog = Required("ACTIVITY_LOG");

using var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address));
using var worker = new TemporalWorker(
    client,
    new TemporalWorkerOptions(taskQueue).AddWorkflow<KillableWorkflow>().AddAllActivities(new KillableActivities(activityLog)));
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var running = worker.ExecuteAsync(stop.Token);
Console.WriteLine("ready");
try
{
    await running;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
}

static string Required(string name) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"Environment variable {name} is required.");
