namespace ContentFlows.Workflows.Pipelines;

/// <summary>How a pipeline run ended. A rejection is a normal result, not a workflow failure.</summary>
/// <param name="State">The final state.</param>
/// <param name="FinalVersion">The last content version (the published one when published).</param>
/// <param name="Score">The last gate score, if any.</param>
/// <param name="Reason">Why it ended this way, for rejections and reviews; null otherwise.</param>
/// <param name="Versions">All content version numbers produced, in order.</param>
public sealed record PipelineResult(PipelineRunState State, int? FinalVersion, int? Score, string? Reason, IReadOnlyList<int> Versions);
