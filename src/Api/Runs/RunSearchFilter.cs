namespace ContentFlows.Api.Runs;

/// <summary>Which of a project's runs the console lists: every criterion optional, combined with AND.</summary>
internal sealed record RunSearchFilter(Guid ProjectId, int Limit)
{
    /// <summary>Gets the state runs must be in, as the API names it; null for any.</summary>
    public RunState? State { get; init; }

    /// <summary>Gets the definition runs must be of; null for any.</summary>
    public Guid? DefinitionId { get; init; }

    /// <summary>Gets the earliest creation time (inclusive); null for no bound.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Gets the creation time runs must precede (exclusive); null for no bound.</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>Gets text the topic, the audience or the run id must contain (case-insensitive); null for any.</summary>
    public string? Text { get; init; }

    /// <summary>Gets the last run of the previous page: only older runs are listed. Null for the first page.</summary>
    public ContentFlows.Activities.Runs.PipelineRunCursor? After { get; init; }
}
