namespace ContentFlows.Temporal.Worker.Workflows;

/// <summary>Runs kept in memory between workflow tasks, by run id, least recently used evicted first.</summary>
internal sealed class WorkflowInstanceCache
{
    private readonly int capacity;
    private readonly Dictionary<string, LinkedListNode<WorkflowCacheEntry>> entries = new(StringComparer.Ordinal);
    private readonly LinkedList<WorkflowCacheEntry> recency = new();

    public WorkflowInstanceCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        this.capacity = capacity;
    }

    public int Count
    {
        get
        {
            lock (entries)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>Gets the run's entry, creating it (and evicting the least recently used beyond capacity) when absent.</summary>
    public WorkflowCacheEntry GetOrAdd(string runId, Func<WorkflowInstance> create)
    {
        lock (entries)
        {
            if (entries.TryGetValue(runId, out var node))
            {
                recency.Remove(node);
                recency.AddFirst(node);
                return node.Value;
            }

            var entry = new WorkflowCacheEntry(runId, create());
            entries[runId] = recency.AddFirst(entry);
            while (entries.Count > Math.Max(capacity, 1) && recency.Last is { } oldest && oldest.Value != entry)
            {
                recency.RemoveLast();
                entries.Remove(oldest.Value.RunId);
            }

            return entry;
        }
    }

    public bool TryGet(string runId, out WorkflowCacheEntry? entry)
    {
        lock (entries)
        {
            entry = entries.TryGetValue(runId, out var node) ? node.Value : null;
            return entry is not null;
        }
    }

    /// <summary>Drops the run if it is still the given entry.</summary>
    public void Remove(WorkflowCacheEntry entry)
    {
        lock (entries)
        {
            if (entries.TryGetValue(entry.RunId, out var node) && node.Value == entry)
            {
                entries.Remove(entry.RunId);
                recency.Remove(node);
            }
        }
    }

    public void Remove(string runId)
    {
        lock (entries)
        {
            if (entries.Remove(runId, out var node))
            {
                recency.Remove(node);
            }
        }
    }
}
