using System.Text.RegularExpressions;

namespace ContentFlows.Activities.Llm;

/// <summary>
/// Prices per model in one currency: the worker's default list (configuration section ContentFlows:LlmPrices), used for
/// models a project does not price itself.
/// </summary>
public sealed partial class LlmPriceList
{
    /// <summary>The currency of a list that names none.</summary>
    public const string DefaultCurrency = "USD";

    /// <summary>Initializes a new, empty instance in <see cref="DefaultCurrency"/>.</summary>
    public LlmPriceList()
    {
    }

    /// <summary>Initializes a new instance with the required values.</summary>
    public LlmPriceList(string currency, IReadOnlyDictionary<string, ModelPrice> models)
    {
        Currency = currency;
        Models = new Dictionary<string, ModelPrice>(models, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Gets or sets the ISO 4217 currency code of every price in the list. Default "USD".</summary>
    public string Currency { get; set; } = DefaultCurrency;

    /// <summary>Gets or sets the prices by model name (case-insensitive). Default none.</summary>
    public Dictionary<string, ModelPrice> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Returns whether <paramref name="currency"/> is an ISO 4217 code (three upper-case letters).</summary>
    public static bool IsCurrencyCode(string? currency) => currency is not null && CurrencyPattern().IsMatch(currency);

    /// <summary>Lists what is wrong with a price list; each problem starts with <paramref name="path"/>.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyDictionary<string, ModelPrice>? models, string path)
    {
        var problems = new List<string>();
        foreach (var (model, price) in models ?? new Dictionary<string, ModelPrice>())
        {
            if (string.IsNullOrWhiteSpace(model))
            {
                problems.Add($"{path} must be keyed by model names; an empty name was given.");
            }
            else if (price is null)
            {
                problems.Add($"{path}.{model} must give inputPer1M and outputPer1M.");
            }
            else if (price.InputPer1M < 0 || price.OutputPer1M < 0)
            {
                problems.Add($"{path}.{model} prices must not be negative (were {price.InputPer1M} input and {price.OutputPer1M} output per 1M tokens).");
            }
        }

        return problems;
    }

    /// <summary>Throws naming the first bad property and its value.</summary>
    public void ThrowIfInvalid()
    {
        if (!IsCurrencyCode(Currency))
        {
            throw new ArgumentException($"LlmPriceList.Currency must be an ISO 4217 code such as USD (was \"{Currency}\").", nameof(Currency));
        }

        var problems = Validate(Models, "LlmPriceList.Models");
        if (problems.Count > 0)
        {
            throw new ArgumentException(problems[0], nameof(Models));
        }
    }

    /// <summary>
    /// Finds a model's price by its exact name, else by the longest listed name it starts with: endpoints answer with
    /// dated names ("gpt-4o-2024-08-06") for the alias that was priced ("gpt-4o").
    /// </summary>
    internal static bool TryFind(IReadOnlyDictionary<string, ModelPrice> models, string model, out string pricedAs, out ModelPrice price)
    {
        (pricedAs, price) = (null!, null!);
        foreach (var (name, listed) in models)
        {
            if (string.Equals(name, model, StringComparison.OrdinalIgnoreCase))
            {
                (pricedAs, price) = (name, listed);
                return true;
            }

            if (model.StartsWith(name, StringComparison.OrdinalIgnoreCase) && name.Length > (pricedAs?.Length ?? 0))
            {
                (pricedAs, price) = (name, listed);
            }
        }

        return pricedAs is not null;
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
