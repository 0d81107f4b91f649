using Temporalio.Exceptions;

namespace ContentFlows.Activities.Publishing;

/// <summary>
/// A publish channel failed. It says whether another attempt can succeed and how long the channel asked to wait,
/// so the stage turns it into a Temporal failure with <see cref="ToApplicationFailure"/> and the activity retry
/// policy stays the only retry loop.
/// </summary>
public sealed class PublishChannelException : Exception
{
    public PublishChannelException()
        : this("A publish channel failed.", PublishChannelErrorTypes.Rejected, retryAfter: null, innerException: null)
    {
    }

    public PublishChannelException(string message)
        : this(message, PublishChannelErrorTypes.Rejected, retryAfter: null, innerException: null)
    {
    }

    public PublishChannelException(string message, Exception innerException)
        : this(message, PublishChannelErrorTypes.Rejected, retryAfter: null, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PublishChannelException"/> class.</summary>
    /// <param name="message">What failed; never a credential.</param>
    /// <param name="errorType">One of <see cref="PublishChannelErrorTypes"/>.</param>
    /// <param name="retryAfter">The delay the channel asked for, or null.</param>
    /// <param name="innerException">The cause, or null.</param>
    public PublishChannelException(string message, string errorType, TimeSpan? retryAfter, Exception? innerException)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorType);
        ErrorType = errorType;
        RetryAfter = retryAfter;
    }

    /// <summary>Gets the stable error type, one of <see cref="PublishChannelErrorTypes"/>.</summary>
    public string ErrorType { get; }

    /// <summary>Gets a value indicating whether another attempt can succeed.</summary>
    public bool IsRetryable => ErrorType != PublishChannelErrorTypes.Rejected;

    /// <summary>Gets the delay the channel asked for before the next attempt (Retry-After), or null.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Converts the failure to the one the stage activity throws: message, error type, retryability, next retry delay.</summary>
    public ApplicationFailureException ToApplicationFailure() =>
        new(Message, this, ErrorType, nonRetryable: !IsRetryable, nextRetryDelay: RetryAfter);
}
