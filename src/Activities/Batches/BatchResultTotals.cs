using ContentFlows.Workflows.Batches;

namespace ContentFlows.Activities.Batches;

/// <summary>A batch's stored results, counted.</summary>
/// <param name="Counts">Units per status; statuses with none are absent.</param>
/// <param name="Cost">The LLM cost of the stored results' runs.</param>
public sealed record BatchResultTotals(IReadOnlyDictionary<BatchItemStatus, int> Counts, decimal Cost);
