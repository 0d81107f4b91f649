namespace ContentFlows.Workflows.Pipelines;

/// <summary>What a stage activity reports back to the workflow: small, ids and summaries only.</summary>
/// <param name="StageType">The stage type that ran.</param>
/// <param name="OutputVersion">The content version the stage produced, checked or published; null when it touched none.</param>
/// <param name="Gate">The gate verdict when the stage is a check; null otherwise.</param>
/// <param name="Published">Whether the stage published content, so the run ends as published.</param>
/// <param name="Summary">One line for status readers, for example a published path.</param>
public sealed record StageOutcome(string StageType, int? OutputVersion, GateVerdict? Gate, bool Published, string Summary);
