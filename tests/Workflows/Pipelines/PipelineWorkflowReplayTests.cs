using Temporalio.Common;
using Temporalio.Converters;
using Temporalio.Worker;
using Temporalio.Exceptions;
using ContentFlows.Workflows.Pipelines;
using Temporalio.Api.Enums.V1;

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
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = ContentFlowsDataConverter.Plain }.AddWorkflow<PipelineWorkflow>());

        var history = LoadHistory("pipeline-approve-edit.json");

        var replay = await replayer.ReplayWorkflowAsync(history);

        // The official replayer checks the commands, not the result: the result is the one the replayed run recorded.
        Assert.Null(replay.ReplayFailure);
        var result = RecordedResult(history);
        Assert.Equal(PipelineRunState.Published, result.State);
        Assert.Equal([1, 2, 3, 4], result.Versions);
        Assert.Equal(100, result.Score);
    }

    [Fact]
    public async Task ReplayWorkflowAsync_FullChainHistory_ReplaysToPublishedResult()
    {
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = ContentFlowsDataConverter.Plain }.AddWorkflow<PipelineWorkflow>());

        var history = LoadHistory("pipeline-full-approve-edit.json");

        var replay = await replayer.ReplayWorkflowAsync(history);

        // The official replayer checks the commands, not the result: the result is the one the replayed run recorded.
        Assert.Null(replay.ReplayFailure);
        var result = RecordedResult(history);
        Assert.Equal((PipelineRunState.Published, 100), (result.State, result.Score));
        Assert.Equal([1, 2, 3, 4], result.Versions);
    }

    [Fact]
    public async Task ReplayWorkflowAsync_LlmRefusedHistory_ReplaysToNeedsReviewThroughThePatch()
    {
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = ContentFlowsDataConverter.Plain }.AddWorkflow<PipelineWorkflow>());

        var history = LoadHistory("pipeline-llm-refused-needs-review.json");

        var replay = await replayer.ReplayWorkflowAsync(history);

        // The official replayer checks the commands, not the result: the result is the one the replayed run recorded.
        Assert.Null(replay.ReplayFailure);
        var result = RecordedResult(history);
        Assert.Equal(PipelineRunState.NeedsReview, result.State);
        Assert.Contains("The rewrite stage (index 2) was refused by the LLM provider", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayWorkflowAsync_LlmRefusedThenReviewedHistory_ReplaysThroughTheReviewWaitToPublished()
    {
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = ContentFlowsDataConverter.Plain }.AddWorkflow<PipelineWorkflow>());

        var history = LoadHistory("pipeline-llm-refused-review-approved.json");

        var replay = await replayer.ReplayWorkflowAsync(history);

        // The review wait (patch needs-review-queue) then the approval stage: both decisions replay to the published result.
        Assert.Null(replay.ReplayFailure);
        Assert.Equal(PipelineRunState.Published, RecordedResult(history).State);
        Assert.Equal(2, history.Events.Count(e => e.EventType == EventType.WorkflowExecutionSignaled));
    }

    [Fact]
    public async Task ReplayWorkflowAsync_LlmRefusedHistoryWithoutItsPatch_FailsAsNondeterministic()
    {
        var history = LoadHistory("pipeline-llm-refused-needs-review.json");

        // As if recorded by code without this patch: Patched answers false, so today's code takes the old path (fail the
        // workflow) where the history goes on to record the state, and the replay must say so.
        var marker = history.Events.Single(e => e.EventType == EventType.MarkerRecorded).MarkerRecordedEventAttributes;
        marker.Details["patch-data"].Payloads_[0].Data = Google.Protobuf.ByteString.CopyFromUtf8("{\"id\":\"some-other-change\",\"deprecated\":false}");
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = ContentFlowsDataConverter.Plain }.AddWorkflow<PipelineWorkflow>());

        var replay = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        Assert.IsType<WorkflowNondeterminismException>(replay.ReplayFailure);
    }

    [Fact]
    public async Task ReplayWorkflowAsync_RewriteRecordedAsTheGenericStageActivity_FailsAsNondeterministic()
    {
        var history = LoadHistory("pipeline-approve-edit.json");

        // As if the run had been recorded by code that ran every stage as one generic activity: today's code schedules
        // the rewrite stage as the activity "rewrite", so the recorded command no longer matches.
        var rewriteScheduled = history.Events.First(e => e.ActivityTaskScheduledEventAttributes?.ActivityType.Name == "rewrite");
        rewriteScheduled.ActivityTaskScheduledEventAttributes.ActivityType.Name = "stage.execute";
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = ContentFlowsDataConverter.Plain }.AddWorkflow<PipelineWorkflow>());

        var replay = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        Assert.IsType<WorkflowNondeterminismException>(replay.ReplayFailure);
    }

    [Fact]
    public async Task ReplayWorkflowAsync_ScheduledPublicationHistory_ReplaysTheTimerThenThePublish()
    {
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = ContentFlowsDataConverter.Plain }.AddWorkflow<PipelineWorkflow>());

        var history = LoadHistory("pipeline-scheduled-publish.json");

        var replay = await replayer.ReplayWorkflowAsync(history);

        // Recorded by tests/Activities ScheduledPublishingProcessKillTests: a two-hour timer, then the publish activity.
        Assert.Null(replay.ReplayFailure);
        Assert.Equal(PipelineRunState.Published, RecordedResult(history).State);
        var fired = history.Events.Single(e => e.EventType == EventType.TimerFired);
        var publish = history.Events.Single(e => e.ActivityTaskScheduledEventAttributes?.ActivityType.Name == "publish");
        Assert.True(fired.EventId < publish.EventId);
    }

    [Fact]
    public async Task ReplayWorkflowAsync_ScheduledPublicationHistoryWithoutItsPatch_FailsAsNondeterministic()
    {
        var history = LoadHistory("pipeline-scheduled-publish.json");

        // As if recorded by code without the scheduled-publishing patch: today's code then publishes at once where the
        // history starts the publication's timer, and the replay must say so.
        var marker = history.Events.Single(e => e.EventType == EventType.MarkerRecorded).MarkerRecordedEventAttributes;
        marker.Details["patch-data"].Payloads_[0].Data = Google.Protobuf.ByteString.CopyFromUtf8("{\"id\":\"some-other-change\",\"deprecated\":false}");
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = ContentFlowsDataConverter.Plain }.AddWorkflow<PipelineWorkflow>());

        var replay = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        Assert.IsType<WorkflowNondeterminismException>(replay.ReplayFailure);
    }

    private static PipelineResult RecordedResult(WorkflowHistory history)
    {
        var completed = history.Events.Last().WorkflowExecutionCompletedEventAttributes;
        Assert.NotNull(completed);
        return ContentFlowsDataConverter.Plain.PayloadConverter.ToValue<PipelineResult>(completed.Result.Payloads_.Single());
    }

    private static WorkflowHistory LoadHistory(string fileName) =>
        WorkflowHistory.FromJson(Path.GetFileNameWithoutExtension(fileName), File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Histories", fileName)));
}
