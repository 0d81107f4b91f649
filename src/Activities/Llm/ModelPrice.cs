namespace ContentFlows.Activities.Llm;

/// <summary>What a model costs, per 1,000 tokens, in the project's currency.</summary>
/// <param name="PromptPer1K">The price of 1,000 prompt (input) tokens.</param>
/// <param name="CompletionPer1K">The price of 1,000 completion (output) tokens.</param>
public sealed record ModelPrice(decimal PromptPer1K, decimal CompletionPer1K);
