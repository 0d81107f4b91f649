namespace ContentFlows.Api.Schedules;

/// <summary>Takes the actions a schedule would have taken in a past (or any) time range.</summary>
/// <param name="StartAt">The start of the range (exclusive, as Temporal counts it).</param>
/// <param name="EndAt">The end of the range (inclusive).</param>
/// <param name="Overlap">The overlap policy of the backfilled actions; buffer-all when null, so none is skipped.</param>
internal sealed record BackfillScheduleRequest(DateTimeOffset? StartAt, DateTimeOffset? EndAt, string? Overlap);
