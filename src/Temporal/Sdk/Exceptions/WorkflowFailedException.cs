namespace ContentFlows.Temporal.Exceptions;

/// <summary>
/// Thrown by the client when a workflow it waits for closed without a result: failed, cancelled,
/// terminated or timed out. <see cref="Exception.InnerException"/> is the converted failure, e.g. an
/// <see cref="ApplicationFailureException"/>, <see cref="CanceledFailureException"/>,
/// <see cref="TerminatedFailureException"/> or <see cref="TimeoutFailureException"/>, with its cause chain.
/// </summary>
public class WorkflowFailedException : TemporalException
{
    /// <summary>Initializes a new instance of the <see cref="WorkflowFailedException"/> class.</summary>
    /// <param name="innerException">The converted failure.</param>
    public WorkflowFailedException(Exception? innerException)
        : base("Workflow failed", innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WorkflowFailedException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The converted failure.</param>
    public WorkflowFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
