namespace ContentFlows.Api.Runs;

/// <summary>
/// Starts a run of a definition (its latest version unless <see cref="DefinitionVersion"/> pins one). <see cref="PublishAt"/>
/// maps channel names of its publish stage to the times they publish at (ISO 8601, the project's time zone unless given
/// an offset); channels not named publish as the stage is reached.
/// </summary>
internal sealed record StartRunRequest(Guid? DefinitionId, int? DefinitionVersion, BriefRequest? Brief, IReadOnlyDictionary<string, string>? PublishAt = null);
