namespace ContentFlows.Temporal.Worker.Workflows;

/// <summary>Workflow code kept the workflow thread busy past the deadlock timeout (it blocked instead of awaiting).</summary>
internal sealed class WorkflowDeadlockException : Exception
{
    public WorkflowDeadlockException(string message)
        : base(message)
    {
    }
}
