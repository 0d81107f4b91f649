namespace ContentFlows.Activities.Costs;

/// <summary>One LLM call and what it cost.</summary>
/// <param name="RunId">The run it served.</param>
/// <param name="Stage">The stage type that made it.</param>
/// <param name="Model">The model that answered.</param>
/// <param name="PromptTokens">Prompt tokens, as the endpoint reported.</param>
/// <param name="CompletionTokens">Completion tokens, as the endpoint reported.</param>
/// <param name="Cost">The cost at the project's prices.</param>
public sealed record LlmCallRecord(Guid RunId, string Stage, string Model, int PromptTokens, int CompletionTokens, decimal Cost);
