namespace ContentFlows.Activities.Projects;

/// <summary>Which LLM a project uses per stage, and what its tokens cost.</summary>
public sealed record LlmSettings
{
    /// <summary>The environment variable read for the API key when <see cref="ApiKeyVariable"/> is not set.</summary>
    public const string DefaultApiKeyVariable = "OPENAI_API_KEY";

    /// <summary>Gets the OpenAI-compatible base URL (up to its version segment, e.g. https://api.openai.com/v1); null means the offline generator.</summary>
    public string? Endpoint { get; init; }

    /// <summary>
    /// Gets the name of the environment variable holding the endpoint's API key, read by the worker. Default
    /// <see cref="DefaultApiKeyVariable"/>. Only the name is stored: keys never enter the database or a history.
    /// </summary>
    public string? ApiKeyVariable { get; init; }

    /// <summary>Gets how long one LLM call may take before it fails as a retryable timeout. Default 120 s.</summary>
    public int RequestTimeoutSeconds { get; init; } = 120;

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

    /// <summary>Gets a value indicating whether an endpoint is configured (otherwise the offline generator serves).</summary>
    public bool HasEndpoint => !string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>Returns the model configured for a stage type.</summary>
    public string ModelFor(string stageType) => ModelsByStage.TryGetValue(stageType, out var model) ? model : DefaultModel;

    /// <summary>Returns what a call with these token counts costs.</summary>
    public decimal CostOf(int promptTokens, int completionTokens) =>
        (promptTokens * PromptPricePer1kTokens / 1000m) + (completionTokens * CompletionPricePer1kTokens / 1000m);

    /// <summary>Lists what is wrong with these settings; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (HasEndpoint && (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            problems.Add($"llm.endpoint must be an absolute http or https URL (was \"{Endpoint}\").");
        }

        if (ApiKeyVariable is not null && string.IsNullOrWhiteSpace(ApiKeyVariable))
        {
            problems.Add("llm.apiKeyVariable must name an environment variable or be left out (was blank).");
        }

        if (RequestTimeoutSeconds is < 1 or > 3600)
        {
            problems.Add($"llm.requestTimeoutSeconds must be within 1..3600 (was {RequestTimeoutSeconds}).");
        }

        if (string.IsNullOrWhiteSpace(DefaultModel) || ModelsByStage.Values.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("llm.defaultModel and every llm.modelsByStage entry must name a model.");
        }

        if (Temperature is < 0 or > 2)
        {
            problems.Add($"llm.temperature must be within 0..2 (was {Temperature}).");
        }

        if (PromptPricePer1kTokens < 0 || CompletionPricePer1kTokens < 0)
        {
            problems.Add($"llm prices must not be negative (were {PromptPricePer1kTokens} and {CompletionPricePer1kTokens} per 1k tokens).");
        }

        return problems;
    }
}
