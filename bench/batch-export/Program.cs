using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Bench.BatchExport;
using Npgsql;

// Usage: ContentFlows.Bench.BatchExport API_URL API_PID BOOTSTRAP_KEY POSTGRES SCHEMA [ITEMS] (run.sh passes them),
// or --drop-schema POSTGRES SCHEMA to clean up after a run.
if (args is ["--drop-schema", var connectionString, var schemaToDrop])
{
    await using var cleanup = NpgsqlDataSource.Create(connectionString);
    await using var drop = cleanup.CreateCommand($"DROP SCHEMA IF EXISTS \"{schemaToDrop}\" CASCADE");
    await drop.ExecuteNonQueryAsync();
    return 0;
}

if (args.Length < 5)
{
    await Console.Error.WriteLineAsync("usage: ContentFlows.Bench.BatchExport API_URL API_PID BOOTSTRAP_KEY POSTGRES SCHEMA [ITEMS]");
    return 2;
}

var api = new Uri(args[0]);
var apiPid = int.Parse(args[1], CultureInfo.InvariantCulture);
var items = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 100_000;
var smallItems = Math.Max(1, items / 10);

// Streamed, the export of ten times the rows may not need much more memory: allowance for GC heap growth and noise.
const long FlatAllowanceBytes = 64L * 1024 * 1024;

using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(30) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", args[2]);
using var created = await http.PostAsJsonAsync("/api/projects", new
{
    name = "Export bench",
    slug = "export-bench-" + Guid.NewGuid().ToString("N")[..8],
    brand = new { voiceAndTone = "Plain.", bannedPhrases = Array.Empty<string>(), requiredPhrases = Array.Empty<string>() },
    quality = new { minScore = 50 },
});
created.EnsureSuccessStatusCode();
var project = await created.Content.ReadFromJsonAsync<JsonElement>();
var projectId = project.GetProperty("project").GetProperty("id").GetGuid();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", project.GetProperty("adminKey").GetProperty("key").GetString());
using var definition = await http.PostAsJsonAsync("/api/definitions", new { name = "catalogue-page", stages = new object[] { new { type = "generate" }, new { type = "quality-gates" } } });
definition.EnsureSuccessStatusCode();
var definitionId = (await definition.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

var clock = Stopwatch.StartNew();
Guid smallBatch, bigBatch;
await using (var dataSource = NpgsqlDataSource.Create(args[3]))
{
    var seeder = new ExportSeeder(dataSource, args[4], projectId, definitionId);
    smallBatch = await seeder.SeedBatchAsync(smallItems);
    bigBatch = await seeder.SeedBatchAsync(items);
}

await Console.Error.WriteLineAsync($"bench: batches of {smallItems} and {items} completed items stored in {clock.Elapsed.TotalSeconds:0.0} s");

// A first, unmeasured export compiles the path and fills the pools, so the small one is not charged for it.
await ExportAsync(http, smallBatch, "csv", apiPid);
var baseline = RssSampler.CurrentBytes(apiPid);
Console.WriteLine($"batch export through the API (pid {apiPid}), RSS after warm-up {Mb(baseline)}:");
var failed = false;
foreach (var format in new[] { "csv", "jsonl" })
{
    var small = await ExportAsync(http, smallBatch, format, apiPid);
    var big = await ExportAsync(http, bigBatch, format, apiPid);
    foreach (var (export, expected) in new[] { (small, smallItems), (big, items) })
    {
        Console.WriteLine(
            $"  {format,-5} {export.Rows,8:N0} rows  {export.Bytes / 1024.0 / 1024.0,8:0.0} MB  {export.Elapsed.TotalSeconds,6:0.0} s  " +
            $"{export.Rows / export.Elapsed.TotalSeconds,8:N0} rows/s  peak RSS {Mb(export.PeakRssBytes)}");
        if (export.Rows != expected)
        {
            Console.WriteLine($"  FAIL: {format} export of {expected} items had {export.Rows} rows");
            failed = true;
        }
    }

    var growth = big.PeakRssBytes - small.PeakRssBytes;
    var flat = growth < FlatAllowanceBytes;
    failed |= !flat;
    Console.WriteLine($"  {format,-5} peak RSS for {items:N0} rows minus for {smallItems:N0}: {Mb(growth)}  {(flat ? "OK" : "FAIL")} < {Mb(FlatAllowanceBytes)} (flat: streamed)");
}

Console.WriteLine($"API peak RSS over the whole run (VmHWM): {Mb(RssSampler.HighWaterBytes(apiPid))}");
return failed ? 1 : 0;

static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.0} MB");

// Reads the export as it arrives, counting records (CSV: line breaks outside quotes; JSONL: lines) without keeping it.
static async Task<ExportMeasurement> ExportAsync(HttpClient http, Guid batchId, string format, int apiPid)
{
    var clock = Stopwatch.StartNew();
    var ((records, bytes), peak) = await RssSampler.MeasureAsync(apiPid, () => ReadAsync(http, batchId, format));

    // The CSV header is a record too.
    return new ExportMeasurement(format == "csv" ? records - 1 : records, bytes, clock.Elapsed, peak);
}

static async Task<(long Records, long Bytes)> ReadAsync(HttpClient http, Guid batchId, string format)
{
    using var response = await http.GetAsync(new Uri($"/api/batches/{batchId}/results?format={format}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
    response.EnsureSuccessStatusCode();
    await using var body = await response.Content.ReadAsStreamAsync();
    var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    long bytes = 0, records = 0;
    var quoted = false;
    try
    {
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            bytes += read;
            foreach (var b in buffer.AsSpan(0, read))
            {
                if (b == (byte)'"' && format == "csv")
                {
                    quoted = !quoted;
                }
                else if (b == (byte)'\n' && !quoted)
                {
                    records++;
                }
            }
        }
    }
    finally
    {
        ArrayPool<byte>.Shared.Return(buffer);
    }

    return (records, bytes);
}
