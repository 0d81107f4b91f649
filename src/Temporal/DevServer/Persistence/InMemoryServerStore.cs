namespace ContentFlows.Temporal.DevServer.Persistence;

/// <summary>
/// The default store: the engine's memory is the only copy, so persisting is free, a restart starts empty, and
/// closed runs stay in memory until their namespace's retention deletes them (there is nothing to read back).
/// </summary>
internal sealed class InMemoryServerStore : IServerStore
{
    public bool IsDurable => false;

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<StoreSnapshot> LoadAsync(CancellationToken cancellationToken) => Task.FromResult(StoreSnapshot.Empty);

    public Task PersistAsync(StoreWrite write, CancellationToken cancellationToken) => Task.CompletedTask;

    public StoredExecution? ReadExecution(string namespaceId, string runId) => null;

    public StoredExecution? ReadLatestExecution(string namespaceId, string workflowId) => null;

    public IAsyncEnumerable<byte[]> ReadClosedVisibilityAsync(string namespaceId, CancellationToken cancellationToken) => AsyncEnumerable.Empty<byte[]>();

    public IAsyncEnumerable<(string NamespaceId, string WorkflowId)> ReadClosedWorkflowIdsAsync(CancellationToken cancellationToken) => AsyncEnumerable.Empty<(string, string)>();

    public Task<IReadOnlyList<ExpiredExecution>> ReadExpiredAsync(string namespaceId, DateTimeOffset closedBefore, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ExpiredExecution>>([]);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
