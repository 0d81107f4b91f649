using Temporalio.Api.Failure.V1;

namespace ContentFlows.Temporal.Exceptions;

/// <summary>A workflow was terminated (forcefully, without its code running again).</summary>
public class TerminatedFailureException : FailureException
{
    /// <summary>Initializes a new instance of the <see cref="TerminatedFailureException"/> class.</summary>
    /// <param name="message">The failure message, usually the termination reason.</param>
    /// <param name="innerException">The cause, or null.</param>
    public TerminatedFailureException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TerminatedFailureException"/> class from a received failure.</summary>
    internal TerminatedFailureException(Failure failure, Exception? innerException)
        : base(failure, innerException)
    {
    }
}
