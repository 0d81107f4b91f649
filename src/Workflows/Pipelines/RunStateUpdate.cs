namespace ContentFlows.Workflows.Pipelines;

/// <summary>Records a run's new state in its row, so readers of PostgreSQL see what the workflow decided.</summary>
/// <param name="RunId">The run.</param>
/// <param name="State">The new state.</param>
/// <param name="CurrentVersion">The current content version, if any.</param>
/// <param name="Reason">Why (rejections, reviews, escalations); null otherwise.</param>
public sealed record RunStateUpdate(Guid RunId, PipelineRunState State, int? CurrentVersion, string? Reason);
