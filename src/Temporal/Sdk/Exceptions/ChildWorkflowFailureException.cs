using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;

namespace ContentFlows.Temporal.Exceptions;

/// <summary>A child workflow failed as seen by its parent; <see cref="Exception.InnerException"/> is the cause.</summary>
public class ChildWorkflowFailureException : FailureException
{
    /// <summary>Initializes a new instance of the <see cref="ChildWorkflowFailureException"/> class.</summary>
    /// <param name="message">The failure message.</param>
    /// <param name="namespace">The child's namespace.</param>
    /// <param name="workflowId">The child's workflow id.</param>
    /// <param name="runId">The child's run id.</param>
    /// <param name="workflowType">The child's workflow type name.</param>
    /// <param name="retryState">Why retrying stopped.</param>
    /// <param name="innerException">The cause.</param>
    /// <param name="initiatedEventId">The StartChildWorkflowExecutionInitiated event id.</param>
    /// <param name="startedEventId">The ChildWorkflowExecutionStarted event id.</param>
    public ChildWorkflowFailureException(
        string message,
        string @namespace,
        string workflowId,
        string runId,
        string workflowType,
        RetryState retryState,
        Exception? innerException,
        long initiatedEventId = 0,
        long startedEventId = 0)
        : base(message, innerException)
    {
        Namespace = @namespace;
        WorkflowId = workflowId;
        RunId = runId;
        WorkflowType = workflowType;
        RetryState = retryState;
        InitiatedEventId = initiatedEventId;
        StartedEventId = startedEventId;
    }

    /// <summary>Initializes a new instance of the <see cref="ChildWorkflowFailureException"/> class from a received failure.</summary>
    internal ChildWorkflowFailureException(Failure failure, Exception? innerException)
        : base(failure, innerException)
    {
        var info = failure.ChildWorkflowExecutionFailureInfo;
        Namespace = info?.Namespace ?? string.Empty;
        WorkflowId = info?.WorkflowExecution?.WorkflowId ?? string.Empty;
        RunId = info?.WorkflowExecution?.RunId ?? string.Empty;
        WorkflowType = info?.WorkflowType?.Name ?? string.Empty;
        RetryState = info?.RetryState ?? RetryState.Unspecified;
        InitiatedEventId = info?.InitiatedEventId ?? 0;
        StartedEventId = info?.StartedEventId ?? 0;
    }

    /// <summary>Gets the child's namespace.</summary>
    public string Namespace { get; }

    /// <summary>Gets the child's workflow id.</summary>
    public string WorkflowId { get; }

    /// <summary>Gets the child's run id.</summary>
    public string RunId { get; }

    /// <summary>Gets the child's workflow type name.</summary>
    public string WorkflowType { get; }

    /// <summary>Gets why retrying stopped.</summary>
    public RetryState RetryState { get; }

    /// <summary>Gets the StartChildWorkflowExecutionInitiated event id.</summary>
    public long InitiatedEventId { get; }

    /// <summary>Gets the ChildWorkflowExecutionStarted event id.</summary>
    public long StartedEventId { get; }
}
