using ContentFlows.Activities.Generation;
using ContentFlows.Activities.Llm;

namespace ContentFlows.Activities.Tests.Batches;

/// <summary>
/// The offline generator, except that prompts carrying <see cref="Marker"/> are refused (a non-retryable LLM error)
/// while <see cref="FailMarkedPrompts"/> is on: rows that ask to fail do, until the test "fixes" them.
/// </summary>
public sealed class FailOnMarkerTextGenerator(OfflineTextGenerator inner) : ITextGenerator
{
    public const string Marker = "[fail-offline]";

    public volatile bool FailMarkedPrompts = true;

    public Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (FailMarkedPrompts && request.Messages.Any(m => m.Content.Contains(Marker, StringComparison.Ordinal)))
        {
            throw new LlmRequestRejectedException(400, "The test asked the offline generator to refuse this row.", null);
        }

        return inner.GenerateAsync(request, cancellationToken);
    }
}
