namespace ContentFlows.Workflows.Batches;

/// <summary>How a batch ended. Failures are counted, not thrown: the results table says which and why.</summary>
/// <param name="Total">All units.</param>
/// <param name="Completed">Units completed.</param>
/// <param name="Failed">Units failed.</param>
/// <param name="AwaitingReview">Units waiting for a human review.</param>
/// <param name="Rejected">Units rejected.</param>
/// <param name="Skipped">Translations skipped.</param>
/// <param name="Cancelled">Units whose pipeline was cancelled, plus those never started because the batch was cancelled.</param>
/// <param name="Cost">The LLM cost.</param>
/// <param name="WasCancelled">Whether cancel was signalled.</param>
/// <param name="Runs">How many runs the chain took (continue-as-new).</param>
public sealed record BatchResult(int Total, int Completed, int Failed, int AwaitingReview, int Rejected, int Skipped, int Cancelled, decimal Cost, bool WasCancelled, int Runs);
