using Temporalio.Api.Failure.V1;

namespace ContentFlows.Temporal.Exceptions;

/// <summary>A failure originating in the Temporal server rather than in application code.</summary>
public class ServerFailureException : FailureException
{
    /// <summary>Initializes a new instance of the <see cref="ServerFailureException"/> class.</summary>
    /// <param name="message">The failure message.</param>
    /// <param name="nonRetryable">Whether the failure must not be retried.</param>
    /// <param name="innerException">The cause, or null.</param>
    public ServerFailureException(string message, bool nonRetryable, Exception? innerException = null)
        : base(message, innerException)
    {
        NonRetryable = nonRetryable;
    }

    /// <summary>Initializes a new instance of the <see cref="ServerFailureException"/> class from a received failure.</summary>
    internal ServerFailureException(Failure failure, Exception? innerException)
        : base(failure, innerException)
    {
        NonRetryable = failure.ServerFailureInfo?.NonRetryable ?? false;
    }

    /// <summary>Gets a value indicating whether the failure must not be retried.</summary>
    public bool NonRetryable { get; }
}
