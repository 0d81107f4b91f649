using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Workflows.Schedules;

/// <summary>What a project's schedule starts on every action: a pinned definition version and a brief template.</summary>
/// <param name="ProjectId">The schedule's project.</param>
/// <param name="ScheduleName">The schedule's name within the project.</param>
/// <param name="DefinitionId">The definition to run.</param>
/// <param name="DefinitionVersion">The version pinned when the schedule was created.</param>
/// <param name="BriefTemplate">The brief; <c>{date}</c> and <c>{time}</c> become the scheduled time in <paramref name="TimeZone"/>.</param>
/// <param name="TimeZone">The IANA time zone the placeholders are rendered in.</param>
public sealed record ScheduledPipelineInput(Guid ProjectId, string ScheduleName, Guid DefinitionId, int DefinitionVersion, ContentBrief BriefTemplate, string TimeZone);
