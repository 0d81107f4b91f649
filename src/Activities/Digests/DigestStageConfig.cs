namespace ContentFlows.Activities.Digests;

/// <summary>The config of the <c>digest</c> stage.</summary>
public sealed class DigestStageConfig
{
    /// <summary>Gets or sets the fewest items a digest should show when that many are relevant enough. Default 3.</summary>
    public int MinItems { get; set; } = 3;

    /// <summary>Gets or sets the most items a digest shows. Default 5.</summary>
    public int MaxItems { get; set; } = 5;

    /// <summary>Gets or sets the lowest relevance score (0–100) an item needs to appear. Default 40.</summary>
    public int MinScore { get; set; } = 40;

    /// <summary>Gets or sets how many new items are sent to triage at most (the feeds' first ones). Default 40.</summary>
    public int MaxTriageItems { get; set; } = 40;

    /// <summary>Lists what is wrong with this config; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MinItems < 1 || MaxItems < MinItems || MaxItems > 20)
        {
            problems.Add($"minItems and maxItems must satisfy 1 ≤ minItems ≤ maxItems ≤ 20 (were {MinItems} and {MaxItems}).");
        }

        if (MinScore is < 0 or > 100)
        {
            problems.Add($"minScore must be within 0..100 (was {MinScore}).");
        }

        if (MaxTriageItems is < 1 or > 200)
        {
            problems.Add($"maxTriageItems must be within 1..200 (was {MaxTriageItems}).");
        }

        return problems;
    }
}
