using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Activities.Runs;

/// <summary>One stored stage execution of a run.</summary>
/// <param name="StageIndex">The stage's index in the pinned definition.</param>
/// <param name="Round">The round (rewrite rounds, gate re-checks); 0 otherwise.</param>
/// <param name="StageType">The stage type.</param>
/// <param name="Status">running, done or failed.</param>
/// <param name="Attempt">The activity attempt that wrote the row, from 1.</param>
/// <param name="StartedAt">When that attempt started.</param>
/// <param name="FinishedAt">When it ended; null while running.</param>
/// <param name="Error">Why it failed; null otherwise.</param>
/// <param name="Outcome">What the stage reported when done; null otherwise.</param>
public sealed record StageExecution(
    int StageIndex,
    int Round,
    string StageType,
    string Status,
    int Attempt,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    StageOutcome? Outcome);
