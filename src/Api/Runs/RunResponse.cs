using ContentFlows.Activities.Runs;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Api.Runs;

/// <summary>
/// A run: the stored row (state, reason, current version, who cancelled it), the live progress from the workflow's
/// status query (null once the workflow has closed or when it cannot answer), the content versions produced so far,
/// each stage's status, the retry links (the run this one retries, the runs retrying it) and the project settings
/// version it pinned.
/// </summary>
internal sealed record RunResponse(
    Guid Id,
    Guid DefinitionId,
    int DefinitionVersion,
    string WorkflowId,
    ContentBrief Brief,
    RunState State,
    string? StateReason,
    int? CurrentVersion,
    DateTimeOffset? CancelledAt,
    string? CancelledBy,
    PipelineStatus? Progress,
    IReadOnlyList<ArtifactSummary> Artifacts,
    IReadOnlyList<StageStatus> Stages,
    Guid? RetryOf,
    int? RetryFromStage,
    IReadOnlyList<Guid> Retries,
    int? SettingsVersion)
{
    public static RunResponse From(PipelineRun run, PipelineStatus? progress, IReadOnlyList<ArtifactSummary> artifacts, IReadOnlyList<StageStatus>? stages = null, IReadOnlyList<Guid>? retries = null) =>
        new(run.Id, run.DefinitionId, run.DefinitionVersion, run.WorkflowId, run.Brief, RunStates.Of(run), run.StateReason, run.CurrentVersion, run.CancelledAt, run.CancelledBy, progress, artifacts, stages ?? [], run.RetryOf, run.RetryFromStage, retries ?? [], run.SettingsVersion);
}
