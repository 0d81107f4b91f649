using ContentFlows.Workflows.Batches;
using ContentFlows.Workflows.Notifications;
using ContentFlows.Workflows.Pipelines;
using Temporalio.Api.Enums.V1;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace ContentFlows.Workflows.Tests.Notifications;

/// <summary>
/// Replays runs recorded with notifications (tests/Api NotificationsTests records them): the notification activities
/// stand where the "notifications" patch put them, and histories recorded before it (the other fixtures) still replay.
/// </summary>
public sealed class NotificationReplayTests
{
    [Theory]
    [InlineData("pipeline-notifications-escalated.json", 2)]
    [InlineData("pipeline-notifications-run-failed.json", 1)]
    public async Task ReplayWorkflowAsync_PipelineWithNotifications_ReplaysWithItsNotificationActivities(string fileName, int notifications)
    {
        var history = LoadHistory(fileName);
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = ContentFlowsDataConverter.Plain }.AddWorkflow<PipelineWorkflow>());

        var replay = await replayer.ReplayWorkflowAsync(history);

        Assert.Null(replay.ReplayFailure);
        Assert.Equal(notifications, NotificationActivities(history));
        Assert.Contains(history.Events, e => e.MarkerRecordedEventAttributes is { MarkerName: "core_patch" } marker
            && marker.Details["patch-data"].Payloads_[0].Data.ToStringUtf8().Contains("\"notifications\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReplayWorkflowAsync_FailedRunHistory_NotifiesBeforeFailing()
    {
        var history = LoadHistory("pipeline-notifications-run-failed.json");
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = ContentFlowsDataConverter.Plain }.AddWorkflow<PipelineWorkflow>());

        Assert.Null((await replayer.ReplayWorkflowAsync(history)).ReplayFailure);

        // The run-failed notification is the last activity: scheduled after the stage failed, before the workflow failed.
        var lastActivity = history.Events.Last(e => e.EventType == EventType.ActivityTaskScheduled);
        Assert.Equal(NotificationActivityNames.Send, lastActivity.ActivityTaskScheduledEventAttributes.ActivityType.Name);
        Assert.Equal(EventType.WorkflowExecutionFailed, history.Events.Last().EventType);
    }

    [Fact]
    public async Task ReplayWorkflowAsync_FinishedBatch_ReplaysWithBatchFinishedNotification()
    {
        var history = LoadHistory("batch-notifications.json");
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = ContentFlowsDataConverter.Plain }.AddWorkflow<BatchWorkflow>());

        var replay = await replayer.ReplayWorkflowAsync(history);

        Assert.Null(replay.ReplayFailure);
        Assert.Equal(1, NotificationActivities(history));
        Assert.Equal(EventType.WorkflowExecutionCompleted, history.Events.Last().EventType);
    }

    [Fact]
    public async Task ReplayWorkflowAsync_NotificationActivityRemoved_FailsAsNondeterministic()
    {
        // As if recorded by code that sent no notification: today's code schedules one the history does not have.
        var history = LoadHistory("pipeline-notifications-escalated.json");
        var scheduled = history.Events.First(e => e.ActivityTaskScheduledEventAttributes?.ActivityType.Name == NotificationActivityNames.Send);
        scheduled.ActivityTaskScheduledEventAttributes.ActivityType.Name = "run.update-state";
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = ContentFlowsDataConverter.Plain }.AddWorkflow<PipelineWorkflow>());

        var replay = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        Assert.IsType<WorkflowNondeterminismException>(replay.ReplayFailure);
    }

    private static int NotificationActivities(WorkflowHistory history) =>
        history.Events.Count(e => e.ActivityTaskScheduledEventAttributes?.ActivityType.Name == NotificationActivityNames.Send);

    private static WorkflowHistory LoadHistory(string fileName) =>
        WorkflowHistory.FromJson(Path.GetFileNameWithoutExtension(fileName), File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Histories", fileName)));
}
