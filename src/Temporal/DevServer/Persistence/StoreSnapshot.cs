namespace ContentFlows.Temporal.DevServer.Persistence;

/// <summary>Everything a store holds, read once at start.</summary>
internal sealed record StoreSnapshot(IReadOnlyList<NamespaceRecord> Namespaces, IReadOnlyList<StoredExecution> Executions)
{
    public static StoreSnapshot Empty { get; } = new([], []);
}
