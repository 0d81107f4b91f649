namespace ContentFlows.Activities.Costs;

/// <summary>All the calls of a report in one currency, summed.</summary>
/// <param name="Currency">The currency; null for calls recorded before costs had currencies.</param>
/// <param name="Calls">How many calls.</param>
/// <param name="PromptTokens">Prompt tokens.</param>
/// <param name="CompletionTokens">Completion tokens.</param>
/// <param name="Cost">The cost.</param>
/// <param name="UnpricedCalls">Calls whose model had no price (counted at 0).</param>
public sealed record LlmCostTotal(string? Currency, long Calls, long PromptTokens, long CompletionTokens, decimal Cost, long UnpricedCalls)
{
    /// <summary>Sums groups per currency, in currency order.</summary>
    public static IReadOnlyList<LlmCostTotal> Of(IEnumerable<LlmCostGroup> groups) =>
        groups
            .GroupBy(g => g.Currency)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new LlmCostTotal(g.Key, g.Sum(x => x.Calls), g.Sum(x => x.PromptTokens), g.Sum(x => x.CompletionTokens), g.Sum(x => x.Cost), g.Sum(x => x.UnpricedCalls)))
            .ToList();
}
