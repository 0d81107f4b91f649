using ContentFlows.Activities.Llm;

namespace ContentFlows.Activities.Tests.Llm;

public sealed class LlmCostCalculatorTests
{
    private readonly LlmCostCalculator calculator = new(new Dictionary<string, ModelPrice>
    {
        ["gpt-4o"] = new(0.0025m, 0.01m),
        ["gpt-4o-mini"] = new(0.00015m, 0.0006m),
    });

    [Fact]
    public void Calculate_PricedModel_ReturnsExactCost()
    {
        var cost = calculator.Calculate(new GenerationResult("text", PromptTokens: 1234, CompletionTokens: 567, Model: "gpt-4o"));

        // 1.234 × 0.0025 + 0.567 × 0.01
        Assert.Equal(0.008755m, cost);
    }

    [Theory]
    [InlineData("gpt-4o-2024-08-06", 0.0125)]
    [InlineData("gpt-4o-mini-2024-07-18", 0.00075)]
    [InlineData("GPT-4O-MINI", 0.00075)]
    public void Calculate_DatedOrDifferentlyCasedName_UsesLongestPricedPrefix(string model, double expected)
    {
        var cost = calculator.Calculate(new GenerationResult("text", 1000, 1000, model));

        Assert.Equal((decimal)expected, cost);
    }

    [Fact]
    public void Calculate_UnpricedModel_ThrowsNamingModel()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => calculator.Calculate(new GenerationResult("text", 1, 1, "llama3")));

        Assert.Contains("'llama3'", failure.Message, StringComparison.Ordinal);
        Assert.False(calculator.TryCalculate("llama3", 1, 1, out var cost));
        Assert.Equal(0m, cost);
    }

    [Fact]
    public void Constructor_NegativePrice_ThrowsNamingModelAndPrices()
    {
        var failure = Assert.Throws<ArgumentOutOfRangeException>(() => new LlmCostCalculator(new Dictionary<string, ModelPrice> { ["cheap"] = new(-1m, 0m) }));

        Assert.Contains("'cheap'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("-1", failure.Message, StringComparison.Ordinal);
    }
}
