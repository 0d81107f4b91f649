namespace ContentFlows.Workflows.Batches;

/// <summary>Asks the prepare activity to create (or find) the pipeline run rows of some units.</summary>
/// <param name="ProjectId">The project.</param>
/// <param name="BatchId">The batch.</param>
/// <param name="DatasetId">The dataset the items come from.</param>
/// <param name="DefinitionId">The pinned definition's id.</param>
/// <param name="DefinitionVersion">The pinned definition's version.</param>
/// <param name="Units">The units, at most one page.</param>
public sealed record PrepareUnitsRequest(Guid ProjectId, Guid BatchId, Guid DatasetId, Guid DefinitionId, int DefinitionVersion, IReadOnlyList<BatchUnit> Units);
