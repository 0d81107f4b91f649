using ContentFlows.Activities.Runs;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Api.Runs;

/// <summary>Derives each stage's status from the stored stage executions, the recorded decisions and the live progress.</summary>
internal static class StageStatuses
{
    public static IReadOnlyList<StageStatus> Of(
        PinnedPipelineDefinition definition, PipelineRun run, IReadOnlyList<StageExecution> executions, IReadOnlySet<int> decidedStages, PipelineStatus? progress)
    {
        var byStage = executions.ToLookup(e => e.StageIndex);
        var lastReached = Math.Max(executions.Count == 0 ? -1 : executions.Max(e => e.StageIndex), progress?.CurrentStageIndex ?? -1);
        var ended = run.ClosedAt is not null || run.CancelledAt is not null || progress is null && IsFinal(run.State);
        var statuses = new List<StageStatus>(definition.Stages.Count);
        for (var index = 0; index < definition.Stages.Count; index++)
        {
            var type = definition.Stages[index].Type;
            var rows = byStage[index].ToList();
            var reused = run.RetryFromStage is { } from && index < from;
            if (rows.Count > 0)
            {
                var latest = rows.OrderBy(r => r.StartedAt).Last();
                statuses.Add(new StageStatus(index, type, latest.Status, latest.Attempt, rows.Count, rows.Min(r => r.StartedAt), latest.FinishedAt, latest.Error, reused));
                continue;
            }

            // A needs-review wait names the stage it holds back (still pending), not a stage of its own.
            var waitingHere = progress is { AwaitingApproval: true } && progress.CurrentStageIndex == index && progress.CurrentStage == type;
            var status = waitingHere ? "running"
                : decidedStages.Contains(index) ? "done"
                : index < lastReached || ended ? (reused && type == PipelineStageTypes.Approval ? "done" : "skipped")
                : "pending";
            statuses.Add(new StageStatus(index, type, status, null, 0, null, null, null, reused));
        }

        return statuses;
    }

    private static bool IsFinal(PipelineRunState state) =>
        state is not (PipelineRunState.Running or PipelineRunState.AwaitingApproval or PipelineRunState.Escalated or PipelineRunState.NeedsReview);
}
