using ContentFlows.Activities.Publishing;

namespace ContentFlows.Api.Publications;

/// <summary>A channel of a run with a publication time: the instant, the same in the project's time zone, and its status.</summary>
internal sealed record ScheduledPublicationResponse(Guid RunId, string Channel, DateTimeOffset PublishAt, string PublishAtLocal, string TimeZone, string Status)
{
    public static ScheduledPublicationResponse From(PublicationScheduleEntry entry, TimeZoneInfo zone) =>
        new(entry.RunId, entry.Channel, entry.PublishAt, Infrastructure.ProjectLocalTime.Format(entry.PublishAt, zone), zone.Id, entry.Status);
}
