namespace ContentFlows.Api.Schedules;

/// <summary>Starts an action now.</summary>
/// <param name="Overlap">The overlap policy for this action; the schedule's when null.</param>
internal sealed record TriggerScheduleRequest(string? Overlap);
