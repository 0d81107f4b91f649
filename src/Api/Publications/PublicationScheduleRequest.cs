namespace ContentFlows.Api.Publications;

/// <summary>The new time of a channel's publication: ISO 8601, in the project's time zone unless it carries an offset.</summary>
internal sealed record PublicationScheduleRequest(string? PublishAt);
