using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using ContentFlows.Activities.Hosting;
using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Projects;
using ContentFlows.Bench.RateLimit;
using ContentFlows.Bench.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Npgsql;

// One batch of N items (generate → quality-gates) whose generate stage calls a fake OpenAI endpoint with a fixed
// latency that enforces a requests-per-minute limit; the worker (in this process, as src/Worker composes it) uses the
// PostgreSQL-backed limiter set to the same limit. Prints the achieved request rate as a fraction of the limit.
var settings = args.Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0].TrimStart('-'), p => p[1], StringComparer.Ordinal);
var address = settings.GetValueOrDefault("address") ?? throw new ArgumentException("--address host:port of the dev server is required");
var postgresConnection = new NpgsqlConnectionStringBuilder(settings.GetValueOrDefault("postgres") ?? throw new ArgumentException("--postgres connection string is required"))
{
    MaxPoolSize = 40,
}.ConnectionString;
var items = int.Parse(settings.GetValueOrDefault("n") ?? "5000", CultureInfo.InvariantCulture);
var maxInFlight = int.Parse(settings.GetValueOrDefault("in-flight") ?? "200", CultureInfo.InvariantCulture);
var requestsPerMinute = int.Parse(settings.GetValueOrDefault("rpm") ?? "4000", CultureInfo.InvariantCulture);
var latency = TimeSpan.FromMilliseconds(int.Parse(settings.GetValueOrDefault("latency-ms") ?? "60", CultureInfo.InvariantCulture));
var schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
var taskQueue = "bench-rate-limit";

await using var chat = await RateLimitedChatServer.StartAsync(latency, requestsPerMinute);
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);

// Logs go to stderr: stdout carries only the result line.
builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Services.AddContentPipelineWorker(new ContentPipelineWorkerOptions(address, postgresConnection)
{
    DatabaseSchema = schema,
    TaskQueue = taskQueue,
    PublishDirectory = Path.Combine(Path.GetTempPath(), schema),
    SecretsKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    RateLimiter = RateLimiterStore.Postgres,
    RateLimits = new RateLimitOptions(requestsPerMinute, tokensPerMinute: 100_000_000) { BurstWindow = TimeSpan.FromSeconds(1) },
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
        new LlmSettings { Endpoint = chat.Endpoint.ToString(), DefaultModel = "bench-model", Prices = new Dictionary<string, ModelPrice> { ["bench-model"] = new(500m, 1500m) } });
    await services.GetRequiredService<ProjectStore>().CreateAsync(project, CancellationToken.None);
    await services.GetRequiredService<ProjectSecretStore>().SetAsync(project.Id, LlmSettings.DefaultApiKeySecret, "bench-key", new ProjectSecretScope(ProjectSecretPurposes.LlmApiKey), CancellationToken.None);
    var clock = Stopwatch.StartNew();
    var handle = await BenchCatalogue.StartBatchAsync(services, project.Id, items, maxInFlight, taskQueue);
    var result = await handle.GetResultAsync();
    var seconds = clock.Elapsed.TotalSeconds;

    // Steady state: from 5 s after the first accepted request to 5 s before the last (start-up and the tail excluded).
    var times = chat.AcceptedTimes();
    var from = times[0] + 5;
    var to = times[^1] - 5;
    var steady = times.Count(t => t >= from && t < to);
    var rate = steady / (to - from) * 60;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $$"""{"items":{{items}},"completed":{{result.Completed}},"needsReview":{{result.AwaitingReview}},"failed":{{result.Failed}},"seconds":{{seconds:F1}},"limitPerMinute":{{requestsPerMinute}},"acceptedRequests":{{times.Count}},"steadySeconds":{{to - from:F1}},"steadyRequestsPerMinute":{{rate:F0}},"fractionOfLimit":{{rate / requestsPerMinute:F3}},"rejected429":{{chat.Refused}}}"""));
}
finally
{
    await host.StopAsync();
    await using var dataSource = NpgsqlDataSource.Create(postgresConnection);
    await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
    await drop.ExecuteNonQueryAsync();
}
