namespace ContentFlows.Workflows.Pipelines;

/// <summary>The exact definition version a run started with; later versions never change a running pipeline.</summary>
/// <param name="DefinitionId">The definition's id (shared by all its versions).</param>
/// <param name="Name">The definition's name.</param>
/// <param name="Version">The pinned version number.</param>
/// <param name="Stages">The stages in order.</param>
public sealed record PinnedPipelineDefinition(Guid DefinitionId, string Name, int Version, IReadOnlyList<StageDefinition> Stages);
