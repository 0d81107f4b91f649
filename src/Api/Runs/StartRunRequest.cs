namespace ContentFlows.Api.Runs;

/// <summary>Starts a run of a definition (its latest version unless <see cref="DefinitionVersion"/> pins one).</summary>
internal sealed record StartRunRequest(Guid? DefinitionId, int? DefinitionVersion, BriefRequest? Brief);
