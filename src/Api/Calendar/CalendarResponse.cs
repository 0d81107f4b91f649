namespace ContentFlows.Api.Calendar;

/// <summary>The project's calendar between two instants, in time order, with the project's time zone the local times are in.</summary>
internal sealed record CalendarResponse(string TimeZone, DateTimeOffset From, DateTimeOffset To, string? Channel, IReadOnlyList<CalendarEntry> Entries);
