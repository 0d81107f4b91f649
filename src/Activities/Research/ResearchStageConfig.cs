namespace ContentFlows.Activities.Research;

/// <summary>The config of the <c>research</c> stage.</summary>
public sealed class ResearchStageConfig
{
    /// <summary>Gets or sets how long one URL may take to answer. Default 15 s.</summary>
    public int FetchTimeoutSeconds { get; set; } = 15;

    /// <summary>Gets or sets how much of each source goes into the brief, in characters. Default 6,000.</summary>
    public int MaxCharactersPerSource { get; set; } = 6_000;

    /// <summary>Lists what is wrong with this config; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (FetchTimeoutSeconds is < 1 or > 300)
        {
            problems.Add($"fetchTimeoutSeconds must be within 1..300 (was {FetchTimeoutSeconds}).");
        }

        if (MaxCharactersPerSource is < 100 or > 100_000)
        {
            problems.Add($"maxCharactersPerSource must be within 100..100000 (was {MaxCharactersPerSource}).");
        }

        return problems;
    }
}
