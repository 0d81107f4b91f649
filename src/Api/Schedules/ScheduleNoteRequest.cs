namespace ContentFlows.Api.Schedules;

/// <summary>The note of a pause or an unpause.</summary>
/// <param name="Note">Why; a default note is written when null.</param>
internal sealed record ScheduleNoteRequest(string? Note);
