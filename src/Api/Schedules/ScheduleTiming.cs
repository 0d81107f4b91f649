namespace ContentFlows.Api.Schedules;

/// <summary>A schedule's timing as it was asked for, kept in the Temporal schedule's memo (servers may rewrite cron strings into calendars).</summary>
/// <param name="Cron">The cron expression, or null.</param>
/// <param name="IntervalSeconds">The interval, or null.</param>
/// <param name="TimeZone">The IANA time zone.</param>
/// <param name="JitterSeconds">The jitter.</param>
internal sealed record ScheduleTiming(string? Cron, int? IntervalSeconds, string TimeZone, int JitterSeconds);
