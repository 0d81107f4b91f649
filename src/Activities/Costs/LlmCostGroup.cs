namespace ContentFlows.Activities.Costs;

/// <summary>The LLM calls of one group (one value per grouped dimension) in one currency, summed.</summary>
/// <param name="Key">The group's value of each dimension it was grouped by.</param>
/// <param name="Currency">The currency of <paramref name="Cost"/>; null for calls recorded before costs had currencies.</param>
/// <param name="Calls">How many calls (retries included: every call costs).</param>
/// <param name="PromptTokens">Prompt tokens.</param>
/// <param name="CompletionTokens">Completion tokens.</param>
/// <param name="Cost">The cost at each call's model price.</param>
/// <param name="UnpricedCalls">Calls whose model had no price in the project's currency (counted at 0).</param>
public sealed record LlmCostGroup(
    IReadOnlyDictionary<LlmCostDimension, string?> Key,
    string? Currency,
    long Calls,
    long PromptTokens,
    long CompletionTokens,
    decimal Cost,
    long UnpricedCalls);
