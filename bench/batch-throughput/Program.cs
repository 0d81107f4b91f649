using System.Diagnostics;
using System.Globalization;
using ContentFlows.Activities.Hosting;
using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Projects;
using ContentFlows.Bench.Shared;
using Temporalio.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using Temporalio.Api.Enums.V1;

// One batch of N items (generate → quality-gates, offline generator, zero latency) with the worker in this process
// and the dev server in another, so this process's peak working set is the worker's (plus the small driver).
var settings = args.Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0].TrimStart('-'), p => p[1], StringComparer.Ordinal);
var address = settings.GetValueOrDefault("address") ?? throw new ArgumentException("--address host:port of the dev server is required");
// A bounded pool: the shared PostgreSQL has few connection slots, and 200 children's activities would take them all.
var postgresConnection = new NpgsqlConnectionStringBuilder(settings.GetValueOrDefault("postgres") ?? throw new ArgumentException("--postgres connection string is required"))
{
    MaxPoolSize = 40,
}.ConnectionString;
var items = int.Parse(settings.GetValueOrDefault("n") ?? "20000", CultureInfo.InvariantCulture);
var maxInFlight = int.Parse(settings.GetValueOrDefault("in-flight") ?? "200", CultureInfo.InvariantCulture);
var schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
var taskQueue = "bench-batches";

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);

// Logs go to stderr: stdout carries only the result line.
builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Services.AddContentPipelineWorker(new ContentPipelineWorkerOptions(address, postgresConnection)
{
    DatabaseSchema = schema,
    TaskQueue = taskQueue,
    PublishDirectory = Path.Combine(Path.GetTempPath(), schema),
});
using var host = builder.Build();
await host.StartAsync();
try
{
    var services = host.Services;
    var project = new Project(
        Guid.NewGuid(),
        "Bench catalogue",
        schema,
        new BrandProfile { VoiceAndTone = "Plain." },
        new QualityThresholds { MinScore = 0 },
        new LlmSettings { DefaultModel = "offline", Prices = new Dictionary<string, ModelPrice> { ["offline"] = new(500m, 1500m) } });
    await services.GetRequiredService<ProjectStore>().CreateAsync(project, CancellationToken.None);
    var clock = Stopwatch.StartNew();
    var handle = await BenchCatalogue.StartBatchAsync(services, project.Id, items, maxInFlight, taskQueue);
    var result = await handle.GetResultAsync();
    var seconds = clock.Elapsed.TotalSeconds;

    // The longest history of any run of the chain.
    var client = services.GetRequiredService<ITemporalClient>();
    var longest = 0;
    var runs = 0;
    var runId = handle.FirstExecutionRunId ?? handle.RunId;
    while (runId is not null)
    {
        var history = await client.GetWorkflowHandle(handle.Id, runId).FetchHistoryAsync();
        longest = Math.Max(longest, history.Events.Count);
        runs++;
        var last = history.Events.Last();
        runId = last.EventType == EventType.WorkflowExecutionContinuedAsNew ? last.WorkflowExecutionContinuedAsNewEventAttributes.NewExecutionRunId : null;
    }

    var peakMegabytes = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $$"""{"items":{{items}},"inFlight":{{maxInFlight}},"completed":{{result.Completed}},"failed":{{result.Failed}},"seconds":{{seconds:F1}},"itemsPerSecond":{{items / seconds:F1}},"peakWorkerMemoryMb":{{peakMegabytes:F0}},"runs":{{runs}},"longestHistory":{{longest}}}"""));
}
finally
{
    await host.StopAsync();
    await using var dataSource = NpgsqlDataSource.Create(postgresConnection);
    await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
    await drop.ExecuteNonQueryAsync();
}
