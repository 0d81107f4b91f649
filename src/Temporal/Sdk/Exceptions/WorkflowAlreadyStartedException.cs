namespace ContentFlows.Temporal.Exceptions;

/// <summary>Thrown when starting a workflow whose id is already in use by a running execution (or reuse is refused).</summary>
public class WorkflowAlreadyStartedException : TemporalException
{
    /// <summary>Initializes a new instance of the <see cref="WorkflowAlreadyStartedException"/> class.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="workflowId">The workflow id that is already in use.</param>
    /// <param name="workflowType">The workflow type that was being started.</param>
    /// <param name="runId">The run id of the existing execution, or null when unknown.</param>
    /// <param name="innerException">The RPC error, or null.</param>
    public WorkflowAlreadyStartedException(string message, string workflowId, string workflowType, string? runId, Exception? innerException = null)
        : base(message, innerException)
    {
        WorkflowId = workflowId;
        WorkflowType = workflowType;
        RunId = runId;
    }

    /// <summary>Gets the workflow id that is already in use.</summary>
    public string WorkflowId { get; }

    /// <summary>Gets the workflow type that was being started.</summary>
    public string WorkflowType { get; }

    /// <summary>Gets the run id of the existing execution, or null when unknown.</summary>
    public string? RunId { get; }
}
