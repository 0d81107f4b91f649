namespace ContentFlows.Activities.Projects;

/// <summary>Which LLM a project uses per stage, and what its tokens cost.</summary>
public sealed record LlmSettings
{
    /// <summary>Gets the OpenAI-compatible base URL; null means the offline generator.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Gets the model used by stages without an entry in <see cref="ModelsByStage"/>. Default "offline".</summary>
    public string DefaultModel { get; init; } = "offline";

    /// <summary>Gets the model per stage type, for example generate → a large model, rewrite → a cheaper one.</summary>
    public IReadOnlyDictionary<string, string> ModelsByStage { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the sampling temperature. Default 0.2.</summary>
    public double Temperature { get; init; } = 0.2;

    /// <summary>Gets the price of 1,000 prompt tokens.</summary>
    public decimal PromptPricePer1kTokens { get; init; }

    /// <summary>Gets the price of 1,000 completion tokens.</summary>
    public decimal CompletionPricePer1kTokens { get; init; }

    /// <summary>Returns the model configured for a stage type.</summary>
    public string ModelFor(string stageType) => ModelsByStage.TryGetValue(stageType, out var model) ? model : DefaultModel;

    /// <summary>Returns what a call with these token counts costs.</summary>
    public decimal CostOf(int promptTokens, int completionTokens) =>
        (promptTokens * PromptPricePer1kTokens / 1000m) + (completionTokens * CompletionPricePer1kTokens / 1000m);
}
