using System.Collections.Concurrent;
using ContentFlows.Activities.Llm;
using ContentFlows.Activities.Stages;

namespace ContentFlows.Activities.Tests.Batches;

/// <summary>
/// An inner generator (the offline one), except that prompts carrying <see cref="Marker"/> fail their stage (a non-retryable error)
/// while <see cref="FailMarkedPrompts"/> is on: rows that ask to fail do, until the test "fixes" them. Every request is
/// kept in <see cref="Requests"/>, so a test can read the prompts and models the stages asked for.
/// </summary>
public sealed class FailOnMarkerTextGenerator(ITextGenerator inner) : ITextGenerator
{
    public const string Marker = "[fail-offline]";

    public volatile bool FailMarkedPrompts = true;

    public ConcurrentQueue<GenerationRequest> Requests { get; } = new();

    public Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Requests.Enqueue(request);
        if (FailMarkedPrompts && request.Messages.Any(m => m.Content.Contains(Marker, StringComparison.Ordinal)))
        {
            // A non-retryable stage failure fails the pipeline at once (an LLM refusal would stop it for review instead).
            throw new StageConfigurationException("The test asked the offline generator to fail this row.");
        }

        return inner.GenerateAsync(request, cancellationToken);
    }
}
