using ContentFlows.Activities.Hosting;
using ContentFlows.Activities.Llm;
using Npgsql;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ContentFlows.Worker;

/// <summary>
/// The parts of temporal-dev.yml the worker and the API read: where the dev server is, the PostgreSQL they share
/// with it, the <c>worker</c> section and the <c>api</c> section (the API compiles this file in by link).
/// Relative paths are relative to the file, so the stack runs from any directory.
/// </summary>
internal sealed class StackConfigFile
{
    public DevServerSection DevServer { get; set; } = new();

    public PostgresSection Postgres { get; set; } = new();

    public TemporalSection Temporal { get; set; } = new();

    public WorkerSection Worker { get; set; } = new();

    public ApiSection Api { get; set; } = new();

    public string Directory { get; private set; } = ".";

    public static StackConfigFile Load(string path)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build();
        try
        {
            var file = deserializer.Deserialize<StackConfigFile?>(File.ReadAllText(path)) ?? new StackConfigFile();

            // A section present with every line commented out (as temporal: is by default) reads as null.
            file.DevServer ??= new();
            file.Postgres ??= new();
            file.Temporal ??= new();
            file.Worker ??= new();
            file.Api ??= new();
            file.Directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            return file;
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ArgumentException($"{path}: {e.Message}", nameof(path), e);
        }
    }

    /// <summary>Builds the worker's options; <see cref="ContentPipelineWorkerOptions.Validate"/> names any bad value.</summary>
    public ContentPipelineWorkerOptions ToWorkerOptions()
    {
        var options = new ContentPipelineWorkerOptions(Temporal.Address ?? DevServer.Address ?? "127.0.0.1:7233", PostgresConnectionString())
        {
            Namespace = Temporal.Namespace ?? Worker.Namespace ?? DevServer.Namespaces?.FirstOrDefault() ?? "default",
            TemporalApiKey = Temporal.ApiKey,
            TemporalTls = Temporal.Tls is { } tls
                ? new Activities.Temporal.TemporalTlsSettings
                {
                    ServerName = tls.ServerName,
                    ServerRootCaCertPath = FullPath(tls.ServerRootCaCert),
                    ClientCertPath = FullPath(tls.ClientCert),
                    ClientPrivateKeyPath = FullPath(tls.ClientKey),
                }
                : null,
            PayloadEncryption = Temporal.Encryption?.ToOptions(),
            TaskQueue = Worker.TaskQueue ?? ContentPipelineWorkerOptions.DefaultTaskQueue,
            DatabaseSchema = Worker.DatabaseSchema ?? Activities.Persistence.ContentFlowsDatabaseOptions.DefaultSchema,
            PublishDirectory = Path.GetFullPath(Path.Combine(Directory, Worker.PublishDirectory ?? "published")),

            // Notifications link to the reviewers' page where people reach the API: its public URL, else its local address.
            PublicBaseUrl = Api.PublicBaseUrl ?? (Api.Address is { } apiAddress ? $"http://{apiAddress}/" : Activities.Notifications.ReviewLinks.DefaultPublicBaseUrl),
        };
        if (Worker.RateLimit is { } rateLimit)
        {
            options.RateLimiter = rateLimit.Store switch
            {
                null or "in-process" => RateLimiterStore.InProcess,
                "postgres" => RateLimiterStore.Postgres,
                _ => throw new ArgumentException($"worker.rateLimit.store must be in-process or postgres (was \"{rateLimit.Store}\")."),
            };
            options.RateLimits = new RateLimitOptions
            {
                RequestsPerMinute = rateLimit.RequestsPerMinute ?? options.RateLimits.RequestsPerMinute,
                TokensPerMinute = rateLimit.TokensPerMinute ?? options.RateLimits.TokensPerMinute,
                BurstWindow = rateLimit.BurstSeconds is { } burst ? TimeSpan.FromSeconds(burst) : options.RateLimits.BurstWindow,
            };
        }

        if (Worker.Egress is { } egress)
        {
            options.Egress = new Activities.Egress.EgressOptions(egress.AllowedHosts ?? [])
            {
                MaxResponseBytes = egress.MaxResponseBytes ?? Activities.Egress.EgressOptions.DefaultMaxResponseBytes,
            };
        }

        options.Validate();
        return options;
    }

    private string? FullPath(string? path) => string.IsNullOrEmpty(path) ? null : Path.GetFullPath(Path.Combine(Directory, path));

    /// <summary>The connection string of the postgres section.</summary>
    public string PostgresConnectionString() => new NpgsqlConnectionStringBuilder
    {
        Host = Postgres.Host,
        Port = Postgres.Port,
        Database = Postgres.Database,
        Username = Postgres.Username,
        Password = Postgres.Password,
    }.ConnectionString;

    /// <summary>The devServer section (only what the worker and the API need).</summary>
    internal sealed class DevServerSection
    {
        public string? Address { get; set; }

        public string? UiAddress { get; set; }

        public List<string>? Namespaces { get; set; }
    }

    /// <summary>
    /// The temporal section: where the worker and the API connect when it is not the dev server above — a self-hosted
    /// cluster or Temporal Cloud (address, namespace, API key, TLS files relative to this file).
    /// </summary>
    internal sealed class TemporalSection
    {
        public string? Address { get; set; }

        public string? Namespace { get; set; }

        public string? ApiKey { get; set; }

        public TemporalTlsSection? Tls { get; set; }

        public EncryptionSection? Encryption { get; set; }
    }

    /// <summary>Payload encryption: the current key id and the key ring (id → base64 of 32 bytes); old keys decrypt old payloads.</summary>
    internal sealed class EncryptionSection
    {
        public string? CurrentKeyId { get; set; }

        public Dictionary<string, string>? Keys { get; set; }

        public bool? RequireEncryption { get; set; }

        /// <summary>Gets or sets the browser origins (the history UI) allowed to call the API's codec server.</summary>
        public List<string>? CodecServerOrigins { get; set; }

        public Activities.Encryption.PayloadEncryptionOptions ToOptions() =>
            new(CurrentKeyId ?? string.Empty, Keys ?? [])
            {
                RequireEncryption = RequireEncryption ?? true,
            };
    }

    /// <summary>TLS to the cluster: PEM files.</summary>
    internal sealed class TemporalTlsSection
    {
        public string? ServerName { get; set; }

        public string? ServerRootCaCert { get; set; }

        public string? ClientCert { get; set; }

        public string? ClientKey { get; set; }
    }

    /// <summary>The postgres section, shared with the dev server.</summary>
    internal sealed class PostgresSection
    {
        public string Host { get; set; } = "127.0.0.1";

        public int Port { get; set; } = 5433;

        public string Database { get; set; } = "contentflows";

        public string Username { get; set; } = "contentflows";

        public string Password { get; set; } = "contentflows";
    }

    /// <summary>The worker section.</summary>
    internal sealed class WorkerSection
    {
        public string? TaskQueue { get; set; }

        public string? Namespace { get; set; }

        public string? DatabaseSchema { get; set; }

        public string? PublishDirectory { get; set; }

        public bool OfflineFlawedFirstDrafts { get; set; }

        public RateLimitSection? RateLimit { get; set; }

        public EgressSection? Egress { get; set; }
    }

    /// <summary>What the worker may reach on a tenant's behalf beyond public addresses.</summary>
    internal sealed class EgressSection
    {
        /// <summary>Gets or sets host names or IP literals reachable whatever they resolve to (e.g. an intranet WordPress).</summary>
        public List<string>? AllowedHosts { get; set; }

        public long? MaxResponseBytes { get; set; }
    }

    /// <summary>The worker's rate limit: where its buckets live and the limits of each endpoint and model.</summary>
    internal sealed class RateLimitSection
    {
        /// <summary>Gets or sets "in-process" (each worker its own limit) or "postgres" (one limit shared by all workers).</summary>
        public string? Store { get; set; }

        public int? RequestsPerMinute { get; set; }

        public int? TokensPerMinute { get; set; }

        public double? BurstSeconds { get; set; }
    }

    /// <summary>The api section: where the HTTP API listens, its local keys and its per-key rate limit (it shares the worker's database schema).</summary>
    internal sealed class ApiSection
    {
        public string? Address { get; set; }

        /// <summary>Gets or sets the API's address as people reach it (behind a proxy, say); notifications link to its reviewers' page.</summary>
        public string? PublicBaseUrl { get; set; }

        public string? BootstrapAdminKey { get; set; }

        public string? SecretsKey { get; set; }

        public ApiRateLimitSection? RateLimit { get; set; }
    }

    /// <summary>The API's per-key request budget.</summary>
    internal sealed class ApiRateLimitSection
    {
        public int? PermitsPerSecond { get; set; }

        public int? Burst { get; set; }
    }
}
