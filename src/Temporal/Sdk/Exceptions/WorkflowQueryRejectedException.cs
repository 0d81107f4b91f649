using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.Exceptions;

/// <summary>A query was rejected because of the workflow's status and the query's reject condition.</summary>
public class WorkflowQueryRejectedException : TemporalException
{
    /// <summary>Initializes a new instance of the <see cref="WorkflowQueryRejectedException"/> class.</summary>
    /// <param name="workflowStatus">The workflow status that caused the rejection.</param>
    public WorkflowQueryRejectedException(WorkflowExecutionStatus workflowStatus)
        : base($"Query rejected, workflow status: {workflowStatus}")
    {
        WorkflowStatus = workflowStatus;
    }

    /// <summary>Gets the workflow status that caused the rejection.</summary>
    public WorkflowExecutionStatus WorkflowStatus { get; }
}
