using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Runs;

/// <summary>Which of a project's runs to list, and how many.</summary>
/// <param name="ProjectId">The project.</param>
/// <param name="Limit">The most runs to return.</param>
public sealed record PipelineRunFilter(Guid ProjectId, int Limit)
{
    /// <summary>Gets the recorded state runs must have; null for any.</summary>
    public PipelineRunState? State { get; init; }

    /// <summary>Gets whether runs must be cancelled (true) or not (false); null for either.</summary>
    public bool? Cancelled { get; init; }

    /// <summary>Gets the definition runs must be of; null for any.</summary>
    public Guid? DefinitionId { get; init; }

    /// <summary>Gets the last run of the previous page: only older runs are listed. Null for the first page.</summary>
    public PipelineRunCursor? After { get; init; }
}
