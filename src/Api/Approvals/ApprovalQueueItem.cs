using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Api.Approvals;

/// <summary>A run waiting for a reviewer, with what the reviewer needs to pick it (the current draft's title and gate verdict when stored).</summary>
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
    IReadOnlyList<Publications.ScheduledPublicationResponse> ScheduledPublications);
