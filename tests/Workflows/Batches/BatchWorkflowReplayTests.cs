using ContentFlows.Temporal.Common;
using ContentFlows.Temporal.Worker;
using ContentFlows.Temporal.Exceptions;
using ContentFlows.Workflows.Batches;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Workflows.Tests.Batches;

/// <summary>
/// Replays a recorded first run of a 200-item batch (pause signal, failed children, continue-as-new at the history
/// budget) against today's code. Re-record with CONTENTFLOWS_RECORD_HISTORIES=1 and the batch end-to-end test in tests/Activities.
/// </summary>
public sealed class BatchWorkflowReplayTests
{
    private const string HistoryFile = "batch-continue-as-new.json";

    [Fact]
    public async Task ReplayWorkflowAsync_FirstRunOfA200ItemBatch_ReplaysToContinueAsNew()
    {
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<BatchWorkflow>());

        var replay = await replayer.ReplayWorkflowAsync(LoadHistory());

        Assert.Null(replay.ReplayFailure);
        Assert.True(replay.ContinuedAsNew);
    }

    [Fact]
    public async Task ReplayWorkflowAsync_ChildRecordedUnderAnotherId_FailsAsNondeterministic()
    {
        var history = LoadHistory();

        // As if recorded by code that named children differently: today's id no longer matches the recorded command.
        var started = history.Events.First(e => e.EventType == EventType.StartChildWorkflowExecutionInitiated);
        started.StartChildWorkflowExecutionInitiatedEventAttributes.WorkflowId += "-renamed";
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<BatchWorkflow>());

        var replay = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        Assert.IsType<WorkflowNondeterminismException>(replay.ReplayFailure);
    }

    private static WorkflowHistory LoadHistory() =>
        WorkflowHistory.FromJson(Path.GetFileNameWithoutExtension(HistoryFile), File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Histories", HistoryFile)));
}
