namespace ContentFlows.Activities.Content;

/// <summary>One entry of the audit of a run's active version.</summary>
/// <param name="Action">"activate" or "rollback".</param>
/// <param name="Version">The version made active.</param>
/// <param name="PreviousVersion">The version active before; null when there was none.</param>
/// <param name="ChangedBy">Who (the API key's name).</param>
/// <param name="KeyId">The API key used.</param>
/// <param name="ChangedAt">When.</param>
public sealed record ActiveContentVersionChange(string Action, int Version, int? PreviousVersion, string ChangedBy, Guid KeyId, DateTimeOffset ChangedAt);
