using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Api.Runs;

/// <summary>
/// A run's state as the API reports it: the workflow's recorded <see cref="PipelineRunState"/> (same names), or
/// <see cref="RunState.Cancelled"/> once cancellation was requested through the API. Failed, cancelled, terminated and
/// timed-out outcomes are recorded by the reconciler from the workflow's real status.
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
    Failed,
    Terminated,
    TimedOut,
}
