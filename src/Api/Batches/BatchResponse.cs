using ContentFlows.Workflows.Batches;

namespace ContentFlows.Api.Batches;

/// <summary>
/// A batch: the stored batch, its state, the live progress from the workflow's progress query (total, completed, failed,
/// awaiting review, running, pending, cost, rate and ETA; null once it has ended), its result once completed, and the
/// counts of its stored results.
/// </summary>
internal sealed record BatchResponse(BatchSummary Batch, BatchState State, BatchProgress? Progress, BatchResult? Result, RecordedBatchResults Recorded);
