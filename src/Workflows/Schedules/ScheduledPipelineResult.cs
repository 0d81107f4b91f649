using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Workflows.Schedules;

/// <summary>How one scheduled action ended: the run it started and that run's final state.</summary>
/// <param name="RunId">The pipeline run.</param>
/// <param name="State">The run's final state.</param>
public sealed record ScheduledPipelineResult(Guid RunId, PipelineRunState State);
