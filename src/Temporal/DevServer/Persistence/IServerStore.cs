namespace ContentFlows.Temporal.DevServer.Persistence;

/// <summary>
/// Write-through journal behind the in-memory engine. The engine holds open runs (and a bounded cache of closed
/// ones) in memory and awaits <see cref="PersistAsync"/> before it acknowledges a mutation, so a durable store
/// loses no acknowledged state; <see cref="LoadAsync"/> rebuilds the open runs after a restart, and closed runs
/// are read back on demand.
/// </summary>
internal interface IServerStore : IAsyncDisposable
{
    /// <summary>Gets a value indicating whether state survives a restart of the process.</summary>
    bool IsDurable { get; }

    /// <summary>Creates or migrates the schema; called once before <see cref="LoadAsync"/>.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Reads every namespace, every schedule and every open execution with its full history (closed ones stay in the store).</summary>
    Task<StoreSnapshot> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Writes one batch atomically: all of it is durable when the task completes, or none of it.</summary>
    Task PersistAsync(StoreWrite write, CancellationToken cancellationToken);

    /// <summary>
    /// Reads one committed run with its history, or null. Synchronous: the engine calls it under its lock when a
    /// closed run it no longer holds in memory is asked for.
    /// </summary>
    StoredExecution? ReadExecution(string namespaceId, string runId);

    /// <summary>Reads the latest committed run of a workflow id (the open one first, else the last started), or null.</summary>
    StoredExecution? ReadLatestExecution(string namespaceId, string workflowId);

    /// <summary>Streams the committed closed runs of a namespace as serialized <c>WorkflowExecutionInfo</c>, for list and count.</summary>
    IAsyncEnumerable<byte[]> ReadClosedVisibilityAsync(string namespaceId, CancellationToken cancellationToken);

    /// <summary>Streams the namespace and workflow ids that have closed runs in the store.</summary>
    IAsyncEnumerable<(string NamespaceId, string WorkflowId)> ReadClosedWorkflowIdsAsync(CancellationToken cancellationToken);

    /// <summary>Reads up to <paramref name="limit"/> closed runs of a namespace that closed at or before <paramref name="closedBefore"/>, oldest first.</summary>
    Task<IReadOnlyList<ExpiredExecution>> ReadExpiredAsync(string namespaceId, DateTimeOffset closedBefore, int limit, CancellationToken cancellationToken);
}
