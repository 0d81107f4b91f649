using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Api.Schedules;

/// <summary>A project's schedule as Temporal describes it now: a pipeline schedule has a brief, an intake schedule its intake.</summary>
internal sealed record ScheduleResponse(
    string Name,
    string ScheduleId,
    Guid DefinitionId,
    int DefinitionVersion,
    ContentBrief? Brief,
    IntakeRequest? Intake,
    ScheduleTiming Timing,
    string Overlap,
    int CatchupWindowSeconds,
    bool Paused,
    string? Note,
    long ActionCount,
    IReadOnlyList<DateTimeOffset> NextActionTimes,
    IReadOnlyList<ScheduledActionResponse> RecentActions);
