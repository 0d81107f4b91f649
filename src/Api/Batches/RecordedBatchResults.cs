using ContentFlows.Activities.Batches;
using ContentFlows.Workflows.Batches;

namespace ContentFlows.Api.Batches;

/// <summary>The batch's results table, counted: what export would return (it trails the live progress by one flush).</summary>
internal sealed record RecordedBatchResults(int Completed, int NeedsReview, int Rejected, int Failed, int Skipped, int Cancelled, decimal Cost)
{
    public static RecordedBatchResults From(BatchResultTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        int Count(BatchItemStatus status) => totals.Counts.TryGetValue(status, out var count) ? count : 0;
        return new(
            Count(BatchItemStatus.Completed),
            Count(BatchItemStatus.NeedsReview),
            Count(BatchItemStatus.Rejected),
            Count(BatchItemStatus.Failed),
            Count(BatchItemStatus.Skipped),
            Count(BatchItemStatus.Cancelled),
            totals.Cost);
    }
}
