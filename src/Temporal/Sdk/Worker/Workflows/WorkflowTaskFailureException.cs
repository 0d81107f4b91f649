using Temporalio.Api.Enums.V1;

namespace ContentFlows.Temporal.Worker.Workflows;

/// <summary>The workflow task (not the workflow) failed: the worker reports it and the server retries the task.</summary>
internal sealed class WorkflowTaskFailureException : Exception
{
    public WorkflowTaskFailureException(string message, Exception innerException, WorkflowTaskFailedCause cause = WorkflowTaskFailedCause.WorkflowWorkerUnhandledFailure)
        : base(message, innerException)
    {
        Cause = cause;
    }

    /// <summary>Gets the cause reported to the server.</summary>
    public WorkflowTaskFailedCause Cause { get; }
}
