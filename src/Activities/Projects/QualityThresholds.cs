namespace ContentFlows.Activities.Projects;

/// <summary>A project's quality bar; a gate stage's own config overrides it.</summary>
public sealed record QualityThresholds
{
    /// <summary>Gets the minimum 0–100 gate score to pass. Default 80.</summary>
    public int MinScore { get; init; } = 80;
}
