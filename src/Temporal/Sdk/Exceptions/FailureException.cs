using Temporalio.Api.Failure.V1;

namespace ContentFlows.Temporal.Exceptions;

/// <summary>
/// The base of exceptions that travel as a Temporal <c>temporal.api.failure.v1.Failure</c>: application
/// failures, cancellations, timeouts, activity and child workflow failures. The cause chain is the
/// <see cref="Exception.InnerException"/> chain.
/// </summary>
public class FailureException : TemporalException
{
    /// <summary>Initializes a new instance of the <see cref="FailureException"/> class.</summary>
    public FailureException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FailureException"/> class with a message.</summary>
    /// <param name="message">The failure message.</param>
    public FailureException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FailureException"/> class with a message and a cause.</summary>
    /// <param name="message">The failure message.</param>
    /// <param name="innerException">The cause, or null.</param>
    public FailureException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FailureException"/> class from a received failure.</summary>
    /// <param name="failure">The failure as received; kept in <see cref="Failure"/>.</param>
    /// <param name="innerException">The converted cause, or null.</param>
    protected internal FailureException(Failure failure, Exception? innerException)
        : base(failure?.Message ?? string.Empty, innerException)
    {
        Failure = failure;
    }

    /// <summary>
    /// Gets the raw failure when this exception was converted from one (null when created in code).
    /// Converting the exception back to a failure returns this proto unchanged.
    /// </summary>
    public Failure? Failure { get; }

    /// <summary>Gets the stack trace recorded where the failure happened when it came from elsewhere; otherwise the local one.</summary>
    public override string? StackTrace =>
        string.IsNullOrEmpty(Failure?.StackTrace) ? base.StackTrace : Failure.StackTrace;
}
