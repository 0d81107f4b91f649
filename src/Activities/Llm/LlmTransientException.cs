namespace ContentFlows.Activities.Llm;

/// <summary>
/// A failure another attempt can fix: 429, 5xx, a timeout or a broken connection. Carries the provider's
/// Retry-After when it sent one.
/// </summary>
public sealed class LlmTransientException : LlmException
{
    private readonly TimeSpan? retryAfter;

    /// <summary>Initializes a new instance of the <see cref="LlmTransientException"/> class.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="errorType">One of the retryable <see cref="LlmErrorTypes"/>.</param>
    /// <param name="statusCode">The HTTP status, or null when no answer arrived.</param>
    /// <param name="retryAfter">The delay the provider asked for, or null.</param>
    /// <param name="innerException">The cause, or null.</param>
    public LlmTransientException(string message, string errorType, int? statusCode, TimeSpan? retryAfter, Exception? innerException)
        : base(message, errorType, innerException)
    {
        StatusCode = statusCode;
        this.retryAfter = retryAfter;
    }

    /// <summary>Gets the HTTP status the provider answered, or null when no answer arrived (timeout, network).</summary>
    public int? StatusCode { get; }

    /// <inheritdoc/>
    public override bool IsRetryable => true;

    /// <inheritdoc/>
    public override TimeSpan? RetryAfter => retryAfter;
}
