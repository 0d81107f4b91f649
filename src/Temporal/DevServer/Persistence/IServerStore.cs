namespace ContentFlows.Temporal.DevServer.Persistence;

/// <summary>
/// Write-through journal behind the in-memory engine. The engine serves every read from memory and
/// awaits <see cref="PersistAsync"/> before it acknowledges a mutation, so a durable store loses no
/// acknowledged state; <see cref="LoadAsync"/> rebuilds the engine after a restart.
/// </summary>
internal interface IServerStore : IAsyncDisposable
{
    /// <summary>Gets a value indicating whether state survives a restart of the process.</summary>
    bool IsDurable { get; }

    /// <summary>Creates or migrates the schema; called once before <see cref="LoadAsync"/>.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Reads every namespace and every execution (open and closed) with its full history.</summary>
    Task<StoreSnapshot> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Writes one batch atomically: all of it is durable when the task completes, or none of it.</summary>
    Task PersistAsync(StoreWrite write, CancellationToken cancellationToken);
}
