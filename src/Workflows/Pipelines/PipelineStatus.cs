namespace ContentFlows.Workflows.Pipelines;

/// <summary>The answer to the status query: what the run is doing now.</summary>
/// <param name="State">The run state.</param>
/// <param name="CurrentStage">The stage type running or waiting; null before the first and after the last.</param>
/// <param name="CurrentStageIndex">The index of that stage in the pinned definition.</param>
/// <param name="Versions">The content version numbers produced so far, in order.</param>
/// <param name="Score">The last gate score, if any.</param>
/// <param name="AwaitingApproval">Whether a reviewer's signal is awaited.</param>
/// <param name="RewriteRounds">How many rewrite rounds ran.</param>
/// <param name="ScheduledPublications">The channels with a publication time (or cancelled); empty when every channel publishes as the stage is reached.</param>
/// <param name="ReviewRound">How many times the run stopped for a needs-review decision (0 for approval stages); with the stage index it names the decision a reviewer claims.</param>
public sealed record PipelineStatus(
    PipelineRunState State,
    string? CurrentStage,
    int? CurrentStageIndex,
    IReadOnlyList<int> Versions,
    int? Score,
    bool AwaitingApproval,
    int RewriteRounds,
    int ReviewRound = 0,
    IReadOnlyList<ScheduledPublication>? ScheduledPublications = null);
