namespace ContentFlows.Activities.Notifications;

/// <summary>One notification through one channel: what was sent (or tried), to whom, and how it went.</summary>
/// <param name="NotificationId">The notification; the same for its webhook and its e-mail.</param>
/// <param name="Channel">One of <see cref="NotificationChannels"/>.</param>
/// <param name="Event">The event's name (e.g. <c>awaiting-approval</c>).</param>
/// <param name="RunId">The run, for run events.</param>
/// <param name="BatchId">The batch, for batch events.</param>
/// <param name="Recipient">The webhook URL, or the e-mail recipients joined by commas.</param>
/// <param name="Link">The reviewers' page link it carried.</param>
/// <param name="Status"><c>sent</c>, or <c>failed</c> after the last attempt so far.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="Error">Why the last attempt failed, or null.</param>
/// <param name="CreatedAt">The first attempt.</param>
/// <param name="SentAt">When it was delivered, or null.</param>
public sealed record NotificationRecord(
    Guid NotificationId,
    string Channel,
    string Event,
    Guid? RunId,
    Guid? BatchId,
    string Recipient,
    string Link,
    string Status,
    int Attempts,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt);
