namespace ContentFlows.Workflows.Batches;

/// <summary>
/// The workflow id of each unit's child pipeline: <c>{batchId}-{itemIndex}-{language}</c>, plus <c>-retry{n}</c> for
/// attempt n. Fixed by the unit alone, so a replayed or restarted batch can never start an item twice.
/// </summary>
public static class BatchChildIds
{
    /// <summary>Returns the child workflow id of a unit.</summary>
    /// <param name="batchId">The batch.</param>
    /// <param name="unit">The unit.</param>
    /// <returns>The workflow id.</returns>
    public static string For(Guid batchId, BatchUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var id = $"{batchId:N}-{unit.ItemIndex}-{unit.Language}";
        return unit.Attempt == 0 ? id : $"{id}-retry{unit.Attempt}";
    }

    /// <summary>Returns the batch's own workflow id.</summary>
    /// <param name="batchId">The batch.</param>
    /// <returns>The workflow id.</returns>
    public static string Batch(Guid batchId) => $"batch-{batchId:N}";
}
