namespace ContentFlows.Temporal.Client;

/// <summary>Per-call settings for <see cref="IWorkflowService"/> methods.</summary>
public sealed class RpcOptions
{
    /// <summary>Initializes a new instance of the <see cref="RpcOptions"/> class: no deadline, retries on.</summary>
    public RpcOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RpcOptions"/> class with a cancellation token.</summary>
    /// <param name="cancellationToken">Cancels the call, including retries.</param>
    public RpcOptions(CancellationToken cancellationToken)
    {
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets or sets the timeout of each attempt. Default null (none; long polls use the server's).</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Gets or sets the absolute deadline of the whole call, retries included. Default null (none).</summary>
    public DateTimeOffset? Deadline { get; set; }

    /// <summary>Gets or sets the token that cancels the call, retries included. Default none.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether transient failures (UNAVAILABLE, RESOURCE_EXHAUSTED,
    /// ABORTED) are retried with backoff. Default true. Long polls set it to false and retry themselves.
    /// </summary>
    public bool Retry { get; set; } = true;

    /// <summary>Gets extra metadata for this call (lower-case names).</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
