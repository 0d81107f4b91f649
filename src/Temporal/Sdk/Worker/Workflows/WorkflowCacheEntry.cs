namespace ContentFlows.Temporal.Worker.Workflows;

/// <summary>A cached run: its instance (replaced when it has to be replayed from scratch) and the lock that serialises tasks and queries on it.</summary>
internal sealed class WorkflowCacheEntry
{
    public WorkflowCacheEntry(string runId, WorkflowInstance instance)
    {
        RunId = runId;
        Instance = instance;
    }

    public string RunId { get; }

    public WorkflowInstance Instance { get; set; }

    // Never disposed: a SemaphoreSlim without an AvailableWaitHandle holds no unmanaged resource.
    public SemaphoreSlim Lock { get; } = new(1, 1);
}
