using ContentFlows.Activities.Costs;

namespace ContentFlows.Api.Costs;

/// <summary>The sums over every stage and model.</summary>
internal sealed record CostTotals(long Calls, long PromptTokens, long CompletionTokens, long TotalTokens, decimal Cost)
{
    public static CostTotals From(LlmCostSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new(summary.Calls, summary.PromptTokens, summary.CompletionTokens, summary.PromptTokens + summary.CompletionTokens, summary.Cost);
    }
}
