namespace ContentFlows.Api;

/// <summary>What the API needs: where Temporal and PostgreSQL are, the pipelines' task queue, the bootstrap key and the secrets key.</summary>
internal sealed class ApiOptions
{
    /// <summary>The configuration section these options bind from (shared with the worker).</summary>
    public const string SectionName = "ContentFlows";

    /// <summary>The shortest bootstrap key accepted, so a guessable one cannot be configured by mistake.</summary>
    public const int MinimumBootstrapKeyLength = 32;

    public ApiOptions()
    {
    }

    public ApiOptions(string postgresConnectionString, string bootstrapAdminKey, string secretsKey)
    {
        PostgresConnectionString = postgresConnectionString;
        BootstrapAdminKey = bootstrapAdminKey;
        SecretsKey = secretsKey;
    }

    /// <summary>Gets or sets the Temporal server as host:port. Default "127.0.0.1:7233".</summary>
    public string TemporalAddress { get; set; } = "127.0.0.1:7233";

    /// <summary>Gets or sets the Temporal namespace. Default "default".</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>Gets or sets the API key of a Temporal Cloud namespace (or of a cluster that asks for one); null sends none.</summary>
    public string? TemporalApiKey { get; set; }

    /// <summary>Gets or sets TLS to the Temporal cluster (mTLS client certificate, server CA); null is plain text.</summary>
    public Activities.Temporal.TemporalTlsSettings? TemporalTls { get; set; }

    /// <summary>Gets or sets the key ring workflow payloads are encrypted with; null keeps them in plain JSON.</summary>
    public Activities.Encryption.PayloadEncryptionOptions? PayloadEncryption { get; set; }

    /// <summary>
    /// Gets the browser origins (the history UI) allowed to call the codec server at <c>/codec</c>, which the API serves
    /// when <see cref="PayloadEncryption"/> is set so engineers can read encrypted payloads.
    /// </summary>
    public IList<string> CodecServerOrigins { get; } = [];

    /// <summary>Gets the Temporal connection these options describe.</summary>
    public Activities.Temporal.TemporalConnectionSettings TemporalConnection => new()
    {
        Address = TemporalAddress,
        Namespace = Namespace,
        ApiKey = TemporalApiKey,
        Tls = TemporalTls,
        Encryption = PayloadEncryption,
    };

    /// <summary>Gets or sets the task queue runs start on. Default "content-pipelines" (the worker's).</summary>
    public string TaskQueue { get; set; } = Activities.Hosting.ContentPipelineWorkerOptions.DefaultTaskQueue;

    /// <summary>Gets or sets the PostgreSQL connection string for app data. Required.</summary>
    public string PostgresConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets the app data schema. Default "contentflows".</summary>
    public string DatabaseSchema { get; set; } = Activities.Persistence.ContentFlowsDatabaseOptions.DefaultSchema;

    /// <summary>Gets or sets the key that may create projects (and nothing else). Required, at least 32 characters.</summary>
    public string BootstrapAdminKey { get; set; } = string.Empty;

    /// <summary>Gets or sets the base64 32-byte AES-GCM key project secrets are encrypted under. Required.</summary>
    public string SecretsKey { get; set; } = string.Empty;

    /// <summary>Gets or sets how often open run rows are compared with their workflows' real status, in seconds. Default 5.</summary>
    public int RunReconcileIntervalSeconds { get; set; } = 5;

    /// <summary>Throws naming the first bad property (never echoing a key).</summary>
    public void Validate()
    {
        TemporalConnection.Validate("ContentFlows:");

        if (RunReconcileIntervalSeconds is < 1 or > 3600)
        {
            throw new ArgumentException($"ContentFlows:RunReconcileIntervalSeconds must be 1 to 3600 (was {RunReconcileIntervalSeconds}).", nameof(RunReconcileIntervalSeconds));
        }

        if (string.IsNullOrWhiteSpace(TaskQueue))
        {
            throw new ArgumentException("ContentFlows:TaskQueue is required (was empty).", nameof(TaskQueue));
        }

        if (string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            throw new ArgumentException("ContentFlows:PostgresConnectionString is required (was empty); set ContentFlows__PostgresConnectionString.", nameof(PostgresConnectionString));
        }

        if (BootstrapAdminKey.Length < MinimumBootstrapKeyLength)
        {
            throw new ArgumentException($"ContentFlows:BootstrapAdminKey must be at least {MinimumBootstrapKeyLength} characters (was {BootstrapAdminKey.Length}).", nameof(BootstrapAdminKey));
        }

        // Validated by the secrets options themselves, which name the property without echoing the key.
        new Activities.Projects.SecretsOptions(SecretsKey).KeyBytes();
    }
}
