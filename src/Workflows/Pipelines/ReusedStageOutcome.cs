namespace ContentFlows.Workflows.Pipelines;

/// <summary>One stored stage outcome a retry reuses instead of running the stage.</summary>
/// <param name="StageIndex">The stage's index in the pinned definition.</param>
/// <param name="Round">The round it ran in (rewrite rounds and gate re-checks; 0 otherwise).</param>
/// <param name="Outcome">What the stage reported.</param>
public sealed record ReusedStageOutcome(int StageIndex, int Round, StageOutcome Outcome);
