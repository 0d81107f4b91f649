using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Api.Runs;

/// <summary>
/// A run's state as the API reports it: the workflow's recorded <see cref="PipelineRunState"/> (same names), or
/// <see cref="RunState.Cancelled"/> once cancellation was requested through the API (the workflow records no state of its own
/// when cancelled).
/// </summary>
internal enum RunState
{
    Running,
    NeedsReview,
    AwaitingApproval,
    Escalated,
    Rejected,
    Published,
    Completed,
    Cancelled,
}
