using ContentFlows.Activities.Projects;

namespace ContentFlows.Activities.Llm;

/// <summary>
/// Costs each LLM call at the price of the model that answered: the project's own price list first, then the worker's
/// default list when it is in the project's currency (prices in another currency are never converted). A model is
/// looked up as it answered, then as it was requested (an endpoint may answer with a name no list knows).
/// </summary>
public sealed class LlmCostCalculator
{
    private readonly LlmPriceList defaults;

    /// <summary>Initializes a new instance of the <see cref="LlmCostCalculator"/> class.</summary>
    /// <param name="defaults">The worker's default price list; checked here.</param>
    public LlmCostCalculator(LlmPriceList defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        defaults.ThrowIfInvalid();
        this.defaults = defaults;
    }

    /// <summary>Costs one call.</summary>
    /// <param name="settings">The project's LLM settings (its currency and price list).</param>
    /// <param name="answeredModel">The model the endpoint says answered.</param>
    /// <param name="requestedModel">The model the stage asked for.</param>
    /// <param name="promptTokens">Prompt tokens.</param>
    /// <param name="completionTokens">Completion tokens.</param>
    /// <returns>The cost in the project's currency, with the price used.</returns>
    public LlmCallCost Calculate(LlmSettings settings, string answeredModel, string requestedModel, int promptTokens, int completionTokens)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(answeredModel);
        ArgumentNullException.ThrowIfNull(requestedModel);
        ArgumentOutOfRangeException.ThrowIfNegative(promptTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(completionTokens);
        var currency = settings.Currency ?? defaults.Currency;
        IReadOnlyDictionary<string, ModelPrice>[] lists = string.Equals(currency, defaults.Currency, StringComparison.Ordinal) ? [settings.Prices, defaults.Models] : [settings.Prices];
        foreach (var list in lists)
        {
            foreach (var model in new[] { answeredModel, requestedModel })
            {
                if (LlmPriceList.TryFind(list, model, out var pricedAs, out var price))
                {
                    var cost = (promptTokens * price.InputPer1M / 1_000_000m) + (completionTokens * price.OutputPer1M / 1_000_000m);
                    return new LlmCallCost(cost, currency, pricedAs, price);
                }
            }
        }

        return new LlmCallCost(0m, currency, null, null);
    }
}
