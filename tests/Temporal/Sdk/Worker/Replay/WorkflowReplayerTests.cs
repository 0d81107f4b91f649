using ContentFlows.Temporal.Exceptions;
using ContentFlows.Temporal.Tests.Workflows;
using ContentFlows.Temporal.Tests.Workflows.TestWorkflows;
using ContentFlows.Temporal.Worker;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.Tests.Worker.Replay;

public class WorkflowReplayerTests
{
    [Fact]
    public async Task ReplayWorkflowAsync_RecordedGreetingHistory_ReproducesResult()
    {
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<GreetingWorkflow>());

        var result = await replayer.ReplayWorkflowAsync(RecordedHistories.Load("greeting-built.json", "greeting-ada"));

        Assert.Null(result.ReplayFailure);
        Assert.True(result.Completed);
        Assert.Equal("Hello, Ada!", result.GetResult<string>());
    }

    [Fact]
    public async Task ReplayWorkflowAsync_TimerMovedBeforeActivity_ThrowsNondeterminism()
    {
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<GreetingTimerFirstWorkflow>());

        var error = await Assert.ThrowsAsync<WorkflowNondeterminismException>(
            () => replayer.ReplayWorkflowAsync(RecordedHistories.Load("greeting-built.json", "greeting-ada")));

        Assert.Contains("history event 5 is ActivityTaskScheduled (activity type \"ComposeGreeting\", activity id \"1\")", error.Message, StringComparison.Ordinal);
        Assert.Contains("the workflow issued StartTimer (timer id \"1\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayWorkflowAsync_NotThrowing_ReportsFailureInResult()
    {
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<GreetingTimerFirstWorkflow>());

        var results = await replayer.ReplayWorkflowsAsync([RecordedHistories.Load("greeting-built.json", "greeting-ada")]);

        Assert.IsType<WorkflowNondeterminismException>(Assert.Single(results).ReplayFailure);
    }

    [Fact]
    public async Task ReplayWorkflowAsync_WorkflowIssuesMoreCommandsThanRecorded_ThrowsNondeterminism()
    {
        // Recorded: the first task completed with no command at all.
        var history = new HistoryBuilder().Started("Greeting", "Ada").WorkflowTask().WorkflowTaskCompleted();
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<GreetingWorkflow>());

        var error = await Assert.ThrowsAsync<WorkflowNondeterminismException>(() => replayer.ReplayWorkflowAsync("wf-1", history.Events));

        Assert.Contains("issued ScheduleActivityTask", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayWorkflowAsync_FailedRun_ReportsWorkflowFailure()
    {
        var history = new HistoryBuilder().Started("FaultyWorkflow", "application").WorkflowTask().WorkflowTaskCompleted();
        history.Add(EventType.WorkflowExecutionFailed, e => e.WorkflowExecutionFailedEventAttributes = new WorkflowExecutionFailedEventAttributes
        {
            Failure = new Failure { Message = "bad input", ApplicationFailureInfo = new ApplicationFailureInfo { Type = "BadInput", NonRetryable = true } },
        });
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<FaultyWorkflow>());

        var result = await replayer.ReplayWorkflowAsync("wf-1", history.Events);

        var failure = Assert.IsType<ApplicationFailureException>(result.Failure);
        Assert.Equal("BadInput", failure.ErrorType);
        Assert.Throws<InvalidOperationException>(() => result.GetResult<string>());
    }

    [Fact]
    public async Task ReplayWorkflowAsync_PatchMarkerInHistory_TakesNewPath()
    {
        var history = new HistoryBuilder().Started("Patchable").WorkflowTask().WorkflowTaskCompleted();
        history.Add(EventType.MarkerRecorded, e =>
        {
            e.MarkerRecordedEventAttributes = new MarkerRecordedEventAttributes { MarkerName = "core_patch" };
            var payload = new Temporalio.Api.Common.V1.Payload { Data = Google.Protobuf.ByteString.CopyFromUtf8("{\"id\":\"use-timer\",\"deprecated\":false}") };
            payload.Metadata["encoding"] = Google.Protobuf.ByteString.CopyFromUtf8("json/plain");
            e.MarkerRecordedEventAttributes.Details["patch-data"] = new Temporalio.Api.Common.V1.Payloads { Payloads_ = { payload } };
        });
        history.TimerStarted("1", TimeSpan.FromSeconds(5));
        history.TimerFired("1", history.LastEventId).WorkflowTask().WorkflowTaskCompleted();
        history.Add(EventType.WorkflowExecutionCompleted, e => e.WorkflowExecutionCompletedEventAttributes = new() { Result = HistoryBuilder.Payloads("new") });
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<PatchedWorkflow>());

        var result = await replayer.ReplayWorkflowAsync("wf-1", history.Events);

        Assert.Equal("new", result.GetResult<string>());
    }

    [Fact]
    public async Task ReplayWorkflowAsync_DevServerApprovalHistory_ReproducesResult()
    {
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<ApprovalWorkflow>());

        var result = await replayer.ReplayWorkflowAsync(RecordedHistories.Load("approval-devserver.json", "approval"));

        Assert.Equal("approved by grace", result.GetResult<string>());
    }

    [Fact]
    public async Task ReplayWorkflowAsync_DevServerApprovalHistoryWithoutTimer_ThrowsNondeterminism()
    {
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<ApprovalWithoutTimeoutWorkflow>());

        var error = await Assert.ThrowsAsync<WorkflowNondeterminismException>(
            () => replayer.ReplayWorkflowAsync(RecordedHistories.Load("approval-devserver.json", "approval")));

        Assert.Contains("is TimerStarted (timer id \"1\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("the workflow issued no such command", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Histories_EveryRecordedFile_IsCoveredByAReplayTest()
    {
        Assert.Equal(["approval-devserver.json", "greeting-built.json"], RecordedHistories.All().Order(StringComparer.Ordinal));
    }
}
