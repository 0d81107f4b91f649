namespace ContentFlows.Activities.Publishing;

/// <summary>The error types publishing failures carry into Temporal failures; stable strings retry policies can match.</summary>
public static class PublishChannelErrorTypes
{
    /// <summary>The channel answered 408, 429 or 5xx; retryable (after Retry-After when it sent one).</summary>
    public const string Unavailable = "PublishChannelUnavailable";

    /// <summary>No answer within the channel's timeout, or the connection failed; retryable.</summary>
    public const string NoAnswer = "PublishChannelNoAnswer";

    /// <summary>The channel refused the publication (another 4xx, or a redirect); not retryable.</summary>
    public const string Rejected = "PublishChannelRejected";
}
