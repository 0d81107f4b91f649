namespace ContentFlows.Api.Definitions;

/// <summary>One version of a definition in its version list; <see cref="Active"/> marks the one runs get when they name none.</summary>
internal sealed record DefinitionVersionSummary(int Version, int StageCount, DateTimeOffset CreatedAt, bool Active);
