namespace ContentFlows.Activities.Llm;

/// <summary>What one call cost and the price it was costed at.</summary>
/// <param name="Cost">The cost, exact (not rounded); 0 when no price applies.</param>
/// <param name="Currency">The currency of <paramref name="Cost"/>.</param>
/// <param name="PricedAs">The price list entry used (a model name or prefix); null when the model is not priced.</param>
/// <param name="Price">The price used; null when the model is not priced.</param>
public sealed record LlmCallCost(decimal Cost, string Currency, string? PricedAs, ModelPrice? Price);
