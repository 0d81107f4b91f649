namespace ContentFlows.Api.Projects;

/// <summary>The project's time zone: an IANA id such as <c>Europe/Berlin</c>.</summary>
internal sealed record ProjectTimeZoneRequest(string? TimeZone);
