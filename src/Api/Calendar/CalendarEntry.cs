namespace ContentFlows.Api.Calendar;

/// <summary>
/// One thing the calendar expects at a time: a run's publication to a channel (<c>kind</c> "publication", with its run
/// and status), or a recurring schedule's next action (<c>kind</c> "schedule", with the channels its definition publishes
/// to; null when it publishes nowhere).
/// </summary>
internal sealed record CalendarEntry(
    string Kind,
    DateTimeOffset At,
    string AtLocal,
    string? Channel,
    Guid? RunId,
    string? Status,
    string? ScheduleName,
    Guid? DefinitionId,
    bool? Paused);
