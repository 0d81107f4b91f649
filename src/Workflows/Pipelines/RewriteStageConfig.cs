namespace ContentFlows.Workflows.Pipelines;

/// <summary>The part of the <c>rewrite</c> stage's config the workflow reads: how many rounds before a human must look.</summary>
public sealed record RewriteStageConfig
{
    /// <summary>Gets the maximum rewrite rounds. Default 3.</summary>
    public int MaxRounds { get; init; } = 3;

    /// <summary>Lists what is wrong with this config; empty when valid.</summary>
    public IReadOnlyList<string> Validate() =>
        MaxRounds is < 1 or > 10 ? [$"maxRounds must be within 1..10 (was {MaxRounds})."] : [];
}
