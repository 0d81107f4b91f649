using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ContentFlows.Bench.StickyHistory;
using ContentFlows.Temporal.DevServer;
using Microsoft.Extensions.Logging;
using Temporalio.Client;
using Temporalio.Worker;

// Two roles in one executable: "serve" hosts the dev server (its own process, so its CPU is the server's alone)
// and records what it sends per workflow task; the default role starts it, runs the workflow on the official
// worker and compares the first tenth of the workflow's tasks with the last tenth.
if (args.Length > 0 && args[0] == "serve")
{
    await ServeAsync();
    return 0;
}

var count = IntOption("--n", 2000);
var cachedWorkflows = IntOption("--cache", 10000);
using var server = StartServerProcess();
var address = await ReadAddressAsync(server);
var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address));
var taskQueue = "sticky-history-" + Guid.NewGuid().ToString("N");
using var worker = new TemporalWorker(
    client,
    new TemporalWorkerOptions(taskQueue) { MaxCachedWorkflows = cachedWorkflows }
        .AddWorkflow<SequentialActivitiesWorkflow>()
        .AddAllActivities(new NoOpActivities()));

var clock = Stopwatch.StartNew();
var done = await worker.ExecuteAsync(() => client.ExecuteWorkflowAsync(
    (SequentialActivitiesWorkflow wf) => wf.RunAsync(count),
    new("sticky-history-" + Guid.NewGuid().ToString("N"), taskQueue)));
var seconds = clock.Elapsed.TotalSeconds;

await server.StandardInput.WriteLineAsync("report");
var deliveries = JsonSerializer.Deserialize<List<Delivery>>(await server.StandardOutput.ReadLineAsync() ?? "[]") ?? [];
await server.WaitForExitAsync();

var window = Math.Max(2, deliveries.Count / 10);
var start = Summarize(deliveries.Take(window).ToList());
var end = Summarize(deliveries.Skip(deliveries.Count - window).ToList());
var partial = deliveries.Count(d => d.FirstEventId > 1);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{done} activities, {deliveries.Count} workflow tasks ({partial} with partial history), worker cache {cachedWorkflows}, {seconds:F1} s wall time"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first {window} tasks: {start.Events:F1} events, {start.Bytes:F0} bytes, {start.CpuMs:F3} ms server CPU per workflow task (history up to event {start.LastStartedEventId})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"last {window} tasks:  {end.Events:F1} events, {end.Bytes:F0} bytes, {end.CpuMs:F3} ms server CPU per workflow task (history up to event {end.LastStartedEventId})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total sent for workflow tasks: {deliveries.Sum(d => (long)d.HistoryBytes) / 1024.0 / 1024.0:F1} MiB"));
return 0;

int IntOption(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static (double Events, double Bytes, double CpuMs, long LastStartedEventId) Summarize(IReadOnlyList<Delivery> tasks) => (
    tasks.Average(d => d.EventCount),
    tasks.Average(d => d.HistoryBytes),
    (tasks[^1].ServerCpuMilliseconds - tasks[0].ServerCpuMilliseconds) / (tasks.Count - 1),
    tasks[^1].StartedEventId);

static Process StartServerProcess()
{
    var start = new ProcessStartInfo(Environment.ProcessPath!)
    {
        RedirectStandardInput = true,
        RedirectStandardOutput = true,
        UseShellExecute = false,
    };
    if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
    {
        start.ArgumentList.Add(typeof(DeliveryRecorder).Assembly.Location);
    }

    start.ArgumentList.Add("serve");
    return Process.Start(start) ?? throw new InvalidOperationException("Could not start the dev server process.");
}

static async Task<string> ReadAddressAsync(Process server)
{
    var line = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
    return line?.StartsWith("listening ", StringComparison.Ordinal) == true
        ? line["listening ".Length..]
        : throw new InvalidOperationException("The dev server process did not report its address: " + line);
}

static async Task ServeAsync()
{
    using var recorder = new DeliveryRecorder();
    using var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(recorder));
    await using (var host = await DevServerHost.StartAsync(new DevServerOptions("127.0.0.1:0") { UiAddress = "off" }, loggerFactory))
    {
        Console.WriteLine("listening " + host.Address);
        while (await Console.In.ReadLineAsync() is { } command && command != "report")
        {
        }
    }

    Console.WriteLine(JsonSerializer.Serialize(recorder.Deliveries));
}
