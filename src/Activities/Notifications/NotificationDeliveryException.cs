namespace ContentFlows.Activities.Notifications;

/// <summary>A notification channel failed; says whether another attempt can succeed.</summary>
public sealed class NotificationDeliveryException : Exception
{
    public NotificationDeliveryException()
    {
    }

    public NotificationDeliveryException(string message)
        : base(message)
    {
    }

    public NotificationDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="NotificationDeliveryException"/> class.</summary>
    /// <param name="message">What failed; never a credential.</param>
    /// <param name="isRetryable">Whether another attempt can succeed.</param>
    /// <param name="innerException">The cause, or null.</param>
    public NotificationDeliveryException(string message, bool isRetryable, Exception? innerException)
        : base(message, innerException) => IsRetryable = isRetryable;

    /// <summary>Gets a value indicating whether another attempt can succeed (the server was busy or unreachable).</summary>
    public bool IsRetryable { get; }
}
