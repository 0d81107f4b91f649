namespace ContentFlows.Temporal.Worker.Workflows;

/// <summary>A signal or cancel request to another workflow, waiting for the server to deliver it.</summary>
internal sealed class PendingExternalRequest
{
    public PendingExternalRequest(string workflowId, string description)
    {
        WorkflowId = workflowId;
        Description = description;
    }

    public string WorkflowId { get; }

    public string Description { get; }

    public TaskCompletionSource Completion { get; } = new();
}
