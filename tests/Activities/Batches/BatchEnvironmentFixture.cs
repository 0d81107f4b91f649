using ContentFlows.Activities.Generation;
using ContentFlows.Activities.Hosting;
using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Runs;
using Temporalio.Client;
using Temporalio.Testing;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ContentFlows.Activities.Tests.Batches;

/// <summary>
/// The dev server, PostgreSQL (a schema of its own, dropped at the end) and the worker host as the Worker project
/// composes it, with the offline generator refusing rows marked to fail and holding rows marked to hold.
/// </summary>
public sealed class BatchEnvironmentFixture : IAsyncLifetime
{
    private readonly PostgresFixture postgres = new();
    private WorkflowEnvironment? environment;
    private IHost? host;

    public string Schema { get; } = PostgresFixture.NewSchemaName();

    /// <summary>Gets the dev server's schema when it runs on the PostgreSQL store.</summary>
    public string DevServerSchema { get; } = PostgresFixture.NewSchemaName();

    public string TaskQueue { get; } = "content-batches-" + Guid.NewGuid().ToString("N")[..8];

    public string PublishDirectory { get; } = Path.Combine(Path.GetTempPath(), "contentflows-batch-publish-" + Guid.NewGuid().ToString("N")[..8]);

    public BatchEnvironmentFixture()
    {
        Holder = new HoldOnMarkerTextGenerator(new OfflineTextGenerator(new OfflineTextGeneratorOptions()));
        Generator = new FailOnMarkerTextGenerator(Holder);
    }

    public FailOnMarkerTextGenerator Generator { get; }

    public HoldOnMarkerTextGenerator Holder { get; }

    public ITemporalClient Client => environment?.Client ?? throw new InvalidOperationException("Not started.");

    public IServiceProvider Services => host?.Services ?? throw new InvalidOperationException("Not started.");

    public PostgresFixture Postgres => postgres;

    public async Task InitializeAsync()
    {
        await postgres.InitializeAsync();
        environment = await LocalDevServer.StartAsync(ContentFlows.Workflows.ContentFlowsDataConverter.Plain, postgres.ConnectionString, DevServerSchema);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<ITextGenerator>(Generator);
        builder.Services.AddContentPipelineWorker(new ContentPipelineWorkerOptions(environment.Client.Connection.Options.TargetHost!, postgres.ConnectionString)
        {
            // The fakes of external services listen on 127.0.0.1, which the egress policy refuses by default.
            Egress = new ContentFlows.Activities.Egress.EgressOptions(["127.0.0.1"]),
            DatabaseSchema = Schema,
            TaskQueue = TaskQueue,
            PublishDirectory = PublishDirectory,
        });
        host = builder.Build();
        await host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.StopAsync();
            host.Dispose();
        }

        if (environment is not null)
        {
            await environment.DisposeAsync();
        }

        await postgres.DropSchemaAsync(Schema);
        await postgres.DropSchemaAsync(DevServerSchema);
        await postgres.DisposeAsync();
        if (Directory.Exists(PublishDirectory))
        {
            Directory.Delete(PublishDirectory, recursive: true);
        }
    }

    public async Task<Project> CreateProjectAsync()
    {
        var id = Guid.NewGuid();
        var project = new Project(
            id,
            "Acme Catalogue",
            "catalogue-" + id.ToString("N")[..8],
            new BrandProfile { VoiceAndTone = "Plain, friendly, specific." },
            new QualityThresholds { MinScore = 0 },
            new LlmSettings { DefaultModel = "offline", Prices = new Dictionary<string, ModelPrice> { ["offline"] = new(500m, 1500m) } });
        await Services.GetRequiredService<ProjectStore>().CreateAsync(project, CancellationToken.None);
        return project;
    }

    /// <summary>Stores generate → quality-gates: no approval, so items complete unattended.</summary>
    public Task<PinnedPipelineDefinition> CreateDefinitionAsync(Guid projectId) =>
        Services.GetRequiredService<PipelineDefinitionStore>().AddVersionAsync(
            projectId,
            "catalogue-item",
            [StageDefinition.Create("generate", new { targetWords = 120 }), StageDefinition.Create("quality-gates")],
            CancellationToken.None);
}
