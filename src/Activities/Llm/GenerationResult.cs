namespace ContentFlows.Activities.Llm;

/// <summary>What the generator returned and what it cost in tokens, as the endpoint reported it.</summary>
/// <param name="Text">The assistant's reply.</param>
/// <param name="PromptTokens">Tokens in the prompt.</param>
/// <param name="CompletionTokens">Tokens in the reply.</param>
/// <param name="Model">The model that actually answered (endpoints may resolve aliases).</param>
public sealed record GenerationResult(string Text, int PromptTokens, int CompletionTokens, string Model);
