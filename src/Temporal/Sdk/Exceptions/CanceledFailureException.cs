using Temporalio.Api.Failure.V1;

namespace ContentFlows.Temporal.Exceptions;

/// <summary>A cancellation, as a failure: of a workflow, an activity or a child workflow.</summary>
public class CanceledFailureException : FailureException
{
    /// <summary>Initializes a new instance of the <see cref="CanceledFailureException"/> class.</summary>
    /// <param name="message">The failure message.</param>
    /// <param name="innerException">The cause, or null.</param>
    /// <param name="details">Values attached to the cancellation.</param>
    public CanceledFailureException(string message, Exception? innerException = null, IReadOnlyCollection<object?>? details = null)
        : base(message, innerException)
    {
        Details = new FailureDetails(details);
    }

    /// <summary>Initializes a new instance of the <see cref="CanceledFailureException"/> class from a received failure.</summary>
    internal CanceledFailureException(Failure failure, Exception? innerException, FailureDetails details)
        : base(failure, innerException)
    {
        Details = details;
    }

    /// <summary>Gets the details attached to the cancellation.</summary>
    public FailureDetails Details { get; }
}
