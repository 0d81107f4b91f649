using Temporalio.Common;
using Temporalio.Worker;
using Temporalio.Exceptions;
using ContentFlows.Workflows.Batches;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Workflows.Tests.Batches;

/// <summary>
/// Replays a recorded first run of a 200-item batch (pause signal, failed children, continue-as-new at the history
/// budget), a batch cancelled with children running and a batch with translations started from their master, against
/// today's code. Re-record with CONTENTFLOWS_RECORD_HISTORIES=1 and the batch end-to-end test in tests/Activities.
/// </summary>
public sealed class BatchWorkflowReplayTests
{
    private const string HistoryFile = "batch-continue-as-new.json";

    [Fact]
    public async Task ReplayWorkflowAsync_FirstRunOfA200ItemBatch_ReplaysToContinueAsNew()
    {
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = ContentFlowsDataConverter.Plain }.AddWorkflow<BatchWorkflow>());

        var history = LoadHistory();

        var replay = await replayer.ReplayWorkflowAsync(history);

        Assert.Null(replay.ReplayFailure);
        Assert.Equal(EventType.WorkflowExecutionContinuedAsNew, history.Events.Last().EventType);
    }

    [Fact]
    public async Task ReplayWorkflowAsync_ChildRecordedUnderAnotherId_FailsAsNondeterministic()
    {
        var history = LoadHistory();

        // As if recorded by code that named children differently: today's id no longer matches the recorded command.
        var started = history.Events.First(e => e.EventType == EventType.StartChildWorkflowExecutionInitiated);
        started.StartChildWorkflowExecutionInitiatedEventAttributes.WorkflowId += "-renamed";
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = ContentFlowsDataConverter.Plain }.AddWorkflow<BatchWorkflow>());

        var replay = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        Assert.IsType<WorkflowNondeterminismException>(replay.ReplayFailure);
    }

    [Theory]
    [InlineData("batch-cancel-running-children.json", "batch-cancel-running-children")]
    [InlineData("batch-translate-from-master.json", "batch-translate-from-master")]
    public async Task ReplayWorkflowAsync_PatchedPath_ReplaysWithItsMarker(string file, string patchId)
    {
        var history = LoadHistory(file);
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = ContentFlowsDataConverter.Plain }.AddWorkflow<BatchWorkflow>());

        var replay = await replayer.ReplayWorkflowAsync(history);

        Assert.Null(replay.ReplayFailure);
        var marker = Assert.Single(history.Events, e => e.EventType == EventType.MarkerRecorded);
        Assert.Contains(patchId, marker.MarkerRecordedEventAttributes.Details["patch-data"].Payloads_[0].Data.ToStringUtf8(), StringComparison.Ordinal);
    }

    private static WorkflowHistory LoadHistory(string file = HistoryFile) =>
        WorkflowHistory.FromJson(Path.GetFileNameWithoutExtension(file), File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Histories", file)));
}
