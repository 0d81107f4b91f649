using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Runs;

/// <summary>A stored pipeline run.</summary>
/// <param name="Id">The run id.</param>
/// <param name="ProjectId">The project.</param>
/// <param name="DefinitionId">The pinned definition.</param>
/// <param name="DefinitionVersion">The pinned definition version.</param>
/// <param name="WorkflowId">The Temporal workflow id running it.</param>
/// <param name="Brief">What was asked for.</param>
/// <param name="State">The state the workflow last recorded.</param>
/// <param name="StateReason">Why, for rejections, reviews and escalations.</param>
/// <param name="CurrentVersion">The current content version.</param>
public sealed record PipelineRun(
    Guid Id,
    Guid ProjectId,
    Guid DefinitionId,
    int DefinitionVersion,
    string WorkflowId,
    ContentBrief Brief,
    PipelineRunState State,
    string? StateReason,
    int? CurrentVersion);
