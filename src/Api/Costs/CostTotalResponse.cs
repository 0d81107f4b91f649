using ContentFlows.Activities.Costs;

namespace ContentFlows.Api.Costs;

/// <summary>A report's sums in one currency (amounts in different currencies are never added).</summary>
internal sealed record CostTotalResponse(string? Currency, long Calls, long PromptTokens, long CompletionTokens, long TotalTokens, decimal Cost, long UnpricedCalls)
{
    public static CostTotalResponse From(LlmCostTotal total)
    {
        ArgumentNullException.ThrowIfNull(total);
        return new(total.Currency, total.Calls, total.PromptTokens, total.CompletionTokens, total.PromptTokens + total.CompletionTokens, total.Cost, total.UnpricedCalls);
    }
}
