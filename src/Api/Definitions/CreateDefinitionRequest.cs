using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Api.Definitions;

/// <summary>A pipeline definition to validate and store as the next version of <see cref="Name"/>.</summary>
internal sealed record CreateDefinitionRequest(string? Name, IReadOnlyList<StageDefinition>? Stages);
