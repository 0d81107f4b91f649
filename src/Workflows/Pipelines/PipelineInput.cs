namespace ContentFlows.Workflows.Pipelines;

/// <summary>Starts a <see cref="PipelineWorkflow"/>: ids, the pinned definition and the brief (small; drafts live in PostgreSQL).</summary>
/// <param name="ProjectId">The project (tenant).</param>
/// <param name="RunId">The pipeline run row created before the workflow started.</param>
/// <param name="Definition">The pinned definition.</param>
/// <param name="Brief">What to produce.</param>
/// <param name="TranslateFrom">Set by batches for a non-master language: the master run this one translates; null otherwise.</param>
/// <param name="Retry">Set for a retry: the stages before the failed one are not run again; their stored outcomes are reused.</param>
/// <param name="PublishAt">When the publish stage publishes to each named channel (UTC); channels not named publish when the stage is reached.</param>
public sealed record PipelineInput(Guid ProjectId, Guid RunId, PinnedPipelineDefinition Definition, ContentBrief Brief, TranslationSource? TranslateFrom = null, RetrySeed? Retry = null, IReadOnlyDictionary<string, DateTimeOffset>? PublishAt = null);
