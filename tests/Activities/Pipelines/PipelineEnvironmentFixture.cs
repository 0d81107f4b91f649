using System.Security.Cryptography;
using ContentFlows.Activities.Generation;
using ContentFlows.Activities.Hosting;
using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Research;
using ContentFlows.Activities.Runs;
using Temporalio.Client;
using Temporalio.Testing;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;

namespace ContentFlows.Activities.Tests.Pipelines;

/// <summary>
/// The real thing in one process: the dev server, PostgreSQL (a schema of its own, dropped at the end) and the
/// pipeline worker host as the Worker project composes it, with the offline generator flawing first drafts.
/// </summary>
public sealed class PipelineEnvironmentFixture : IAsyncLifetime
{
    private readonly PostgresFixture postgres = new();
    private WorkflowEnvironment? environment;
    private IHost? host;

    public string Schema { get; } = PostgresFixture.NewSchemaName();

    /// <summary>Gets the dev server's schema when it runs on the PostgreSQL store.</summary>
    public string DevServerSchema { get; } = PostgresFixture.NewSchemaName();

    public string TaskQueue { get; } = "content-pipelines-" + Guid.NewGuid().ToString("N")[..8];

    public string PublishDirectory { get; } = Path.Combine(Path.GetTempPath(), "contentflows-publish-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Gets the folder file sources of the research stage are read from.</summary>
    public string SourceDirectory { get; } = Path.Combine(Path.GetTempPath(), "contentflows-sources-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Gets the key the worker decrypts project secrets with (the API's SecretsKey in production).</summary>
    public string SecretsKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Gets every log line of the worker host, for secret-leak checks.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Gets the same lines as Serilog events, enriched from the log context as the worker host's Serilog is.</summary>
    public CapturedLogEvents LogEvents { get; } = new();

    public ITemporalClient Client => environment?.Client ?? throw new InvalidOperationException("Not started.");

    public IServiceProvider Services => host?.Services ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        await postgres.InitializeAsync();
        environment = await LocalDevServer.StartAsync(ContentFlows.Workflows.ContentFlowsDataConverter.Plain, postgres.ConnectionString, DevServerSchema);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(Logs);
        builder.Services.AddSerilog((_, serilog) => serilog.MinimumLevel.Verbose().Enrich.FromLogContext().WriteTo.Sink(LogEvents), writeToProviders: true);
        builder.Services.AddSingleton(new OfflineTextGeneratorOptions { InjectFlawsIntoFirstDrafts = true });
        Directory.CreateDirectory(SourceDirectory);
        builder.Services.AddSingleton(new ResearchOptions(SourceDirectory));
        builder.Services.AddContentPipelineWorker(new ContentPipelineWorkerOptions(environment.Client.Connection.Options.TargetHost!, postgres.ConnectionString)
        {
            // The fakes of external services listen on 127.0.0.1, which the egress policy refuses by default.
            Egress = new ContentFlows.Activities.Egress.EgressOptions(["127.0.0.1"]),
            DatabaseSchema = Schema,
            TaskQueue = TaskQueue,
            PublishDirectory = PublishDirectory,
            SecretsKey = SecretsKey,
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
        foreach (var directory in new[] { PublishDirectory, SourceDirectory }.Where(Directory.Exists))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Creates a project whose brand bans "world-class" and requires "Made in Berlin".</summary>
    public async Task<Project> CreateProjectAsync(LlmSettings? llm = null, bool requireApproval = false)
    {
        var id = Guid.NewGuid();
        var project = new Project(
            id,
            "Acme Home",
            "acme-" + id.ToString("N")[..8],
            new BrandProfile
            {
                VoiceAndTone = "Plain, friendly, specific.",
                BannedPhrases = ["world-class", "synergy"],
                RequiredPhrases = ["Made in Berlin"],
                Glossary = new Dictionary<string, string> { ["mesh wifi"] = "two words, lower case" },
            },
            new QualityThresholds { MinScore = 80 },
            llm ?? new LlmSettings { DefaultModel = "offline", Prices = new Dictionary<string, ModelPrice> { ["offline"] = new(500m, 1500m) } })
        {
            Publishing = new PublishingSettings { RequireApproval = requireApproval },
        };
        await Services.GetRequiredService<ProjectStore>().CreateAsync(project, CancellationToken.None);
        return project;
    }

    /// <summary>Stores a definition generate → gates → rewrite → approval (with <paramref name="approvalConfig"/>) → publish.</summary>
    public Task<PinnedPipelineDefinition> CreateDefinitionAsync(Guid projectId, object approvalConfig) =>
        Services.GetRequiredService<PipelineDefinitionStore>().AddVersionAsync(
            projectId,
            "landing-page",
            [
                StageDefinition.Create("generate", new { targetWords = 200 }),
                StageDefinition.Create("quality-gates"),
                StageDefinition.Create("rewrite", new { maxRounds = 3 }),
                StageDefinition.Create("approval", approvalConfig),
                StageDefinition.Create("publish", new { channel = "static-files" }),
            ],
            CancellationToken.None);

    public static ContentBrief Brief() => new(
        "Acme Mesh Router",
        "busy families",
        "product-page",
        "en",
        ["mesh wifi", "home network"],
        "The Acme Mesh Router covers 120 square metres and connects up to 64 devices.");
}
