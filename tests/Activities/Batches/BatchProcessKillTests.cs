using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ContentFlows.Activities.Batches;
using ContentFlows.Activities.Datasets;
using ContentFlows.Activities.Hosting;
using ContentFlows.Activities.Persistence;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Publishing;
using ContentFlows.Activities.Runs;
using ContentFlows.Activities.Temporal;
using ContentFlows.Activities.Tests.Temporal;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Extensions.Hosting;
using ContentFlows.Temporal.InteropTests.Infrastructure;
using ContentFlows.Workflows.Batches;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace ContentFlows.Activities.Tests.Batches;

/// <summary>
/// The dev server (PostgreSQL store) and the worker host (src/Worker, configured by a temporal-dev.yml) as processes of
/// their own, SIGKILLed in the middle of a batch that publishes to static files.
/// </summary>
// In the batch collection, so it never runs beside the other batch tests: together their pools exceed PostgreSQL's connections.
[Collection(BatchEnvironmentCollection.Name)]
public sealed class BatchProcessKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Items = 240;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private readonly PostgresFixture postgres = new();
    private readonly string appSchema = PostgresFixture.NewSchemaName();
    private readonly string serverSchema = PostgresFixture.NewSchemaName();
    private readonly string directory = Path.Combine(Path.GetTempPath(), "contentflows-batch-kill-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string taskQueue = "batch-kill-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<IAsyncDisposable> processes = [];
    private ServiceProvider? services;

    private string PublishDirectory => Path.Combine(directory, "published");

    public async Task InitializeAsync()
    {
        await postgres.InitializeAsync();
        Directory.CreateDirectory(directory);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }

        if (services is not null)
        {
            await services.DisposeAsync();
        }

        await postgres.DropSchemaAsync(appSchema);
        await postgres.DropSchemaAsync(serverSchema);
        await postgres.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Batch_WorkerAndDevServerKilledMidway_FinishesWithEveryItemPublishedAndRecordedOnce()
    {
        var server = new DevServerSettings($"127.0.0.1:{FreeTcpPort()}", "postgres", postgres.ConnectionString, serverSchema);
        var devServer = Track(await DevServerProcess.StartAsync(server, "devserver-1", ReadyTimeout));
        var config = WriteConfig(server.Address, "in-process");
        var worker = Track(StartWorker(config, "worker-1"));

        services = BuildClientServices(server.Address);
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        var (project, definition, datasetId) = await SeedAsync(services);
        var handle = await services.GetRequiredService<BatchLauncher>().StartAsync(
            project.Id, datasetId, definition.DefinitionId, definition.Version, ["en"], new BatchOptions { MaxInFlight = 20, PageSize = 50, ResultFlushSize = 20, HistoryEventBudget = 1_500 }, taskQueue, CancellationToken.None);

        // The worker: killed with children, stage activities and workflow tasks in flight. Its activities come back
        // through their heartbeat timeout, its workflow tasks through theirs.
        var beforeWorkerKill = await WaitForProgressAsync(handle, p => p.Completed >= 40 && p.Running > 0);
        worker.Kill();
        await worker.WaitForExitAsync(TimeSpan.FromSeconds(10));
        output.WriteLine($"worker killed at {beforeWorkerKill.Completed} completed, {beforeWorkerKill.Running} running");
        Track(StartWorker(config, "worker-2"));

        // The dev server: killed with children, activities and workflow tasks in flight, restarted on the same port and schema.
        var beforeServerKill = await WaitForProgressAsync(handle, p => p.Completed >= beforeWorkerKill.Completed + 60 && p.Running > 0);
        await devServer.KillAsync();
        output.WriteLine($"dev server killed at {beforeServerKill.Completed} completed, {beforeServerKill.Running} running");
        Track(await DevServerProcess.StartAsync(server, "devserver-2", ReadyTimeout));

        var result = await WaitForResultAsync(handle);
        Assert.Equal((Items, Items, 0, false), (result.Total, result.Completed, result.Failed, result.WasCancelled));

        // Results: one completed row per item.
        var batchId = Guid.ParseExact(handle.Id["batch-".Length..], "N");
        var rows = await services.GetRequiredService<BatchStore>().ListResultsAsync(batchId, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, Items), rows.Select(r => r.ItemIndex));
        Assert.All(rows, r => Assert.Equal(BatchItemStatus.Completed, r.Status));

        // Publications: one per run (one idempotency key each), one published version per run, one page per item.
        var published = await postgres.ScalarAsync<long>($"SELECT COUNT(*) FROM \"{appSchema}\".publications");
        var runsPublished = await postgres.ScalarAsync<long>($"SELECT COUNT(DISTINCT run_id) FROM \"{appSchema}\".publications");
        var publishedVersions = await postgres.ScalarAsync<long>($"SELECT COUNT(*) FROM \"{appSchema}\".content_versions WHERE kind = 'published'");
        Assert.Equal((Items, Items, Items), (published, runsPublished, publishedVersions));
        var pages = Directory.GetFiles(PublishDirectory, "*.html", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith("index", StringComparison.Ordinal)).ToList();
        Assert.Equal(Items, pages.Count);
        var slugPrefixes = pages.Select(p => Path.GetFileNameWithoutExtension(p).Split("-kettle-for-")[0]).Order(StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(0, Items).Select(i => $"acme-kettle-{i}").Order(StringComparer.Ordinal), slugPrefixes);
    }

    [Fact]
    public async Task Worker_UnknownRateLimitStore_ExitsWithTheSettingNamed()
    {
        var config = WriteConfig("127.0.0.1:7233", "redis");

        await using var worker = StartWorker(config, "worker-bad-config");

        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)), worker.LogText());
        Assert.Equal(2, worker.ExitCode);
        Assert.Contains("worker.rateLimit.store must be in-process or postgres (was \"redis\")", worker.LogText(), StringComparison.Ordinal);
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task<BatchProgress> WaitForProgressAsync(WorkflowHandle<BatchWorkflow, BatchResult> handle, Func<BatchProgress, bool> condition) =>
        WorkflowQueryPolling.UntilAsync(handle, wf => wf.Progress, condition, Deadline, "The batch");

    private static async Task<BatchResult> WaitForResultAsync(WorkflowHandle<BatchWorkflow, BatchResult> handle)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            try
            {
                return await handle.GetResultAsync().WaitAsync(deadline.Token);
            }
            catch (RpcException) when (!deadline.IsCancellationRequested)
            {
                // The restarted server is still loading: follow the result again.
                await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
        }
    }

    private T Track<T>(T process)
        where T : IAsyncDisposable
    {
        processes.Add(process);
        return process;
    }

    private ChildProcess StartWorker(string config, string name) =>
        ChildProcess.Start(name, "dotnet", [RepositoryLayout.WorkerDll(), "--config", config], directory);

    private string WriteConfig(string address, string rateLimitStore)
    {
        var connection = new NpgsqlConnectionStringBuilder(postgres.ConnectionString);
        var path = Path.Combine(directory, $"temporal-dev-{Guid.NewGuid():N}.yml");
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"""
            devServer:
              address: {address}
            worker:
              taskQueue: {taskQueue}
              databaseSchema: {appSchema}
              publishDirectory: published
              rateLimit:
                store: {rateLimitStore}
            postgres:
              host: {connection.Host}
              port: {connection.Port}
              database: {connection.Database}
              username: {connection.Username}
              password: {connection.Password}
            """));
        return path;
    }

    private ServiceProvider BuildClientServices(string address)
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddContentPipelineActivities(new ContentFlowsDatabaseOptions(postgres.ConnectionString, appSchema), new StaticSiteOptions(PublishDirectory));
        collection.AddContentFlowsTemporalClient(new TemporalConnectionSettings { Address = address });
        return collection.BuildServiceProvider();
    }

    private static async Task<(Project Project, PinnedPipelineDefinition Definition, Guid DatasetId)> SeedAsync(IServiceProvider provider)
    {
        var id = Guid.NewGuid();
        var project = new Project(
            id,
            "Acme Kill Test",
            "kill-" + id.ToString("N")[..8],
            new BrandProfile { VoiceAndTone = "Plain." },
            new QualityThresholds { MinScore = 0 },
            new LlmSettings { DefaultModel = "offline" })
        {
            Publishing = new PublishingSettings { RequireApproval = false },
        };
        await provider.GetRequiredService<ProjectStore>().CreateAsync(project, CancellationToken.None);
        var definition = await provider.GetRequiredService<PipelineDefinitionStore>().AddVersionAsync(
            project.Id,
            "catalogue-publish",
            [StageDefinition.Create("generate", new { targetWords = 80 }), StageDefinition.Create("quality-gates"), StageDefinition.Create("publish", new { channel = "static-files" })],
            CancellationToken.None);
        var csv = new StringBuilder("topic,audience,keywords,source_text,sku\n");
        for (var i = 0; i < Items; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"Acme Kettle {i},tea lovers,kettle,\"The Acme Kettle {i} boils 1.5 litres in 3 minutes.\",SKU-{i:D5}\n");
        }

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
        var upload = await provider.GetRequiredService<DatasetImporter>().ImportAsync(project.Id, "catalogue", stream, DataFileFormat.Csv, CancellationToken.None);
        return (project, definition, upload.DatasetId);
    }
}
