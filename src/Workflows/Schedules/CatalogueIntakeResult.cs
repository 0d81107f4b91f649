namespace ContentFlows.Workflows.Schedules;

/// <summary>What one intake action did.</summary>
/// <param name="DatasetId">The dataset of the new rows; null when there were none (or the feed could not be read).</param>
/// <param name="BatchId">The batch started for them; null when none was.</param>
/// <param name="NewItems">Rows whose key was new.</param>
/// <param name="KnownItems">Rows skipped because an earlier import took their key (or the file repeats it).</param>
/// <param name="BadRows">Rows that could not be used (malformed, or without a key).</param>
/// <param name="Warnings">Degradation warnings: an unreachable feed, bad rows.</param>
public sealed record CatalogueIntakeResult(Guid? DatasetId, Guid? BatchId, int NewItems, int KnownItems, int BadRows, IReadOnlyList<string> Warnings);
