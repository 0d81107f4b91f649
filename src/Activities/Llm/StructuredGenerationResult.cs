namespace ContentFlows.Activities.Llm;

/// <summary>A reply parsed into <typeparamref name="T"/>, with every call it took (one, or two after a repair).</summary>
/// <typeparam name="T">The parsed type.</typeparam>
/// <param name="Value">The parsed, validated value.</param>
/// <param name="Calls">Every call made, in order; record each one's tokens and cost.</param>
public sealed record StructuredGenerationResult<T>(T Value, IReadOnlyList<GenerationResult> Calls)
{
    /// <summary>Gets a value indicating whether the first reply was malformed and a repair was needed.</summary>
    public bool Repaired => Calls.Count > 1;

    /// <summary>Gets the prompt tokens of all calls.</summary>
    public int PromptTokens => Calls.Sum(call => call.PromptTokens);

    /// <summary>Gets the completion tokens of all calls.</summary>
    public int CompletionTokens => Calls.Sum(call => call.CompletionTokens);
}
