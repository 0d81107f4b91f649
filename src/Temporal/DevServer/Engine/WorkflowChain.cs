namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>All runs of one workflow id, oldest first; the last is the current run.</summary>
internal sealed class WorkflowChain
{
    private readonly List<WorkflowRun> _runs = [];

    public IReadOnlyList<WorkflowRun> Runs => _runs;

    public WorkflowRun? Current => _runs.Count == 0 ? null : _runs[^1];

    public void Add(WorkflowRun run) => _runs.Add(run);

    public void Remove(WorkflowRun run) => _runs.Remove(run);
}
