using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Api.Definitions;

/// <summary>Stages to check as a definition would be checked when stored, without storing anything.</summary>
internal sealed record ValidateDefinitionRequest(IReadOnlyList<StageDefinition>? Stages);
