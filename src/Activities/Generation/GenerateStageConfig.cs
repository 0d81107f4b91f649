namespace ContentFlows.Activities.Generation;

/// <summary>The config of the <c>generate</c> stage.</summary>
public sealed class GenerateStageConfig
{
    /// <summary>Gets or sets the approximate body length in words. Default 300.</summary>
    public int TargetWords { get; set; } = 300;

    /// <summary>Lists what is wrong with this config; empty when valid.</summary>
    public IReadOnlyList<string> Validate() =>
        TargetWords is < 50 or > 5000 ? [$"targetWords must be within 50..5000 (was {TargetWords})."] : [];
}
