using ContentFlows.Workflows.Batches;

namespace ContentFlows.Activities.Batches;

/// <summary>One row of a batch's results: an item in one language, as it last ended.</summary>
/// <param name="ItemIndex">The dataset item.</param>
/// <param name="Language">The language.</param>
/// <param name="Attempt">The attempt that produced this outcome (0 for the first).</param>
/// <param name="Status">How it ended.</param>
/// <param name="FinalVersion">The final content version, if any.</param>
/// <param name="Score">The last gate score, if any.</param>
/// <param name="Cost">The LLM cost of that attempt's run.</param>
/// <param name="WorkflowId">The child workflow id, if a child ran.</param>
/// <param name="RunId">The pipeline run id, if a child ran.</param>
/// <param name="Reason">Why, for failures, reviews, rejections and skips.</param>
public sealed record BatchItemResult(
    int ItemIndex,
    string Language,
    int Attempt,
    BatchItemStatus Status,
    int? FinalVersion,
    int? Score,
    decimal Cost,
    string? WorkflowId,
    Guid? RunId,
    string? Reason);
