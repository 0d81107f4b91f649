namespace ContentFlows.Activities.Costs;

/// <summary>LLM costs rolled up: per stage type and model, and the totals of all of them.</summary>
/// <param name="Groups">One entry per stage type and model, ordered by stage then model.</param>
/// <param name="Calls">All calls.</param>
/// <param name="PromptTokens">All prompt tokens.</param>
/// <param name="CompletionTokens">All completion tokens.</param>
/// <param name="Cost">The total cost.</param>
public sealed record LlmCostSummary(IReadOnlyList<LlmCostGroup> Groups, long Calls, long PromptTokens, long CompletionTokens, decimal Cost)
{
    /// <summary>Sums groups into a summary.</summary>
    public static LlmCostSummary Of(IReadOnlyList<LlmCostGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return new LlmCostSummary(groups, groups.Sum(g => g.Calls), groups.Sum(g => g.PromptTokens), groups.Sum(g => g.CompletionTokens), groups.Sum(g => g.Cost));
    }
}
