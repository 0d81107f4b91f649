using ContentFlows.Activities.Runs;
using ContentFlows.Api.Access;

namespace ContentFlows.Api.Runs;

/// <summary>Finds a run only within the caller's project, so another project's run reads exactly like a missing one.</summary>
internal static class RunLookup
{
    public static async Task<PipelineRun?> FindOwnAsync(this PipelineRunStore runs, Caller caller, Guid runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(caller);
        try
        {
            var run = await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false);
            return run.ProjectId == caller.ProjectId ? run : null;
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }
}
