using System.Text;
using ContentFlows.Activities.Batches;
using ContentFlows.Activities.Datasets;
using ContentFlows.Activities.Egress;
using ContentFlows.Activities.Hosting;
using ContentFlows.Activities.Intake;
using ContentFlows.Activities.Persistence;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Publishing;
using ContentFlows.Activities.Temporal;
using ContentFlows.Workflows.Schedules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ContentFlows.Activities.Tests.Intake;

/// <summary>Catalogue intake against PostgreSQL and a local feed: what a crashed attempt leaves behind.</summary>
public sealed class CatalogueIntakeTests : IAsyncLifetime
{
    private readonly PostgresFixture postgres = new();
    private readonly string schema = PostgresFixture.NewSchemaName();
    private ServiceProvider? services;

    public async Task InitializeAsync()
    {
        await postgres.InitializeAsync();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddContentPipelineActivities(new ContentFlowsDatabaseOptions(postgres.ConnectionString, schema), new StaticSiteOptions(Path.GetTempPath()));

        // Never reached: every key of the feed is known, so no batch starts (the client connects lazily).
        collection.AddContentFlowsTemporalClient(new TemporalConnectionSettings { Address = "127.0.0.1:1" });
        services = collection.BuildServiceProvider();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }

        await postgres.DropSchemaAsync(schema);
        await postgres.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_StagingLeftByACrashedAttempt_DropsItAndLeavesNoStagingBehind()
    {
        const string csv = "sku,topic\nA1,Acme Router One\nA2,Acme Lamp Two\n";
        await using var feed = LoopbackWebApp.Create();
        feed.MapGet("/catalogue.csv", () => Results.Text(csv, "text/csv"));
        var server = await LoopbackWebApp.StartAsync(feed);
        var provider = services!;
        var projectId = Guid.NewGuid();
        await provider.GetRequiredService<ProjectStore>().CreateAsync(new Project(projectId, "Acme", "intake-" + projectId.ToString("N")[..8], new BrandProfile(), new QualityThresholds(), new LlmSettings()), CancellationToken.None);
        var intakeId = Guid.NewGuid();

        // Both keys were imported by an earlier intake; this attempt's first try staged the feed and died before moving it.
        var earlier = await provider.GetRequiredService<DatasetImporter>().ImportAsync(projectId, "earlier", new MemoryStream(Encoding.UTF8.GetBytes(csv)), DataFileFormat.Csv, CancellationToken.None);
        await ExecuteAsync($"INSERT INTO \"{schema}\".intake_keys (project_id, intake_name, item_key, dataset_id) VALUES ('{projectId}', 'daily', 'A1', '{earlier.DatasetId}'), ('{projectId}', 'daily', 'A2', '{earlier.DatasetId}')");
        await provider.GetRequiredService<DatasetImporter>().ImportAsync(projectId, CatalogueIntake.StagingNameOf(intakeId), new MemoryStream(Encoding.UTF8.GetBytes(csv)), DataFileFormat.Csv, CancellationToken.None);
        using var intake = new CatalogueIntake(
            provider.GetRequiredService<NpgsqlDataSource>(),
            provider.GetRequiredService<DatasetImporter>(),
            provider.GetRequiredService<BatchLauncher>(),
            new ContentPipelineWorkerOptions { TaskQueue = "unused" },
            new EgressPolicy(new EgressOptions(["127.0.0.1"])),
            TimeProvider.System);

        var result = await intake.RunAsync(
            new CatalogueIntakeRequest(new CatalogueIntakeInput(projectId, "daily", $"{server}catalogue.csv", "csv", "sku", Guid.NewGuid(), 1, ["en"]), intakeId, DateTime.UtcNow),
            CancellationToken.None);

        Assert.Equal((null, 0, 2), (result.BatchId, result.NewItems, result.KnownItems));
        Assert.Equal(0L, await postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".datasets WHERE project_id = '{projectId}' AND name LIKE 'intake staging%'"));
        Assert.Equal(0L, await postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".dataset_items i JOIN \"{schema}\".datasets d ON d.id = i.dataset_id WHERE d.project_id = '{projectId}' AND d.name LIKE 'intake staging%'"));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
