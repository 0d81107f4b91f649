namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>Limits a real Temporal server enforces by default, kept the same here so SDKs meet the same errors.</summary>
internal sealed class ServerLimits
{
    /// <summary>Gets or sets the largest payload blob accepted (real default: 2 MiB).</summary>
    public int BlobSizeLimitBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Gets or sets how long a long poll waits at most before answering empty.</summary>
    public TimeSpan LongPollTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how long a history long poll (wait_new_event) waits before returning a token to re-poll.</summary>
    public TimeSpan HistoryLongPollTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Gets or sets how long a query waits for a worker when the caller set no deadline.</summary>
    public TimeSpan DefaultQueryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how many closed runs stay in memory with a durable store; older ones are read back from the store
    /// when asked for, so memory does not grow with every run ever executed.
    /// </summary>
    public int ClosedRunCacheSize { get; set; } = 1000;

    /// <summary>
    /// Gets or sets how often closed runs past their namespace's retention are deleted (null: never, as in the
    /// time-skipping test server, whose clock may jump past any retention).
    /// </summary>
    public TimeSpan? RetentionSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how many expired runs one sweep transaction deletes.</summary>
    public int RetentionDeleteBatchSize { get; set; } = 1000;
}
