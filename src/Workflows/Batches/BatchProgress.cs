namespace ContentFlows.Workflows.Batches;

/// <summary>The answer to the progress query. Units are items × languages.</summary>
/// <param name="Total">All units.</param>
/// <param name="Completed">Units completed.</param>
/// <param name="Failed">Units failed and not yet retried.</param>
/// <param name="AwaitingReview">Units waiting for a human review.</param>
/// <param name="Rejected">Units rejected by a reviewer.</param>
/// <param name="Skipped">Translations skipped because their master needs review or was rejected.</param>
/// <param name="Running">Child pipelines generating now (not counting those waiting for a person).</param>
/// <param name="Pending">Units not started yet.</param>
/// <param name="Paused">Whether the batch is paused (running children finish; no new ones start).</param>
/// <param name="CancelRequested">Whether cancel was signalled.</param>
/// <param name="Cost">The LLM cost so far, failed attempts included.</param>
/// <param name="UnitsPerMinute">The observed rate since the batch started, or null before the first unit finished.</param>
/// <param name="EstimatedTimeRemaining">The remaining units at the observed rate, or null without a rate.</param>
/// <param name="RunNumber">This run's number in the continue-as-new chain, from 1.</param>
/// <param name="EstimatedHistoryEvents">This run's history length as the workflow counts it (an upper bound).</param>
/// <param name="AwaitingPerson">Child pipelines waiting for a reviewer; they hold no generation slot.</param>
public sealed record BatchProgress(
    int Total,
    int Completed,
    int Failed,
    int AwaitingReview,
    int Rejected,
    int Skipped,
    int Running,
    int Pending,
    bool Paused,
    bool CancelRequested,
    decimal Cost,
    double? UnitsPerMinute,
    TimeSpan? EstimatedTimeRemaining,
    int RunNumber,
    int EstimatedHistoryEvents,
    int AwaitingPerson = 0);
