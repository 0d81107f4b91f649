namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// The closed runs the engine holds in memory, oldest admission first. With a durable store it is bounded: the
/// oldest closed runs leave memory and are read back from the store when asked for. Used under the engine's lock.
/// </summary>
internal sealed class ClosedRunCache
{
    private readonly LinkedList<WorkflowRun> _order = new();
    private readonly Dictionary<WorkflowRun, LinkedListNode<WorkflowRun>> _nodes = new(ReferenceEqualityComparer.Instance);

    public int Count => _order.Count;

    public IEnumerable<WorkflowRun> Runs => _order;

    public void Add(WorkflowRun run)
    {
        if (!_nodes.ContainsKey(run))
        {
            _nodes[run] = _order.AddLast(run);
        }
    }

    public void Remove(WorkflowRun run)
    {
        if (_nodes.Remove(run, out var node))
        {
            _order.Remove(node);
        }
    }

    /// <summary>Removes and returns the run admitted first.</summary>
    public WorkflowRun TakeOldest()
    {
        var oldest = _order.First ?? throw new InvalidOperationException("The cache is empty.");
        Remove(oldest.Value);
        return oldest.Value;
    }
}
