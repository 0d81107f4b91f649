namespace ContentFlows.Activities.Audience;

/// <summary>The config of the <c>audience</c> stage.</summary>
public sealed class AudienceStageConfig
{
    /// <summary>Gets or sets the most personas to describe. Default 3.</summary>
    public int MaxPersonas { get; set; } = 3;

    /// <summary>Lists what is wrong with this config; empty when valid.</summary>
    public IReadOnlyList<string> Validate() =>
        MaxPersonas is < 1 or > 10 ? [$"maxPersonas must be within 1..10 (was {MaxPersonas})."] : [];
}
