namespace ContentFlows.Workflows.Batches;

/// <summary>What recording outcomes reported back.</summary>
/// <param name="Cost">The LLM cost of the recorded units' runs, summed from the cost rows.</param>
public sealed record RecordedResults(decimal Cost);
