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

    /// <summary>Gets or sets the task queue. Default "content-pipelines".</summary>
    public string TaskQueue { get; set; } = DefaultTaskQueue;

    /// <summary>Gets or sets the PostgreSQL connection string for app data. Required.</summary>
    public string PostgresConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets the app data schema. Default "contentflows".</summary>
    public string DatabaseSchema { get; set; } = Persistence.ContentFlowsDatabaseOptions.DefaultSchema;

    /// <summary>Gets or sets the static site root for the static-files channel. Default "published" under the working directory.</summary>
    public string PublishDirectory { get; set; } = "published";

    /// <summary>Throws naming the first bad property and its value.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(TemporalAddress) || !TemporalAddress.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"ContentPipelineWorkerOptions.TemporalAddress must be host:port (was \"{TemporalAddress}\").", nameof(TemporalAddress));
        }

        if (string.IsNullOrWhiteSpace(Namespace))
        {
            throw new ArgumentException("ContentPipelineWorkerOptions.Namespace is required (was empty).", nameof(Namespace));
        }

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
    }
}
