using ContentFlows.Activities.Projects;

namespace ContentFlows.Activities.Publishing;

/// <summary>One version to publish on one remote channel.</summary>
/// <param name="Project">The project publishing.</param>
/// <param name="RunId">The run whose version it is.</param>
/// <param name="Version">The version to publish.</param>
/// <param name="IdempotencyKey">Unique to the run, stage execution, version and channel; stable across retries. Receivers get it too.</param>
/// <param name="SnapshotKey">The source key of the "published" snapshot version, shared by the stage's channels so they make one snapshot.</param>
/// <param name="Language">The content's language (BCP 47), for its slug's spelling; null when unknown.</param>
public sealed record ChannelPublishRequest(Project Project, Guid RunId, int Version, string IdempotencyKey, string SnapshotKey, string? Language = null);
