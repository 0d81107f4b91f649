using ContentFlows.Activities.Datasets;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Batches;

/// <summary>One row of a batch export: an item's result in one language, the content it produced and the item's own data.</summary>
/// <param name="Result">How the unit ended.</param>
/// <param name="Content">The fields of its final version (in the row's language); null when it has none.</param>
/// <param name="Item">The dataset item; null only when the item was deleted since.</param>
public sealed record BatchExportRow(BatchItemResult Result, ContentFields? Content, DatasetItem? Item);
