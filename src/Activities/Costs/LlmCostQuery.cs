namespace ContentFlows.Activities.Costs;

/// <summary>Which of a project's LLM calls to sum and how to group them.</summary>
/// <param name="ProjectId">The project whose runs made the calls.</param>
/// <param name="GroupBy">The grouping, outermost first; the currency is always added last.</param>
/// <param name="From">The first instant counted; null for no lower bound.</param>
/// <param name="To">The first instant not counted; null for no upper bound.</param>
public sealed record LlmCostQuery(Guid ProjectId, IReadOnlyList<LlmCostDimension> GroupBy, DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    /// <summary>Gets the only run counted; null for all.</summary>
    public Guid? RunId { get; init; }

    /// <summary>Gets the only batch whose runs are counted; null for all.</summary>
    public Guid? BatchId { get; init; }
}
