using Temporalio.Api.Failure.V1;

namespace ContentFlows.Temporal.Exceptions;

/// <summary>
/// A failure raised by application code (workflow or activity). Throw it to fail an activity attempt or a
/// workflow with a chosen error type, details, retryability and next retry delay. Any other exception an
/// activity throws is converted to one whose <see cref="ErrorType"/> is the exception type's name.
/// </summary>
public class ApplicationFailureException : FailureException
{
    /// <summary>Initializes a new instance of the <see cref="ApplicationFailureException"/> class.</summary>
    /// <param name="message">The failure message.</param>
    /// <param name="errorType">The error type, matched against <c>RetryPolicy.NonRetryableErrorTypes</c>; null for none.</param>
    /// <param name="nonRetryable">Whether the failure must not be retried whatever the retry policy says.</param>
    /// <param name="details">Values attached to the failure; converted with the data converter.</param>
    /// <param name="nextRetryDelay">Overrides the retry policy's delay before the next attempt; null to keep it.</param>
    public ApplicationFailureException(
        string message,
        string? errorType = null,
        bool nonRetryable = false,
        IReadOnlyCollection<object?>? details = null,
        TimeSpan? nextRetryDelay = null)
        : this(message, innerException: null, errorType, nonRetryable, details, nextRetryDelay)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ApplicationFailureException"/> class with a cause.</summary>
    /// <param name="message">The failure message.</param>
    /// <param name="innerException">The cause, kept as the failure's cause.</param>
    /// <param name="errorType">The error type; null for none.</param>
    /// <param name="nonRetryable">Whether the failure must not be retried.</param>
    /// <param name="details">Values attached to the failure.</param>
    /// <param name="nextRetryDelay">Overrides the retry policy's delay before the next attempt.</param>
    public ApplicationFailureException(
        string message,
        Exception? innerException,
        string? errorType = null,
        bool nonRetryable = false,
        IReadOnlyCollection<object?>? details = null,
        TimeSpan? nextRetryDelay = null)
        : base(message, innerException)
    {
        ErrorType = errorType;
        NonRetryable = nonRetryable;
        Details = new FailureDetails(details);
        NextRetryDelay = nextRetryDelay;
    }

    /// <summary>Initializes a new instance of the <see cref="ApplicationFailureException"/> class from a received failure.</summary>
    /// <param name="failure">The failure, with <c>application_failure_info</c>.</param>
    /// <param name="innerException">The converted cause.</param>
    /// <param name="details">The received details.</param>
    internal ApplicationFailureException(Failure failure, Exception? innerException, FailureDetails details)
        : base(failure, innerException)
    {
        var info = failure.ApplicationFailureInfo;
        ErrorType = string.IsNullOrEmpty(info?.Type) ? null : info.Type;
        NonRetryable = info?.NonRetryable ?? false;
        Details = details;
        NextRetryDelay = info?.NextRetryDelay?.ToTimeSpan();
    }

    /// <summary>Gets the error type, or null.</summary>
    public string? ErrorType { get; }

    /// <summary>Gets a value indicating whether the failure must not be retried.</summary>
    public bool NonRetryable { get; }

    /// <summary>Gets the details attached to the failure.</summary>
    public FailureDetails Details { get; }

    /// <summary>Gets the delay before the next retry that overrides the retry policy, or null.</summary>
    public TimeSpan? NextRetryDelay { get; }

    /// <summary>Gets the detail at <paramref name="index"/> as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type to read the detail as.</typeparam>
    /// <param name="index">The zero-based index.</param>
    /// <returns>The detail.</returns>
    public T GetDetail<T>(int index) => Details.Get<T>(index);
}
