namespace ContentFlows.Temporal.DevServer.Persistence;

/// <summary>One atomic unit of persistence: namespace upserts and execution changes.</summary>
internal sealed record StoreWrite(IReadOnlyList<NamespaceRecord> Namespaces, IReadOnlyList<ExecutionWrite> Executions)
{
    /// <summary>Gets the schedules to upsert, or to delete when their state is null.</summary>
    public IReadOnlyList<ScheduleRecord> Schedules { get; init; } = [];

    /// <summary>Gets the runs to delete with their history, after this write's other changes.</summary>
    public IReadOnlyList<DeletedExecution> Deletions { get; init; } = [];

    public static StoreWrite ForExecutions(params ExecutionWrite[] executions) => new([], executions);

    public static StoreWrite ForNamespace(NamespaceRecord record) => new([record], []);
}
