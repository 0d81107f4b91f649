namespace ContentFlows.Temporal.Exceptions;

/// <summary>Thrown when waiting for one run's result while not following runs, and that run continued as new.</summary>
public class WorkflowContinuedAsNewException : TemporalException
{
    /// <summary>Initializes a new instance of the <see cref="WorkflowContinuedAsNewException"/> class.</summary>
    /// <param name="newRunId">The run id of the new run.</param>
    public WorkflowContinuedAsNewException(string newRunId)
        : base($"Workflow continued as new, new run id: {newRunId}")
    {
        NewRunId = newRunId;
    }

    /// <summary>Gets the run id of the new run.</summary>
    public string NewRunId { get; }
}
