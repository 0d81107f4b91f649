namespace ContentFlows.Activities.Llm;

/// <summary>
/// Produces text from a chat-style prompt. Stages depend on this interface only, so the offline generator
/// and the OpenAI-compatible HTTP client are interchangeable.
/// </summary>
public interface ITextGenerator
{
    /// <summary>Runs one completion; retries and rate limiting belong to the implementation and the activity retry policy.</summary>
    Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken);
}
