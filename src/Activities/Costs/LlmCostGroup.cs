namespace ContentFlows.Activities.Costs;

/// <summary>The LLM calls of one stage type and model, summed.</summary>
/// <param name="Stage">The stage type that made the calls.</param>
/// <param name="Model">The model that answered.</param>
/// <param name="Calls">How many calls (retries included: every call costs).</param>
/// <param name="PromptTokens">Prompt tokens.</param>
/// <param name="CompletionTokens">Completion tokens.</param>
/// <param name="Cost">The cost at the project's prices.</param>
public sealed record LlmCostGroup(string Stage, string Model, long Calls, long PromptTokens, long CompletionTokens, decimal Cost);
