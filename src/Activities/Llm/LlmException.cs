using Temporalio.Exceptions;

namespace ContentFlows.Activities.Llm;

/// <summary>
/// The base of every failure of an LLM call. It says whether a retry can help and, when the provider said so,
/// how long to wait first, so an activity turns it into a Temporal failure with <see cref="ToApplicationFailure"/>
/// and Temporal's retry policy stays the only retry loop.
/// </summary>
public abstract class LlmException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="LlmException"/> class.</summary>
    /// <param name="message">What failed, including the provider's own message when there is one.</param>
    /// <param name="errorType">The stable error type, one of <see cref="LlmErrorTypes"/>.</param>
    /// <param name="innerException">The cause, or null.</param>
    protected LlmException(string message, string errorType, Exception? innerException)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorType);
        ErrorType = errorType;
    }

    /// <summary>Gets the stable error type (see <see cref="LlmErrorTypes"/>); retry policies match on it.</summary>
    public string ErrorType { get; }

    /// <summary>Gets a value indicating whether another attempt of the same call can succeed.</summary>
    public abstract bool IsRetryable { get; }

    /// <summary>Gets the delay the provider asked for before the next attempt (Retry-After), or null.</summary>
    public virtual TimeSpan? RetryAfter => null;

    /// <summary>
    /// Converts the failure to the Temporal failure an activity throws: same message and error type, the
    /// retryability, and Retry-After as the next retry delay.
    /// </summary>
    /// <returns>The failure to throw from the activity.</returns>
    public ApplicationFailureException ToApplicationFailure() =>
        new(Message, this, ErrorType, nonRetryable: !IsRetryable, nextRetryDelay: RetryAfter);
}
