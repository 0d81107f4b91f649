namespace ContentFlows.Activities.Hosting;

/// <summary>What a pipeline worker needs: where Temporal and PostgreSQL are, which queue to poll, where to publish.</summary>
public sealed class ContentPipelineWorkerOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "ContentFlows";

    /// <summary>The task queue pipelines run on unless configured otherwise.</summary>
    public const string DefaultTaskQueue = "content-pipelines";

    /// <summary>Initializes a new instance with defaults; set <see cref="PostgresConnectionString"/> before use.</summary>
    public ContentPipelineWorkerOptions()
    {
    }

    /// <summary>Initializes a new instance with the required values.</summary>
    public ContentPipelineWorkerOptions(string temporalAddress, string postgresConnectionString)
    {
        TemporalAddress = temporalAddress;
        PostgresConnectionString = postgresConnectionString;
    }

    /// <summary>Gets or sets the Temporal server as host:port. Default "127.0.0.1:7233" (the dev server's usual port).</summary>
    public string TemporalAddress { get; set; } = "127.0.0.1:7233";

    /// <summary>Gets or sets the Temporal namespace. Default "default".</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>Gets or sets the API key of a Temporal Cloud namespace (or of a cluster that asks for one); null sends none.</summary>
    public string? TemporalApiKey { get; set; }

    /// <summary>Gets or sets TLS to the Temporal cluster (mTLS client certificate, server CA); null is plain text.</summary>
    public Temporal.TemporalTlsSettings? TemporalTls { get; set; }

    /// <summary>Gets or sets the key ring workflow payloads are encrypted with; null keeps them in plain JSON.</summary>
    public Encryption.PayloadEncryptionOptions? PayloadEncryption { get; set; }

    /// <summary>Gets the Temporal connection these options describe.</summary>
    public Temporal.TemporalConnectionSettings TemporalConnection => new()
    {
        Address = TemporalAddress,
        Namespace = Namespace,
        ApiKey = TemporalApiKey,
        Tls = TemporalTls,
        Encryption = PayloadEncryption,
    };

    /// <summary>Gets or sets the task queue. Default "content-pipelines".</summary>
    public string TaskQueue { get; set; } = DefaultTaskQueue;

    /// <summary>Gets or sets the PostgreSQL connection string for app data. Required.</summary>
    public string PostgresConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets the app data schema. Default "contentflows".</summary>
    public string DatabaseSchema { get; set; } = Persistence.ContentFlowsDatabaseOptions.DefaultSchema;

    /// <summary>Gets or sets the static site root for the static-files channel. Default "published" under the working directory.</summary>
    public string PublishDirectory { get; set; } = "published";

    /// <summary>
    /// Gets or sets where the LLM rate limit's buckets live. Default <see cref="RateLimiterStore.InProcess"/>; use
    /// <see cref="RateLimiterStore.Postgres"/> when several workers call the same provider account.
    /// </summary>
    public RateLimiterStore RateLimiter { get; set; } = RateLimiterStore.InProcess;

    /// <summary>Gets or sets the limits of each endpoint and model. Default 500 requests and 200,000 tokens per minute.</summary>
    public Llm.RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>
    /// Gets or sets the base64 AES-256 key project secrets are encrypted under: the API's ContentFlows:SecretsKey, so
    /// the worker can read the LLM keys and channel credentials the API stored. Default empty: stages needing a
    /// secret fail with a configuration error.
    /// </summary>
    public string SecretsKey { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets what the worker may reach on a tenant's behalf (research URLs, webhooks, WordPress, LLM endpoints).
    /// Default: public addresses only, nothing allow-listed.
    /// </summary>
    public Egress.EgressOptions Egress { get; set; } = new();

    /// <summary>
    /// Gets or sets the default LLM price list (per model, per 1M tokens, one currency): it prices the calls of projects
    /// in its currency whose own list does not name the model. Default empty (such calls are recorded unpriced);
    /// the worker's appsettings.json carries a list of common models.
    /// </summary>
    public Llm.LlmPriceList LlmPrices { get; set; } = new();

    /// <summary>
    /// Gets or sets the API's address as people reach it: notifications link to its reviewers' page (<c>/review</c>).
    /// Default <see cref="Notifications.ReviewLinks.DefaultPublicBaseUrl"/>.
    /// </summary>
    public string PublicBaseUrl { get; set; } = Notifications.ReviewLinks.DefaultPublicBaseUrl;

    /// <summary>Throws naming the first bad property and its value.</summary>
    public void Validate()
    {
        TemporalConnection.Validate("ContentPipelineWorkerOptions.");

        if (string.IsNullOrWhiteSpace(TaskQueue))
        {
            throw new ArgumentException("ContentPipelineWorkerOptions.TaskQueue is required (was empty).", nameof(TaskQueue));
        }

        if (string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            throw new ArgumentException("ContentPipelineWorkerOptions.PostgresConnectionString is required (was empty); set ContentFlows__PostgresConnectionString.", nameof(PostgresConnectionString));
        }

        if (string.IsNullOrWhiteSpace(PublishDirectory))
        {
            throw new ArgumentException("ContentPipelineWorkerOptions.PublishDirectory is required (was empty).", nameof(PublishDirectory));
        }

        if (!string.IsNullOrEmpty(SecretsKey))
        {
            try
            {
                _ = new Projects.SecretsOptions(SecretsKey).KeyBytes();
            }
            catch (ArgumentException e)
            {
                // The message names the problem, never the key.
                throw new ArgumentException($"ContentPipelineWorkerOptions.SecretsKey: {e.Message}", nameof(SecretsKey), e);
            }
        }

        if (LlmPrices is null)
        {
            throw new ArgumentException("ContentPipelineWorkerOptions.LlmPrices is required (was null).", nameof(LlmPrices));
        }

        try
        {
            LlmPrices.ThrowIfInvalid();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"ContentPipelineWorkerOptions.{e.Message}", nameof(LlmPrices), e);
        }

        try
        {
            _ = new Notifications.ReviewLinks(PublicBaseUrl);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"ContentPipelineWorkerOptions.PublicBaseUrl: {e.Message}", nameof(PublicBaseUrl), e);
        }

        if (Egress is null)
        {
            throw new ArgumentException("ContentPipelineWorkerOptions.Egress is required (was null).", nameof(Egress));
        }

        Egress.Validate();

        if (!Enum.IsDefined(RateLimiter))
        {
            throw new ArgumentException($"ContentPipelineWorkerOptions.RateLimiter must be InProcess or Postgres (was {(int)RateLimiter}).", nameof(RateLimiter));
        }

        if (RateLimits is null)
        {
            throw new ArgumentException("ContentPipelineWorkerOptions.RateLimits is required (was null).", nameof(RateLimits));
        }

        try
        {
            RateLimits.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"ContentPipelineWorkerOptions.RateLimits: {e.Message}", nameof(RateLimits), e);
        }
    }
}
