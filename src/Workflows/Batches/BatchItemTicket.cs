using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Workflows.Batches;

/// <summary>A unit ready to start: its pipeline run row exists (with the full brief) and its run id is fixed.</summary>
/// <param name="Unit">The unit.</param>
/// <param name="RunId">The pipeline run id, derived from batch, item, language and attempt, so preparing twice yields the same row.</param>
/// <param name="Brief">The brief built from the dataset row (bounded in size by the upload's validation).</param>
public sealed record BatchItemTicket(BatchUnit Unit, Guid RunId, ContentBrief Brief);
