using ContentFlows.Temporal.Common;
using ContentFlows.Temporal.Worker;
using ContentFlows.Temporal.Exceptions;
using ContentFlows.Workflows.Pipelines;

namespace ContentFlows.Workflows.Tests.Pipelines;

/// <summary>
/// Replays recorded runs against today's workflow code: a change to the command sequence fails here before it
/// breaks runs in flight. Re-record with CONTENTFLOWS_RECORD_HISTORIES=1 and the end-to-end tests in tests/Activities.
/// </summary>
public sealed class PipelineWorkflowReplayTests
{
    [Fact]
    public async Task ReplayWorkflowAsync_ApproveEditHistory_ReplaysToPublishedResult()
    {
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<PipelineWorkflow>());

        var replay = await replayer.ReplayWorkflowAsync(LoadHistory("pipeline-approve-edit.json"));

        Assert.Null(replay.ReplayFailure);
        var result = replay.GetResult<PipelineResult>();
        Assert.Equal(PipelineRunState.Published, result.State);
        Assert.Equal([1, 2, 3, 4], result.Versions);
        Assert.Equal(100, result.Score);
    }

    [Fact]
    public async Task ReplayWorkflowAsync_RewriteRecordedAsAnotherActivity_FailsAsNondeterministic()
    {
        var history = LoadHistory("pipeline-approve-edit.json");

        // As if the run had been recorded by code that called rewrite as an activity of its own: today's code schedules
        // the generic stage activity there, so the recorded command no longer matches.
        var rewriteScheduled = history.Events.First(e => e.ActivityTaskScheduledEventAttributes?.Input?.Payloads_.FirstOrDefault()?.Data.ToStringUtf8().Contains("\"stageType\":\"rewrite\"", StringComparison.Ordinal) == true);
        rewriteScheduled.ActivityTaskScheduledEventAttributes.ActivityType.Name = "stage.rewrite";
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<PipelineWorkflow>());

        var replay = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        Assert.IsType<WorkflowNondeterminismException>(replay.ReplayFailure);
    }

    private static WorkflowHistory LoadHistory(string fileName) =>
        WorkflowHistory.FromJson(Path.GetFileNameWithoutExtension(fileName), File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Histories", fileName)));
}
