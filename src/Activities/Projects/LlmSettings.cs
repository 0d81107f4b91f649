using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Prompts;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Projects;

/// <summary>Which LLM a project uses per stage, and what each model's tokens cost.</summary>
public sealed record LlmSettings
{
    /// <summary>The project secret holding the endpoint's API key unless <see cref="ApiKeySecret"/> names another.</summary>
    public const string DefaultApiKeySecret = "llm-api-key";

    /// <summary>Gets the OpenAI-compatible base URL (up to its version segment, e.g. https://api.openai.com/v1); null means the offline generator.</summary>
    public string? Endpoint { get; init; }

    /// <summary>
    /// Gets the name of the project secret holding the endpoint's API key (stored encrypted by
    /// <see cref="ProjectSecretStore"/>), read by the worker. Default <see cref="DefaultApiKeySecret"/>. Only the name
    /// is in the settings: the key never enters a workflow payload, a history or a log.
    /// </summary>
    public string ApiKeySecret { get; init; } = DefaultApiKeySecret;

    /// <summary>Gets how long one LLM call may take before it fails as a retryable timeout. Default 120 s.</summary>
    public int RequestTimeoutSeconds { get; init; } = 120;

    /// <summary>Gets the model used by stages without an entry in <see cref="ModelsByStage"/>. Default "offline".</summary>
    public string DefaultModel { get; init; } = "offline";

    /// <summary>Gets the model per stage type, for example generate → a large model, rewrite → a cheaper one.</summary>
    public IReadOnlyDictionary<string, string> ModelsByStage { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the sampling temperature. Default 0.2.</summary>
    public double Temperature { get; init; } = 0.2;

    /// <summary>
    /// Gets the ISO 4217 currency the project's costs are kept in; null uses the worker's default price list's currency.
    /// The default list prices only projects in its own currency.
    /// </summary>
    public string? Currency { get; init; }

    /// <summary>
    /// Gets the project's prices by model (per 1M input and output tokens, in <see cref="Currency"/>); they win over the
    /// worker's default list. A name also prices the dated names that start with it ("gpt-4o" prices "gpt-4o-2024-08-06").
    /// </summary>
    public IReadOnlyDictionary<string, ModelPrice> Prices { get; init; } = new Dictionary<string, ModelPrice>();

    /// <summary>
    /// Gets prompt overrides by key (see <see cref="StagePrompts.Keys"/>): they replace a stage's default system
    /// or user text for every run of the project; a run's own overrides in its brief win over these.
    /// </summary>
    public IReadOnlyDictionary<string, PromptOverride> Prompts { get; init; } = new Dictionary<string, PromptOverride>();

    /// <summary>
    /// Gets the project's LLM budget per calendar month (UTC) in <see cref="Currency"/>, or null for none. The console
    /// warns when 80% of it is spent; nothing is stopped.
    /// </summary>
    public decimal? MonthlyBudget { get; init; }

    /// <summary>Gets a value indicating whether an endpoint is configured (otherwise the offline generator serves).</summary>
    public bool HasEndpoint => !string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>Returns the model configured for a stage type.</summary>
    public string ModelFor(string stageType) => ModelsByStage.TryGetValue(stageType, out var model) ? model : DefaultModel;

    /// <summary>Lists what is wrong with these settings; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (HasEndpoint && (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            problems.Add($"llm.endpoint must be an absolute http or https URL (was \"{Endpoint}\").");
        }

        if (!ProjectSecretNames.IsValid(ApiKeySecret))
        {
            problems.Add($"llm.apiKeySecret must name a project secret: {ProjectSecretNames.Rule} (was \"{ApiKeySecret}\").");
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

        problems.AddRange(StagePrompts.Validate(Prompts, "llm.prompts"));
        if (Currency is not null && !LlmPriceList.IsCurrencyCode(Currency))
        {
            problems.Add($"llm.currency must be an ISO 4217 code such as USD or EUR (was \"{Currency}\").");
        }

        problems.AddRange(LlmPriceList.Validate(Prices, "llm.prices"));
        if (MonthlyBudget is <= 0)
        {
            problems.Add($"llm.monthlyBudget must be more than 0, or left out for no budget (was {MonthlyBudget}).");
        }

        return problems;
    }
}
