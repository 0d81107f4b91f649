namespace ContentFlows.Activities.Llm;

/// <summary>What a model costs per million tokens, in the currency of the list it belongs to.</summary>
/// <param name="InputPer1M">The price of 1,000,000 prompt (input) tokens.</param>
/// <param name="OutputPer1M">The price of 1,000,000 completion (output) tokens.</param>
public sealed record ModelPrice(decimal InputPer1M, decimal OutputPer1M);
