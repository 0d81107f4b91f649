namespace ContentFlows.Activities.Extraction;

/// <summary>The config of the <c>extract</c> stage.</summary>
public sealed class ExtractStageConfig
{
    /// <summary>Gets or sets the most items per list. Default 8.</summary>
    public int MaxItems { get; set; } = 8;

    /// <summary>Lists what is wrong with this config; empty when valid.</summary>
    public IReadOnlyList<string> Validate() =>
        MaxItems is < 1 or > 50 ? [$"maxItems must be within 1..50 (was {MaxItems})."] : [];
}
