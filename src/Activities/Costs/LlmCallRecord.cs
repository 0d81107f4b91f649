namespace ContentFlows.Activities.Costs;

/// <summary>One LLM call and what it cost.</summary>
/// <param name="RunId">The run it served.</param>
/// <param name="Stage">The stage type that made it.</param>
/// <param name="Model">The model that answered.</param>
/// <param name="PromptTokens">Prompt tokens, as the endpoint reported.</param>
/// <param name="CompletionTokens">Completion tokens, as the endpoint reported.</param>
/// <param name="Cost">The cost at the price of <paramref name="Model"/>, in <see cref="Currency"/>.</param>
public sealed record LlmCallRecord(Guid RunId, string Stage, string Model, int PromptTokens, int CompletionTokens, decimal Cost)
{
    /// <summary>Gets the currency of <see cref="Cost"/>; null for calls recorded before price lists had currencies.</summary>
    public string? Currency { get; init; }

    /// <summary>Gets the model the stage asked for (the answer may name a dated variant); null for calls recorded before.</summary>
    public string? RequestedModel { get; init; }

    /// <summary>Gets the price list entry the call was costed at; null when the model was not priced.</summary>
    public string? PricedAs { get; init; }

    /// <summary>Gets the price of 1M input tokens used; null when the model was not priced.</summary>
    public decimal? InputPricePer1M { get; init; }

    /// <summary>Gets the price of 1M output tokens used; null when the model was not priced.</summary>
    public decimal? OutputPricePer1M { get; init; }
}
