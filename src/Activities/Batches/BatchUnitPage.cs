namespace ContentFlows.Activities.Batches;

/// <summary>A page of a batch's units in item and language order, how many match the filter, and whether more follow.</summary>
/// <param name="Units">The units of this page.</param>
/// <param name="Total">How many units match the filter.</param>
/// <param name="HasMore">Whether units follow the last one of this page.</param>
public sealed record BatchUnitPage(IReadOnlyList<BatchUnitRow> Units, long Total, bool HasMore);
