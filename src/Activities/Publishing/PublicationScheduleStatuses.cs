namespace ContentFlows.Activities.Publishing;

/// <summary>Where a scheduled publication stands.</summary>
public static class PublicationScheduleStatuses
{
    /// <summary>Waiting for its time.</summary>
    public const string Scheduled = "scheduled";

    /// <summary>Cancelled: the run does not publish to the channel.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Published.</summary>
    public const string Published = "published";
}
