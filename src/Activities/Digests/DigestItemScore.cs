namespace ContentFlows.Activities.Digests;

/// <summary>The LLM's verdict on one item.</summary>
/// <param name="Index">The item's index in the task.</param>
/// <param name="Score">Relevance, 0–100.</param>
/// <param name="Reason">Why, in a sentence in the brief's language; the digest shows it.</param>
public sealed record DigestItemScore(int Index, int Score, string Reason);
