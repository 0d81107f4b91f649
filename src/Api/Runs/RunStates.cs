using ContentFlows.Activities.Runs;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Api.Runs;

/// <summary>Maps stored runs and filter values to <see cref="RunState"/> and back.</summary>
internal static class RunStates
{
    public static RunState Of(PipelineRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.CancelledAt is null ? Enum.Parse<RunState>(run.State.ToString()) : RunState.Cancelled;
    }

    /// <summary>
    /// The recorded workflow state a filter on <paramref name="state"/> means; null for <see cref="RunState.Cancelled"/>,
    /// which the store matches on the API's mark or the recorded <see cref="PipelineRunState.Cancelled"/>.
    /// </summary>
    public static PipelineRunState? Recorded(RunState state) => state == RunState.Cancelled ? null : Enum.Parse<PipelineRunState>(state.ToString());
}
