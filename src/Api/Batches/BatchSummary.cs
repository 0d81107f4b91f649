using ContentFlows.Activities.Batches;

namespace ContentFlows.Api.Batches;

/// <summary>A stored batch: what it runs, in which languages (master first), over how many items.</summary>
internal sealed record BatchSummary(
    Guid Id,
    Guid DatasetId,
    Guid DefinitionId,
    int DefinitionVersion,
    IReadOnlyList<string> Languages,
    string MasterLanguage,
    int ItemCount,
    string WorkflowId,
    DateTimeOffset CreatedAt)
{
    public static BatchSummary From(BatchRecord batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new(batch.Id, batch.DatasetId, batch.DefinitionId, batch.DefinitionVersion, batch.Languages, batch.Languages[0], batch.ItemCount, batch.WorkflowId, batch.CreatedAt);
    }
}
