using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Api.Approvals;

/// <summary>
/// A run waiting for a reviewer, with what the reviewer needs to pick it: the current draft's title, gate verdict and
/// language when stored, and for a translation the master version it was made from (<c>sourceVersion</c>).
/// </summary>
internal sealed record ApprovalQueueItem(
    Guid RunId,
    Guid DefinitionId,
    int DefinitionVersion,
    string Topic,
    string Channel,
    PipelineRunState State,
    string? StateReason,
    int? CurrentVersion,
    DateTimeOffset WaitingSince,
    string? Title,
    int? Score,
    bool? GatePassed,
    string Language,
    int? SourceVersion,
    IReadOnlyList<Publications.ScheduledPublicationResponse> ScheduledPublications);
