namespace ContentFlows.Workflows.Batches;

/// <summary>
/// What one run of a batch hands the next across continue-as-new: the cursor, the counters and the units not yet
/// finished. Runs drain their children before continuing, so nothing here is running.
/// </summary>
/// <param name="NextItemIndex">The first dataset item not yet taken from the dataset.</param>
/// <param name="Completed">Units completed.</param>
/// <param name="Failed">Units failed (also listed in <paramref name="FailedUnits"/>).</param>
/// <param name="AwaitingReview">Units that ended needing a human review.</param>
/// <param name="Rejected">Units a reviewer rejected.</param>
/// <param name="Skipped">Translations skipped because their master had nothing approved to translate.</param>
/// <param name="Cost">The LLM cost so far.</param>
/// <param name="FailedUnits">The failed units, for retry-failed.</param>
/// <param name="Pending">Units taken from the dataset (or created by masters) but not started yet.</param>
/// <param name="Paused">Whether the batch is paused.</param>
/// <param name="StartedAt">When the first run started, for the rate and the ETA.</param>
/// <param name="RunNumber">This run's number in the chain, from 1.</param>
public sealed record BatchCarriedState(
    int NextItemIndex,
    int Completed,
    int Failed,
    int AwaitingReview,
    int Rejected,
    int Skipped,
    decimal Cost,
    IReadOnlyList<BatchUnit> FailedUnits,
    IReadOnlyList<BatchUnit> Pending,
    bool Paused,
    DateTime StartedAt,
    int RunNumber);
