using System.Diagnostics;
using System.Globalization;
using ContentFlows.Bench.DevServerRestart;
using Npgsql;
using Temporalio.Client;

// bench/devserver-restart: fills a fresh PostgreSQL schema with N closed runs, then restarts the dev server on it
// R times and prints the restart time (spawn to listening) and its resident memory, plus what reading a closed run
// and counting all of them costs once they are not in memory.
var count = IntOption("--n", 100_000);
var restarts = IntOption("--restarts", 3);
var dll = Option("--dll") ?? throw new ArgumentException("--dll <path of ContentFlows.Temporal.DevServer.dll> is required");
var connectionString = Option("--postgres") ?? throw new ArgumentException("--postgres <Npgsql connection string> is required");
var schema = $"bench_restart_{DateTime.UtcNow:yyyyMMddHHmmss}_{Environment.ProcessId}";
var timeout = TimeSpan.FromMinutes(10);

await using var dataSource = NpgsqlDataSource.Create(connectionString);
try
{
    // The first start creates the schema and the default namespace.
    using (await ServerProcess.StartAsync(dll, connectionString, schema, timeout))
    {
    }

    var fill = Stopwatch.StartNew();
    await StoreFiller.FillAsync(dataSource, schema, count);
    Console.Error.WriteLine($"bench: filled {count:N0} closed runs in {fill.Elapsed.TotalSeconds:F1} s");

    var results = new List<(double Seconds, double RssMiB, double PeakMiB)>();
    for (var i = 0; i < restarts; i++)
    {
        using var server = await ServerProcess.StartAsync(dll, connectionString, schema, timeout);
        var rss = server.MemoryMiB("VmRSS");
        var peak = server.MemoryMiB("VmHWM");
        results.Add((server.StartTime.TotalSeconds, rss, peak));
        Console.Error.WriteLine($"bench: restart {i + 1}: {server.StartTime.TotalSeconds:F2} s, RSS {rss:F0} MiB (peak {peak:F0} MiB)");
        if (i == restarts - 1)
        {
            var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
            var read = Stopwatch.StartNew();
            var described = await client.GetWorkflowHandle($"bench-closed-{count / 2}").DescribeAsync();
            var describeMs = read.Elapsed.TotalMilliseconds;
            read.Restart();
            var total = await client.CountWorkflowsAsync("ExecutionStatus = 'Completed'");
            var countMs = read.Elapsed.TotalMilliseconds;
            Console.WriteLine($"closed run read back: {described.Status} in {describeMs:F0} ms; count of {total.Count:N0} completed runs in {countMs:F0} ms; RSS after both {server.MemoryMiB("VmRSS"):F0} MiB");
        }
    }

    var median = results.OrderBy(r => r.Seconds).ElementAt(results.Count / 2);
    Console.WriteLine($"closed runs in store: {count:N0}");
    Console.WriteLine($"restart seconds (median of {restarts}): {median.Seconds.ToString("F2", CultureInfo.InvariantCulture)}");
    Console.WriteLine($"RSS at ready MiB (median run): {median.RssMiB:F0} (peak {median.PeakMiB:F0})");
}
finally
{
    await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
    await drop.ExecuteNonQueryAsync();
}

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

int IntOption(string name, int fallback) => Option(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
