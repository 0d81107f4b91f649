namespace ContentFlows.Temporal.DevServer.Persistence;

/// <summary>The default store: the engine's memory is the only copy, so persisting is free and a restart starts empty.</summary>
internal sealed class InMemoryServerStore : IServerStore
{
    public bool IsDurable => false;

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<StoreSnapshot> LoadAsync(CancellationToken cancellationToken) => Task.FromResult(StoreSnapshot.Empty);

    public Task PersistAsync(StoreWrite write, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
