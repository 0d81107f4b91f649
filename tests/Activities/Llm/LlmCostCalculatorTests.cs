using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Projects;

namespace ContentFlows.Activities.Tests.Llm;

public sealed class LlmCostCalculatorTests
{
    private readonly LlmCostCalculator calculator = new(new LlmPriceList("USD", new Dictionary<string, ModelPrice>
    {
        ["gpt-4o"] = new(2.5m, 10m),
        ["gpt-4o-mini"] = new(0.15m, 0.6m),
    }));

    [Fact]
    public void Calculate_ModelInDefaultList_ExactCostAtItsPricePer1M()
    {
        var cost = calculator.Calculate(new LlmSettings(), "gpt-4o", "gpt-4o", 1234, 567);

        // 1234 × 2.5 / 1M + 567 × 10 / 1M
        Assert.Equal(new LlmCallCost(0.008755m, "USD", "gpt-4o", new ModelPrice(2.5m, 10m)), cost);
    }

    [Theory]
    [InlineData("gpt-4o-2024-08-06", "gpt-4o", 12.5)]
    [InlineData("gpt-4o-mini-2024-07-18", "gpt-4o-mini", 0.75)]
    [InlineData("GPT-4O-MINI", "gpt-4o-mini", 0.75)]
    public void Calculate_DatedOrDifferentlyCasedName_UsesLongestPricedPrefix(string model, string pricedAs, double expected)
    {
        var cost = calculator.Calculate(new LlmSettings(), model, "unknown", 1_000_000, 1_000_000);

        Assert.Equal(((decimal)expected, pricedAs), (cost.Cost, cost.PricedAs));
    }

    [Fact]
    public void Calculate_ProjectPrice_WinsOverTheDefaultList()
    {
        var settings = new LlmSettings { Prices = new Dictionary<string, ModelPrice> { ["gpt-4o-mini"] = new(1m, 2m) } };

        Assert.Equal(3m, calculator.Calculate(settings, "gpt-4o-mini-2024-07-18", "gpt-4o-mini", 1_000_000, 1_000_000).Cost);
        Assert.Equal(12.5m, calculator.Calculate(settings, "gpt-4o-2024-08-06", "gpt-4o", 1_000_000, 1_000_000).Cost);
    }

    [Fact]
    public void Calculate_AnsweredNameUnknown_PricedAsRequested()
    {
        var cost = calculator.Calculate(new LlmSettings(), "my-proxy-deployment-7", "gpt-4o-mini", 1_000_000, 0);

        Assert.Equal((0.15m, "gpt-4o-mini"), (cost.Cost, cost.PricedAs));
    }

    [Fact]
    public void Calculate_OtherCurrency_DefaultListNotUsedAndUnpricedModelCostsZero()
    {
        var settings = new LlmSettings { Currency = "EUR", Prices = new Dictionary<string, ModelPrice> { ["mistral-large"] = new(2m, 6m) } };

        Assert.Equal(new LlmCallCost(0m, "EUR", null, null), calculator.Calculate(settings, "gpt-4o", "gpt-4o", 1000, 1000));
        Assert.Equal(new LlmCallCost(8m, "EUR", "mistral-large", new ModelPrice(2m, 6m)), calculator.Calculate(settings, "mistral-large-2411", "mistral-large", 1_000_000, 1_000_000));
    }

    [Fact]
    public void Constructor_BadList_ThrowsNamingModelOrCurrency()
    {
        var negative = Assert.Throws<ArgumentException>(() => new LlmCostCalculator(new LlmPriceList("USD", new Dictionary<string, ModelPrice> { ["cheap"] = new(-1m, 0m) })));
        var currency = Assert.Throws<ArgumentException>(() => new LlmCostCalculator(new LlmPriceList("dollars", new Dictionary<string, ModelPrice>())));

        Assert.Contains("cheap", negative.Message, StringComparison.Ordinal);
        Assert.Contains("-1", negative.Message, StringComparison.Ordinal);
        Assert.Contains("\"dollars\"", currency.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ProjectSettings_NamesCurrencyAndPriceProblems()
    {
        var problems = new LlmSettings { Currency = "eur", Prices = new Dictionary<string, ModelPrice> { ["gpt-4o"] = new(1m, -2m) } }.Validate();

        Assert.Contains(problems, p => p.StartsWith("llm.currency", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("llm.prices.gpt-4o", StringComparison.Ordinal));
    }
}
