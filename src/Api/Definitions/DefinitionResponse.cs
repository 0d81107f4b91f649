using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Api.Definitions;

/// <summary>One stored version of a pipeline definition.</summary>
internal sealed record DefinitionResponse(Guid Id, string Name, int Version, IReadOnlyList<StageDefinition> Stages, DateTimeOffset CreatedAt);
