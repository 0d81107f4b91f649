using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ContentFlows.Activities.Hosting;
using ContentFlows.Activities.Projects;
using ContentFlows.Activities.Runs;
using ContentFlows.Activities.Tests.Pipelines;
using ContentFlows.Workflows.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Temporalio.Client;
using Temporalio.Testing;

namespace ContentFlows.Activities.Tests.Security;

/// <summary>
/// The real stack as an operator runs it: the dev server with its history UI on 127.0.0.1, PostgreSQL, and a
/// pipeline worker with the production egress defaults, except that 127.0.0.2 plays "the public internet" (the
/// one allow-listed host), so attacks can start from a site the worker may reach.
/// </summary>
public sealed class SecurityEnvironmentFixture : IAsyncLifetime
{
    /// <summary>The address standing for a public site in these tests.</summary>
    public static readonly IPAddress PublicSiteAddress = IPAddress.Parse("127.0.0.2");

    private readonly PostgresFixture postgres = new();
    private WorkflowEnvironment? environment;
    private IHost? host;

    public string Schema { get; } = PostgresFixture.NewSchemaName();

    public string TaskQueue { get; } = "security-" + Guid.NewGuid().ToString("N")[..8];

    public string PublishDirectory { get; } = Path.Combine(Path.GetTempPath(), "contentflows-security-" + Guid.NewGuid().ToString("N")[..8]);

    public string SecretsKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Gets the history UI's base URL (http://127.0.0.1:port/).</summary>
    public Uri UiUri { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    public ITemporalClient Client => environment?.Client ?? throw new InvalidOperationException("Not started.");

    public IServiceProvider Services => host?.Services ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        await postgres.InitializeAsync();
        var uiPort = FreePort();
        environment = await WorkflowEnvironment.StartLocalAsync(new WorkflowEnvironmentStartLocalOptions
        {
            UI = true,
            UIPort = uiPort,
            DevServerOptions = new DevServerOptions { ExistingPath = LocalDevServer.ExecutablePath, StartupTimeout = TimeSpan.FromSeconds(60) },
        });
        UiUri = new Uri($"http://127.0.0.1:{uiPort}/");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(Logs);
        builder.Services.AddContentPipelineWorker(new ContentPipelineWorkerOptions(environment.Client.Connection.Options.TargetHost!, postgres.ConnectionString)
        {
            DatabaseSchema = Schema,
            TaskQueue = TaskQueue,
            PublishDirectory = PublishDirectory,
            SecretsKey = SecretsKey,
            Egress = new ContentFlows.Activities.Egress.EgressOptions([PublicSiteAddress.ToString()]),
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
        await postgres.DisposeAsync();
        if (Directory.Exists(PublishDirectory))
        {
            Directory.Delete(PublishDirectory, recursive: true);
        }
    }

    public async Task<Project> CreateProjectAsync(string name, LlmSettings? llm = null)
    {
        var id = Guid.NewGuid();
        var project = new Project(id, name, name.ToLowerInvariant() + "-" + id.ToString("N")[..8], new BrandProfile(), new QualityThresholds { MinScore = 0 }, llm ?? new LlmSettings());
        await Services.GetRequiredService<ProjectStore>().CreateAsync(project, CancellationToken.None);
        return project;
    }

    /// <summary>Stores a definition of <paramref name="stages"/> and starts a run of it through the launcher, as the API does.</summary>
    public async Task<(WorkflowHandle<PipelineWorkflow, PipelineResult> Handle, Guid RunId)> StartAsync(Guid projectId, ContentBrief brief, params StageDefinition[] stages)
    {
        var definition = await Services.GetRequiredService<PipelineDefinitionStore>().AddVersionAsync(projectId, "attack-" + Guid.NewGuid().ToString("N")[..6], stages, CancellationToken.None);
        var handle = await Services.GetRequiredService<ContentFlows.Activities.Pipelines.PipelineRunLauncher>().StartAsync(projectId, definition.DefinitionId, definition.Version, brief, TaskQueue, CancellationToken.None);
        return (handle, Guid.ParseExact(handle.Id["pipeline-".Length..], "N"));
    }

    public static ContentBrief Brief(params BriefSource[] sources) => new(
        "Acme Mesh Router", "busy families", "product-page", "en", ["mesh wifi"], "The Acme Mesh Router covers 120 square metres.")
    {
        Sources = sources,
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
