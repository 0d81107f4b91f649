using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Runs;

/// <summary>A stored pipeline run.</summary>
/// <param name="Id">The run id.</param>
/// <param name="ProjectId">The project.</param>
/// <param name="DefinitionId">The pinned definition.</param>
/// <param name="DefinitionVersion">The pinned definition version.</param>
/// <param name="WorkflowId">The Temporal workflow id running it.</param>
/// <param name="Brief">What was asked for.</param>
/// <param name="State">The state the workflow last recorded.</param>
/// <param name="StateReason">Why, for rejections, reviews and escalations.</param>
/// <param name="CurrentVersion">The current content version.</param>
public sealed record PipelineRun(
    Guid Id,
    Guid ProjectId,
    Guid DefinitionId,
    int DefinitionVersion,
    string WorkflowId,
    ContentBrief Brief,
    PipelineRunState State,
    string? StateReason,
    int? CurrentVersion)
{
    /// <summary>Gets when the row was created; default for a run not read from the store.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the row last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Gets when cancellation was requested through the API; null unless it was.</summary>
    public DateTimeOffset? CancelledAt { get; init; }

    /// <summary>Gets who requested the cancellation (the API key's name).</summary>
    public string? CancelledBy { get; init; }

    /// <summary>Gets when the run's workflow was found closed; null while it may be open.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Gets the run this one retries; null for a first run.</summary>
    public Guid? RetryOf { get; init; }

    /// <summary>
    /// Gets the project settings version the run pinned when it was created (its stages read that version, not the
    /// latest); null when the row is about to be created with the project's latest.
    /// </summary>
    public int? SettingsVersion { get; init; }

    /// <summary>Gets the stage a retry started at (the earlier ones reused the retried run's outputs); null for a first run.</summary>
    public int? RetryFromStage { get; init; }
}
