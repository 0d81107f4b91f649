namespace ContentFlows.Workflows.Batches;

/// <summary>Asks the record activity to store outcomes (an upsert per unit, so a retried activity or a retried item keeps one row).</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="Outcomes">The outcomes, in completion order.</param>
public sealed record RecordResultsRequest(Guid BatchId, IReadOnlyList<BatchItemOutcome> Outcomes);
