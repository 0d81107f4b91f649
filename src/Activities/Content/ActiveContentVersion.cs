namespace ContentFlows.Activities.Content;

/// <summary>
/// The version a run serves. Until someone activates one, the run's latest published version is active
/// (<see cref="ChangedBy"/> is then null); a run with neither has none.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="Version">The active version.</param>
/// <param name="RollbackVersion">The version a rollback would make active again; null when there is nothing to roll back to.</param>
/// <param name="ChangedAt">When it was made active; null when it is active by being the published version.</param>
/// <param name="ChangedBy">Who made it active (the API key's name); null when it is active by being the published version.</param>
public sealed record ActiveContentVersion(Guid RunId, int Version, int? RollbackVersion, DateTimeOffset? ChangedAt, string? ChangedBy);
