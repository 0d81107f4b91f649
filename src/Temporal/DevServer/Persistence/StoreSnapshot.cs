namespace ContentFlows.Temporal.DevServer.Persistence;

/// <summary>Everything a store holds, read once at start.</summary>
internal sealed record StoreSnapshot(IReadOnlyList<NamespaceRecord> Namespaces, IReadOnlyList<StoredExecution> Executions)
{
    /// <summary>Gets every stored schedule.</summary>
    public IReadOnlyList<ScheduleRecord> Schedules { get; init; } = [];

    public static StoreSnapshot Empty { get; } = new([], []);
}
