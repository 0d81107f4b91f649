namespace ContentFlows.Api.Definitions;

/// <summary>A definition's versions, newest first, and which is active (who activated it and when, if anyone did).</summary>
internal sealed record DefinitionVersionList(Guid Id, string Name, int ActiveVersion, string? ActivatedBy, DateTimeOffset? ActivatedAt, IReadOnlyList<DefinitionVersionSummary> Versions);
