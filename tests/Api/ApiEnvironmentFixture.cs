using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ContentFlows.Activities.Hosting;
using Temporalio.Client;
using Temporalio.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContentFlows.Api.Tests;

/// <summary>
/// The whole stack in one process: PostgreSQL (a schema of its own, dropped at the end), the dev server, the pipeline
/// worker host, and the API on Kestrel at 127.0.0.1 on a free port, called over real HTTP. Logs of the worker and
/// the API are captured for the secret-leak checks.
/// </summary>
public sealed class ApiEnvironmentFixture : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The worker's default prices (USD per 1M input and output tokens).</summary>
    public static readonly IReadOnlyDictionary<string, ContentFlows.Activities.Llm.ModelPrice> DefaultPrices = new Dictionary<string, ContentFlows.Activities.Llm.ModelPrice>
    {
        ["offline-generator"] = new(0.5m, 1.5m),
        ["gpt-4o"] = new(2.5m, 10m),
        ["gpt-4o-mini"] = new(0.15m, 0.6m),
    };

    private readonly PostgresFixture postgres = new();
    private WorkflowEnvironment? environment;
    private IHost? worker;
    private WebApplication? api;

    public string Schema { get; } = PostgresFixture.NewSchemaName();

    /// <summary>Gets the dev server's schema when it runs on the PostgreSQL store.</summary>
    public string DevServerSchema { get; } = PostgresFixture.NewSchemaName();

    public string TaskQueue { get; } = "api-tests-" + Guid.NewGuid().ToString("N")[..8];

    public string BootstrapKey { get; } = "bootstrap-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public CapturedLogs Logs { get; } = new();

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public string PublishDirectory { get; } = Path.Combine(Path.GetTempPath(), "contentflows-api-publish-" + Guid.NewGuid().ToString("N")[..8]);

    public ITemporalClient Temporal => environment?.Client ?? throw new InvalidOperationException("Not started.");

    public PostgresFixture Postgres => postgres;

    public async Task InitializeAsync()
    {
        await postgres.InitializeAsync();
        environment = await LocalDevServer.StartAsync(ContentFlows.Workflows.ContentFlowsDataConverter.Plain, postgres.ConnectionString, DevServerSchema);

        var secretsKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        api = ContentFlowsApiApplication.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ContentFlows:TemporalAddress"] = environment.Client.Connection.Options.TargetHost!,
                ["ContentFlows:TaskQueue"] = TaskQueue,
                ["ContentFlows:PostgresConnectionString"] = postgres.ConnectionString,
                ["ContentFlows:DatabaseSchema"] = Schema,
                ["ContentFlows:BootstrapAdminKey"] = BootstrapKey,
                ["ContentFlows:SecretsKey"] = secretsKey,

                // Outcomes no worker recorded reach the rows within a second or two.
                ["ContentFlows:RunReconcileIntervalSeconds"] = "1",
            });
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(Logs);

            // Every level reaches the capture: appsettings.json (copied from the API) would hold it at Information.
            builder.Logging.AddFilter<CapturedLogs>(category: null, LogLevel.Trace);
        });
        await api.StartAsync();
        BaseAddress = new Uri(api.Urls.Single());

        var workerBuilder = Host.CreateApplicationBuilder();
        workerBuilder.Logging.ClearProviders();
        workerBuilder.Logging.SetMinimumLevel(LogLevel.Trace);
        workerBuilder.Logging.AddProvider(Logs);
        workerBuilder.Logging.AddFilter<CapturedLogs>(category: null, LogLevel.Trace);
        workerBuilder.Services.AddContentPipelineWorker(new ContentPipelineWorkerOptions(environment.Client.Connection.Options.TargetHost!, postgres.ConnectionString)
        {
            // The fakes of external services listen on 127.0.0.1, which the egress policy refuses by default.
            Egress = new ContentFlows.Activities.Egress.EgressOptions(["127.0.0.1"]),
            DatabaseSchema = Schema,
            TaskQueue = TaskQueue,
            PublishDirectory = PublishDirectory,

            // The API's key: the worker decrypts the LLM keys and channel credentials the API stored.
            SecretsKey = secretsKey,

            // Notifications link to this API's reviewers' page.
            PublicBaseUrl = BaseAddress.ToString(),

            // The default price list, as the worker's appsettings.json gives one (prices per 1M tokens).
            LlmPrices = new ContentFlows.Activities.Llm.LlmPriceList("USD", DefaultPrices),
        });
        worker = workerBuilder.Build();
        await worker.StartAsync();
    }

    /// <summary>Stops the worker for good (for tests of what the API does with no worker alive).</summary>
    public async Task StopWorkerAsync()
    {
        if (worker is not null)
        {
            await worker.StopAsync();
            worker.Dispose();
            worker = null;
        }
    }

    public async Task DisposeAsync()
    {
        if (api is not null)
        {
            await api.StopAsync();
            await api.DisposeAsync();
        }

        if (worker is not null)
        {
            await worker.StopAsync();
            worker.Dispose();
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

    /// <summary>An HTTP client sending <paramref name="key"/> as a bearer token (none when null).</summary>
    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>Creates a project through the API with the bootstrap key; returns its id and admin key.</summary>
    public async Task<(Guid ProjectId, string AdminKey)> CreateProjectAsync(IReadOnlyDictionary<string, string>? secrets = null)
    {
        using var client = Client(BootstrapKey);
        var slug = "acme-" + Guid.NewGuid().ToString("N")[..10];
        using var response = await client.PostAsJsonAsync("/api/projects", new
        {
            name = "Acme Home",
            slug,
            brand = new
            {
                voiceAndTone = "Plain, friendly, specific.",
                bannedPhrases = new[] { "world-class" },
                requiredPhrases = Array.Empty<string>(),
            },
            quality = new { minScore = 70 },
            secrets,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var document = JsonDocument.Parse(body);
        return (
            document.RootElement.GetProperty("project").GetProperty("id").GetGuid(),
            document.RootElement.GetProperty("adminKey").GetProperty("key").GetString()!);
    }

    /// <summary>Creates a key of <paramref name="role"/> with the admin key; returns the key.</summary>
    public async Task<string> CreateKeyAsync(string adminKey, string name, string role)
    {
        using var client = Client(adminKey);
        using var response = await client.PostAsJsonAsync("/api/keys", new { name, role });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("key").GetString()!;
    }

    /// <summary>Stores a definition; with <paramref name="withApproval"/> it waits for a reviewer before publishing.</summary>
    public async Task<Guid> CreateDefinitionAsync(string key, bool withApproval = true)
    {
        object[] stages = withApproval
            ?
            [
                new { type = "generate", config = new { targetWords = 150 } },
                new { type = "quality-gates", config = new { } },
                new { type = "approval", config = new { timeoutSeconds = 600 } },
                new { type = "publish", config = new { channel = "static-files" } },
            ]
            :
            [
                new { type = "generate", config = new { targetWords = 150 } },
                new { type = "quality-gates", config = new { } },
            ];
        using var client = Client(key);
        using var response = await client.PostAsJsonAsync("/api/definitions", new { name = withApproval ? "reviewed-page" : "draft-only", stages });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("id").GetGuid();
    }

    public static object StartBody(Guid definitionId, string topic = "Acme Mesh Router") => new
    {
        definitionId,
        brief = new
        {
            topic,
            audience = "busy families",
            channel = "product-page",
            language = "en",
            keywords = new[] { "mesh wifi" },
            sourceText = "The Acme Mesh Router covers 120 square metres.",
        },
    };

    /// <summary>Starts a run through the API; returns its id.</summary>
    public async Task<Guid> StartRunAsync(string key, Guid definitionId)
    {
        using var client = Client(key);
        using var response = await client.PostAsJsonAsync("/api/runs", StartBody(definitionId));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Polls GET /api/runs/{id} until <paramref name="condition"/> holds; fails at the deadline.</summary>
    public async Task<JsonElement> WaitForRunAsync(string key, Guid runId, Func<JsonElement, bool> condition, int deadlineSeconds = 60)
    {
        using var client = Client(key);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(deadlineSeconds));
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        JsonElement last = default;
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(new Uri($"/api/runs/{runId}", UriKind.Relative), deadline.Token);
                var body = await response.Content.ReadAsStringAsync(deadline.Token);
                Assert.True(response.IsSuccessStatusCode, body);
                last = JsonDocument.Parse(body).RootElement.Clone();
                if (condition(last))
                {
                    return last;
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Run {runId} did not reach the expected state within the deadline; last: {last}");
            }

            // Polling is the only way to watch a run from outside; the deadline bounds it.
            try
            {
                await poll.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Run {runId} did not reach the expected state within the deadline; last: {last}");
            }
        }
    }

    public static bool IsAwaitingApproval(JsonElement run) =>
        run.GetProperty("progress") is { ValueKind: JsonValueKind.Object } progress && progress.GetProperty("awaitingApproval").GetBoolean();

    public static bool IsFinished(JsonElement run) => run.GetProperty("state").GetString() is "published" or "completed" or "rejected";

    /// <summary>Whether the run stopped for a needs-review decision in review round <paramref name="round"/>.</summary>
    public static bool IsAwaitingReview(JsonElement run, int round) =>
        run.GetProperty("state").GetString() == "needs-review"
        && run.GetProperty("progress") is { ValueKind: JsonValueKind.Object } progress
        && progress.GetProperty("awaitingApproval").GetBoolean()
        && progress.GetProperty("reviewRound").GetInt32() == round;

    /// <summary>The status of stage <paramref name="index"/> in a run body.</summary>
    public static string? StageStatusOf(JsonElement run, int index) => run.GetProperty("stages")[index].GetProperty("status").GetString();
}
