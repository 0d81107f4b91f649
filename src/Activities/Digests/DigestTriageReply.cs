using System.Text.Json;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Digests;

/// <summary>The triage reply: one score per item.</summary>
/// <param name="Scores">The scores.</param>
public sealed record DigestTriageReply(IReadOnlyList<DigestItemScore> Scores)
{
    /// <summary>Parses and checks a reply against the items asked about; throws <see cref="JsonException"/> naming every problem, so it gets repaired.</summary>
    public static DigestTriageReply Parse(string reply, int itemCount)
    {
        var parsed = JsonSerializer.Deserialize<DigestTriageReply>(reply, PipelineJson.Options) ?? throw new JsonException("The reply is JSON null; an object is required.");
        if (parsed.Scores is null)
        {
            throw new JsonException("scores is required.");
        }

        var problems = new List<string>();
        var seen = new HashSet<int>();
        foreach (var score in parsed.Scores)
        {
            if (score is null || score.Index < 0 || score.Index >= itemCount || !seen.Add(score.Index))
            {
                problems.Add($"every score needs a distinct index within 0..{itemCount - 1} (got {score?.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}).");
                continue;
            }

            if (score.Score is < 0 or > 100)
            {
                problems.Add($"scores for item {score.Index} must be within 0..100 (was {score.Score}).");
            }

            if (string.IsNullOrWhiteSpace(score.Reason))
            {
                problems.Add($"item {score.Index} needs a reason.");
            }
        }

        if (seen.Count != itemCount)
        {
            problems.Add($"every item needs a score: {itemCount} items, {seen.Count} scored.");
        }

        return problems.Count == 0 ? parsed : throw new JsonException(string.Join(" ", problems));
    }
}
