using ContentFlows.Temporal.InteropTests.WorkerHost;
using Temporalio.Client;
using Temporalio.Worker;

// Usage: dotnet ContentFlows.Temporal.InteropTests.WorkerHost.dll, with TEMPORAL_ADDRESS (host:port), TASK_QUEUE and
// ACTIVITY_LOG (the file activities append to) in the environment. Prints "ready" once the worker runs, then runs until
// Ctrl+C (or until the test kills it).
string address = Required("TEMPORAL_ADDRESS");
string taskQueue = Required("TASK_QUEUE");
string activityLog = Required("ACTIVITY_LOG");

TemporalClient client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address));
using var worker = new TemporalWorker(
    client,
    new TemporalWorkerOptions(taskQueue).AddWorkflow<KillableWorkflow>().AddAllActivities(new KillableActivities(activityLog)));
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

Task running = worker.ExecuteAsync(stop.Token);
Console.WriteLine("ready");
try
{
    await running;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    // Asked to stop.
}

static string Required(string name) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"Environment variable {name} is required.");
