namespace ContentFlows.Workflows.Batches;

/// <summary>How one unit ended, for the results table.</summary>
/// <param name="Unit">The unit.</param>
/// <param name="WorkflowId">The child workflow id, or null when no child ran (skipped).</param>
/// <param name="RunId">The pipeline run id, or null when no child ran.</param>
/// <param name="Status">The outcome.</param>
/// <param name="FinalVersion">The final content version, if any.</param>
/// <param name="Score">The last gate score, if any.</param>
/// <param name="Reason">Why, for failures, reviews, rejections and skips.</param>
public sealed record BatchItemOutcome(BatchUnit Unit, string? WorkflowId, Guid? RunId, BatchItemStatus Status, int? FinalVersion, int? Score, string? Reason);
