namespace ContentFlows.Activities.Batches;

/// <summary>A stored batch.</summary>
/// <param name="Id">The batch id.</param>
/// <param name="ProjectId">The project.</param>
/// <param name="DatasetId">The dataset.</param>
/// <param name="DefinitionId">The pinned definition.</param>
/// <param name="DefinitionVersion">The pinned definition version.</param>
/// <param name="Languages">The languages, master first.</param>
/// <param name="ItemCount">The dataset's items at start.</param>
/// <param name="WorkflowId">The batch workflow's id.</param>
public sealed record BatchRecord(Guid Id, Guid ProjectId, Guid DatasetId, Guid DefinitionId, int DefinitionVersion, IReadOnlyList<string> Languages, int ItemCount, string WorkflowId)
{
    /// <summary>Gets when the batch was stored; default for a batch not read from the store.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
