namespace ContentFlows.Activities.Datasets;

/// <summary>A stored dataset.</summary>
/// <param name="Id">The dataset id.</param>
/// <param name="ProjectId">The project it belongs to.</param>
/// <param name="Name">The uploader's name for it.</param>
/// <param name="Format">The format it was uploaded in.</param>
/// <param name="ItemCount">How many good rows it holds (items 0 to ItemCount - 1).</param>
/// <param name="BadRowCount">How many rows the upload refused.</param>
/// <param name="CreatedAt">When it was uploaded.</param>
public sealed record Dataset(Guid Id, Guid ProjectId, string Name, DataFileFormat Format, int ItemCount, int BadRowCount, DateTime CreatedAt);
