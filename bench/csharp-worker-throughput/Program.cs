using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ContentFlows.Bench.CSharpWorker;
using Temporalio.Client;
using Temporalio.Worker;

// .NET worker throughput: N workflows of three no-op activities run by a worker of the official Temporal .NET SDK, with
// at most --concurrency in flight; the client runs in the same process, as in the TS bench. Prints one JSON line with
// the TS bench's fields.
//   dotnet ContentFlows.Bench.CSharpWorker.dll --address host:port [--n 1000] [--concurrency 100] [--warmup 20] [--store label] [--server-pid PID]
var arguments = ParseArguments(args);
if (!arguments.TryGetValue("address", out var address))
{
    await Console.Error.WriteLineAsync("usage: ContentFlows.Bench.CSharpWorker --address host:port [--n 1000] [--concurrency 100] [--warmup 20] [--store label] [--server-pid PID]");
    return 2;
}

var n = int.Parse(arguments.GetValueOrDefault("n", "1000"), CultureInfo.InvariantCulture);
var concurrency = int.Parse(arguments.GetValueOrDefault("concurrency", "100"), CultureInfo.InvariantCulture);
var warmup = int.Parse(arguments.GetValueOrDefault("warmup", "20"), CultureInfo.InvariantCulture);
var store = arguments.GetValueOrDefault("store", "unknown");
var serverPid = arguments.GetValueOrDefault("server-pid");

var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address));
var taskQueue = "bench-cs-" + Guid.NewGuid().ToString("N");
using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<BenchWorkflow>().AddActivity(BenchActivities.NoopAsync));
var runTag = Guid.NewGuid().ToString("N")[..8];

var summary = await worker.ExecuteAsync(async () =>
{
    if (warmup > 0)
    {
        await RunBatchAsync(client, taskQueue, $"bench-cs-warmup-{runTag}", warmup, concurrency);
    }

    var serverCpuBefore = ProcessCpuSeconds(serverPid);
    var workerCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var (latencies, failures, seconds) = await RunBatchAsync(client, taskQueue, $"bench-cs-{runTag}", n, concurrency);
    var workerCpu = Process.GetCurrentProcess().TotalProcessorTime - workerCpuBefore;
    var serverCpuAfter = ProcessCpuSeconds(serverPid);
    return new
    {
        store,
        n,
        concurrency,
        completed = latencies.Count,
        failures,
        seconds = Math.Round(seconds, 2),
        workflowsPerSecond = Math.Round(latencies.Count / seconds, 1),
        p50Ms = Math.Round(Percentile(latencies, 50)),
        p99Ms = Math.Round(Percentile(latencies, 99)),
        workerCpuSeconds = Math.Round(workerCpu.TotalSeconds, 1),
        serverCpuSeconds = serverCpuBefore is { } before && serverCpuAfter is { } after ? Math.Round(after - before, 1) : (double?)null,
    };
});
Console.WriteLine(JsonSerializer.Serialize(summary));
return 0;

static async Task<(List<double> Latencies, int Failures, double Seconds)> RunBatchAsync(ITemporalClient client, string taskQueue, string prefix, int count, int concurrency)
{
    var latencies = new List<double>(count);
    var failures = 0;
    var next = -1;
    var clock = Stopwatch.StartNew();
    double firstStart = double.MaxValue, lastEnd = 0;
    var gate = new object();
    async Task LaneAsync()
    {
        while (true)
        {
            var i = Interlocked.Increment(ref next);
            if (i >= count)
            {
                return;
            }

            var started = clock.Elapsed.TotalMilliseconds;
            try
            {
                await client.ExecuteWorkflowAsync<string>("benchWorkflow", [], new WorkflowOptions($"{prefix}-{i}", taskQueue));
                var ended = clock.Elapsed.TotalMilliseconds;
                lock (gate)
                {
                    firstStart = Math.Min(firstStart, started);
                    lastEnd = Math.Max(lastEnd, ended);
                    latencies.Add(ended - started);
                }
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref failures);
                await Console.Error.WriteLineAsync($"bench: workflow {prefix}-{i} failed: {e.Message}");
            }
        }
    }

    await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, count)).Select(_ => Task.Run(LaneAsync)));
    latencies.Sort();
    return (latencies, failures, (lastEnd - firstStart) / 1000);
}

static double Percentile(List<double> sorted, double p) =>
    sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

// CPU seconds (user + system) of another process, from /proc; null where unavailable.
static double? ProcessCpuSeconds(string? pid)
{
    try
    {
        if (pid is null)
        {
            return null;
        }

        using var process = Process.GetProcessById(int.Parse(pid, CultureInfo.InvariantCulture));
        return process.TotalProcessorTime.TotalSeconds;
    }
    catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
    {
        return null;
    }
}

static Dictionary<string, string> ParseArguments(string[] args)
{
    var values = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        values[args[i].TrimStart('-')] = args[i + 1];
    }

    return values;
}
