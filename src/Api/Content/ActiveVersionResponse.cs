using ContentFlows.Activities.Content;

namespace ContentFlows.Api.Content;

/// <summary>
/// The version a run serves (null when none was activated and none published), what a rollback would return to, and
/// the audit of every activation and rollback.
/// </summary>
internal sealed record ActiveVersionResponse(
    Guid RunId,
    int? Version,
    int? RollbackVersion,
    DateTimeOffset? ChangedAt,
    string? ChangedBy,
    IReadOnlyList<ActiveContentVersionChange> Changes)
{
    public static ActiveVersionResponse From(Guid runId, ActiveContentVersion? active, IReadOnlyList<ActiveContentVersionChange> changes) =>
        new(runId, active?.Version, active?.RollbackVersion, active?.ChangedAt, active?.ChangedBy, changes);
}
