using System.Text.Json.Serialization;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Workflows.Batches;

/// <summary>How one unit of a batch ended, as stored in the results table.</summary>
[JsonConverter(typeof(KebabCaseEnumConverter<BatchItemStatus>))]
public enum BatchItemStatus
{
    /// <summary>The pipeline completed (published or not).</summary>
    Completed,

    /// <summary>The pipeline stopped for a human: gates failed, a review is due.</summary>
    NeedsReview,

    /// <summary>A reviewer rejected the content.</summary>
    Rejected,

    /// <summary>The pipeline failed; retry-failed runs it again.</summary>
    Failed,

    /// <summary>A translation not run because its master ended without content to translate (review or rejection).</summary>
    Skipped,

    /// <summary>The unit's pipeline was cancelled from outside the batch.</summary>
    Cancelled,
}
