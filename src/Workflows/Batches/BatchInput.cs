using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Workflows.Batches;

/// <summary>Starts (or continues) a <see cref="BatchWorkflow"/>: ids, the pinned definition and counts, never the dataset itself.</summary>
/// <param name="ProjectId">The project.</param>
/// <param name="BatchId">The batch; child workflow ids derive from it.</param>
/// <param name="DatasetId">The dataset whose good rows are the items.</param>
/// <param name="Definition">The pinned pipeline definition every child runs.</param>
/// <param name="Languages">The languages, master first; the others start once the master's run succeeded.</param>
/// <param name="ItemCount">How many items the dataset holds (indexes 0 to ItemCount - 1).</param>
/// <param name="Options">How the batch runs, or null for defaults.</param>
/// <param name="Carried">Null for the first run; the previous run's state after continue-as-new.</param>
public sealed record BatchInput(
    Guid ProjectId,
    Guid BatchId,
    Guid DatasetId,
    PinnedPipelineDefinition Definition,
    IReadOnlyList<string> Languages,
    int ItemCount,
    BatchOptions? Options = null,
    BatchCarriedState? Carried = null);
