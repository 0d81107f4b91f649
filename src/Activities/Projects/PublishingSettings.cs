namespace ContentFlows.Activities.Projects;

/// <summary>A project's publishing rules.</summary>
public sealed record PublishingSettings
{
    /// <summary>
    /// Gets a value indicating whether content must pass an approval stage before any publish stage. Default false;
    /// when true, a definition publishing without a preceding approval is refused at submission.
    /// </summary>
    public bool RequireApproval { get; init; }

    /// <summary>
    /// Gets the IANA time zone (e.g. <c>Europe/Berlin</c>) in which the project's publication times without an offset
    /// (<c>publishAt</c>, the calendar's <c>from</c> and <c>to</c>) are read. Default UTC.
    /// </summary>
    public string TimeZone { get; init; } = "UTC";
}
