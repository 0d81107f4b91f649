namespace ContentFlows.Activities.Llm;

/// <summary>
/// Turns token usage into money with a project's price list. A model is looked up by its exact name, then by
/// the longest listed name it starts with, because endpoints answer with dated names ("gpt-4o-2024-08-06")
/// for the alias that was priced ("gpt-4o").
/// </summary>
public sealed class LlmCostCalculator
{
    private readonly Dictionary<string, ModelPrice> prices;

    /// <summary>Initializes a new instance of the <see cref="LlmCostCalculator"/> class.</summary>
    /// <param name="prices">Prices by model name (case-insensitive); no price may be negative.</param>
    public LlmCostCalculator(IReadOnlyDictionary<string, ModelPrice> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        this.prices = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        foreach (var (model, price) in prices)
        {
            if (string.IsNullOrWhiteSpace(model))
            {
                throw new ArgumentException("Prices must be keyed by a model name; an empty name was given.", nameof(prices));
            }

            ArgumentNullException.ThrowIfNull(price, $"{nameof(prices)}[{model}]");
            if (price.PromptPer1K < 0 || price.CompletionPer1K < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(prices), price, $"Prices of '{model}' must not be negative; were {price.PromptPer1K} per 1K prompt tokens and {price.CompletionPer1K} per 1K completion tokens.");
            }

            this.prices[model] = price;
        }
    }

    /// <summary>Computes the cost of a call if its model is priced.</summary>
    /// <param name="model">The model that answered.</param>
    /// <param name="promptTokens">Prompt tokens.</param>
    /// <param name="completionTokens">Completion tokens.</param>
    /// <param name="cost">The cost, exact (not rounded); 0 when the model is not priced.</param>
    /// <returns>True when the model is priced.</returns>
    public bool TryCalculate(string model, int promptTokens, int completionTokens, out decimal cost)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(promptTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(completionTokens);
        if (!TryFindPrice(model, out var price))
        {
            cost = 0m;
            return false;
        }

        cost = (promptTokens * price.PromptPer1K / 1000m) + (completionTokens * price.CompletionPer1K / 1000m);
        return true;
    }

    /// <summary>Computes the cost of a call.</summary>
    /// <param name="result">The call's result.</param>
    /// <returns>The cost, exact (not rounded).</returns>
    /// <exception cref="InvalidOperationException">The model is not priced.</exception>
    public decimal Calculate(GenerationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return TryCalculate(result.Model, result.PromptTokens, result.CompletionTokens, out var cost)
            ? cost
            : throw new InvalidOperationException($"No price for model '{result.Model}'; priced models: {string.Join(", ", prices.Keys.Order(StringComparer.OrdinalIgnoreCase))}.");
    }

    private bool TryFindPrice(string model, out ModelPrice price)
    {
        if (prices.TryGetValue(model, out price!))
        {
            return true;
        }

        var prefix = prices.Keys
            .Where(name => model.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            .MaxBy(name => name.Length);
        return prefix is not null && prices.TryGetValue(prefix, out price!);
    }
}
