namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>Deletion: a run deleted (DeleteWorkflowExecution or retention) must not return to memory or the cache.</summary>
internal sealed partial class WorkflowRun
{
    public bool IsDeleted { get; private set; }

    public void MarkDeleted() => IsDeleted = true;
}
