using ContentFlows.Activities.Batches;

namespace ContentFlows.Api.Batches;

/// <summary>A page of a batch's units (item × language) with their results, how many match the filter, and the cursor of the next page.</summary>
internal sealed record BatchUnitsResponse(IReadOnlyList<BatchUnitRow> Items, long Total, string? NextCursor);
