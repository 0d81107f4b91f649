namespace ContentFlows.Temporal.Exceptions;

/// <summary>
/// Replaying a workflow's history produced commands that differ from the recorded ones: the workflow code changed
/// in a way that is not compatible with runs already in flight (guard such changes with <c>Workflow.Patched</c>).
/// A worker fails the workflow task with cause <c>NON_DETERMINISTIC_ERROR</c>; the replayer throws this exception.
/// </summary>
/// <remarks>Lives with the workflow runtime that raises it; its namespace matches Temporal .NET's.</remarks>
public sealed class WorkflowNondeterminismException : TemporalException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What was expected and what the workflow produced.</param>
    public WorkflowNondeterminismException(string message)
        : base(message)
    {
    }
}
