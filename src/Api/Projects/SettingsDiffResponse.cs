using ContentFlows.Activities.Projects;

namespace ContentFlows.Api.Projects;

/// <summary>The settings that differ from one version to another, each with its JSON pointer and both values.</summary>
internal sealed record SettingsDiffResponse(Guid ProjectId, int From, int To, IReadOnlyList<SettingsChange> Changes);
