namespace ContentFlows.Temporal.Exceptions;

/// <summary>A query could not be answered: no handler of that name, or the handler threw.</summary>
public class WorkflowQueryFailedException : TemporalException
{
    /// <summary>Initializes a new instance of the <see cref="WorkflowQueryFailedException"/> class.</summary>
    /// <param name="message">Why the query failed, as reported by the worker or server.</param>
    /// <param name="innerException">The RPC error, or null.</param>
    public WorkflowQueryFailedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
