using ContentFlows.Workflows.Pipelines;
using ContentFlows.Workflows.Schedules;
using Temporalio.Converters;
using Temporalio.Api.Enums.V1;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace ContentFlows.Workflows.Tests.Schedules;

/// <summary>
/// Replays the recorded actions of Temporal Schedules (recorded by tests/Api Schedules: a scheduled pipeline action and
/// a catalogue intake action) against today's workflow code; a change to their command sequences fails here.
/// </summary>
public sealed class ScheduleWorkflowReplayTests
{
    [Fact]
    public async Task ReplayWorkflowAsync_ScheduledPipelineAction_ReplaysPrepareThenTheChildPipeline()
    {
        var history = LoadHistory("scheduled-pipeline.json");

        var replay = await Replayer<ScheduledPipelineWorkflow>().ReplayWorkflowAsync(history);

        Assert.Null(replay.ReplayFailure);
        Assert.Equal(
            [EventType.ActivityTaskScheduled, EventType.StartChildWorkflowExecutionInitiated],
            history.Events.Where(e => e.EventType is EventType.ActivityTaskScheduled or EventType.StartChildWorkflowExecutionInitiated).Select(e => e.EventType));
        var result = ContentFlowsDataConverter.Plain.PayloadConverter.ToValue<ScheduledPipelineResult>(history.Events.Last().WorkflowExecutionCompletedEventAttributes.Result.Payloads_.Single());
        Assert.Equal(PipelineRunState.Completed, result.State);
    }

    [Fact]
    public async Task ReplayWorkflowAsync_ScheduledPipelineActionRecordedUnderAnotherActivity_FailsAsNondeterministic()
    {
        var history = LoadHistory("scheduled-pipeline.json");

        // As if recorded by code that prepared the run under another activity name: today's command no longer matches.
        history.Events.Single(e => e.EventType == EventType.ActivityTaskScheduled).ActivityTaskScheduledEventAttributes.ActivityType.Name = "schedule.prepare-v0";

        var replay = await Replayer<ScheduledPipelineWorkflow>().ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        Assert.IsType<WorkflowNondeterminismException>(replay.ReplayFailure);
    }

    [Fact]
    public async Task ReplayWorkflowAsync_CatalogueIntakeAction_ReplaysTheOneImportActivity()
    {
        var history = LoadHistory("catalogue-intake.json");

        var replay = await Replayer<CatalogueIntakeWorkflow>().ReplayWorkflowAsync(history);

        Assert.Null(replay.ReplayFailure);
        var scheduled = Assert.Single(history.Events, e => e.EventType == EventType.ActivityTaskScheduled);
        Assert.Equal(ScheduleActivityNames.ImportCatalogueFeed, scheduled.ActivityTaskScheduledEventAttributes.ActivityType.Name);
        var result = ContentFlowsDataConverter.Plain.PayloadConverter.ToValue<CatalogueIntakeResult>(history.Events.Last().WorkflowExecutionCompletedEventAttributes.Result.Payloads_.Single());
        Assert.Equal(2, result.NewItems);
    }

    [Fact]
    public async Task ReplayWorkflowAsync_CatalogueIntakeRecordedUnderAnotherActivity_FailsAsNondeterministic()
    {
        var history = LoadHistory("catalogue-intake.json");

        // As if recorded by code that imported under another activity: today's command no longer matches the recorded one.
        var scheduled = history.Events.Single(e => e.EventType == EventType.ActivityTaskScheduled);
        scheduled.ActivityTaskScheduledEventAttributes.ActivityType.Name = "intake.wait";

        var replay = await Replayer<CatalogueIntakeWorkflow>().ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        Assert.IsType<WorkflowNondeterminismException>(replay.ReplayFailure);
    }

    private static WorkflowReplayer Replayer<TWorkflow>() =>
        new(new WorkflowReplayerOptions { DataConverter = ContentFlowsDataConverter.Plain }.AddWorkflow<TWorkflow>());

    private static WorkflowHistory LoadHistory(string fileName) =>
        WorkflowHistory.FromJson(Path.GetFileNameWithoutExtension(fileName), File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Histories", fileName)));
}
