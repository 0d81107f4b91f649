using System.Globalization;
using System.Text.Json;
using Xunit.Abstractions;
using static ContentFlows.Temporal.InteropTests.ScenarioResponse;

namespace ContentFlows.Temporal.InteropTests;

/// <summary>Workflow features (timers, signals, queries, children, cancellation, continue-as-new, terminate, timeouts) through the dev server.</summary>
[Collection(TypeScriptSdkCollection.Name)]
public sealed class WorkflowInteropTests(TypeScriptSdkFixture fixture, ITestOutputHelper output)
    : InteropTestBase(fixture, output)
{
    [Fact]
    public async Task Timer_SleepOneSecond_FiresAfterASecondWithTimerEvents()
    {
        ScenarioResponse response = await RunAsync("timer", new { ms = 1000 });

        Assert.Equal("slept 1000 ms", response.ExpectSuccess().GetString());
        Assert.Equal(
            [
                "WorkflowExecutionStarted", "WorkflowTaskScheduled", "WorkflowTaskStarted", "WorkflowTaskCompleted",
                "TimerStarted", "TimerFired",
                "WorkflowTaskScheduled", "WorkflowTaskStarted", "WorkflowTaskCompleted", "WorkflowExecutionCompleted",
            ],
            response.History);
        Assert.Equal("1s", Text(response.SingleEvent("TimerStarted"), "startToFireTimeout"));
        Assert.True(EventTime(response, "TimerFired") - EventTime(response, "TimerStarted") >= TimeSpan.FromMilliseconds(950), "The timer fired early");
    }

    [Fact]
    public async Task Signal_WorkflowWaitsOnCondition_ResultCarriesTheSignalPayload()
    {
        ScenarioResponse response = await RunAsync("signal", new { approval = new { by = "alice", comment = "ship it" } });

        JsonElement result = response.ExpectSuccess();
        Assert.Equal("alice", Text(result, "approvedBy"));
        Assert.Equal("ship it", Text(result, "comment"));
        JsonElement signaled = response.SingleEvent("WorkflowExecutionSignaled");
        Assert.Equal("approve", Text(signaled, "signalName"));
        Assert.Equal("alice", Text(signaled, "input.payloads.0.json.by"));
        AssertInOrder(response.History, "WorkflowExecutionStarted", "WorkflowExecutionSignaled", "WorkflowExecutionCompleted");
    }

    [Fact]
    public async Task SignalWithStart_NewWorkflow_StartsItWithTheSignalDelivered()
    {
        ScenarioResponse response = await RunAsync("signalWithStart", new { approval = new { by = "bob", comment = "started by a signal" } });

        JsonElement result = response.ExpectSuccess();
        Assert.Equal("bob", Text(result, "approvedBy"));
        Assert.Equal("started by a signal", Text(result, "comment"));
        Assert.Equal(response.RunId, Text(response.Extra, "signaledRunId"));
        Assert.Equal(["WorkflowExecutionStarted", "WorkflowExecutionSignaled", "WorkflowTaskScheduled"], response.History.Take(3));
    }

    [Fact]
    public async Task Query_WorkflowWaitingForSignal_AnswersWithCurrentState()
    {
        ScenarioResponse response = await RunAsync("query");

        JsonElement result = response.ExpectSuccess();
        Assert.Equal("waiting for approval", Text(result, "statusWhileWaiting"));
        Assert.Equal("query-test", Text(result, "result.approvedBy"));
        Assert.DoesNotContain(response.History, e => e.Contains("Query", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChildWorkflow_ChildSucceeds_ParentReturnsTheChildResult()
    {
        ScenarioResponse response = await RunAsync("childWorkflow", new { input = new { fail = false, value = "42" } });

        JsonElement result = response.ExpectSuccess();
        Assert.Equal("child got 42", Text(result, "childResult"));
        AssertInOrder(
            response.History,
            "StartChildWorkflowExecutionInitiated", "ChildWorkflowExecutionStarted", "ChildWorkflowExecutionCompleted", "WorkflowExecutionCompleted");
        JsonElement childHistory = response.Extra.GetProperty("childHistory");
        JsonElement childStarted = SingleEvent(childHistory, "WorkflowExecutionStarted");
        Assert.Equal(response.WorkflowId, Text(childStarted, "parentWorkflowExecution.workflowId"));
        Assert.Equal("childWorkflow", Text(childStarted, "workflowType.name"));
        Assert.Equal("WorkflowExecutionCompleted", EventTypes(childHistory)[^1]);
    }

    [Fact]
    public async Task ChildWorkflow_ChildFails_ParentSeesChildWorkflowFailureWithApplicationFailureCause()
    {
        ScenarioResponse response = await RunAsync(
            "childWorkflow", new { input = new { fail = true, message = "child broke on purpose", value = "7" } });

        JsonElement failure = response.ExpectSuccess().GetProperty("childFailure");
        Assert.Equal("ChildWorkflowFailure", Text(failure, "name"));
        Assert.Equal("childWorkflow", Text(failure, "workflowType"));
        Assert.Equal("ApplicationFailure", Text(failure, "cause.name"));
        Assert.Equal("ChildBroke", Text(failure, "cause.type"));
        Assert.Equal("child broke on purpose", Text(failure, "cause.message"));
        AssertInOrder(
            response.History,
            "StartChildWorkflowExecutionInitiated", "ChildWorkflowExecutionStarted", "ChildWorkflowExecutionFailed", "WorkflowExecutionCompleted");
        Assert.Equal("WorkflowExecutionFailed", EventTypes(response.Extra.GetProperty("childHistory"))[^1]);
    }

    [Fact]
    public async Task Cancellation_WorkflowCleansUpInNonCancellableScope_ClientSeesCancelledFailureAndHistoryHasCleanup()
    {
        ScenarioResponse response = await RunAsync("cancellation");

        JsonElement error = response.ExpectFailure();
        Assert.Equal(["WorkflowFailedError", "CancelledFailure"], FailureChain(error));
        AssertInOrder(
            response.History,
            "TimerStarted",
            "WorkflowExecutionCancelRequested",
            "TimerCanceled",
            "ActivityTaskScheduled",
            "ActivityTaskStarted",
            "ActivityTaskCompleted",
            "WorkflowExecutionCanceled");
        Assert.Equal("WorkflowExecutionCanceled", response.History[^1]);
        Assert.Equal("cleanup", Text(response.SingleEvent("ActivityTaskScheduled"), "activityType.name"));
        Assert.Equal($"cleaned up {response.WorkflowId}", Text(response.SingleEvent("ActivityTaskCompleted"), "result.payloads.0.json"));
    }

    [Fact]
    public async Task ContinueAsNew_ThreeTimes_ResultFollowsTheChainToTheFourthRun()
    {
        ScenarioResponse response = await RunAsync("continueAsNew", new { times = 3 });

        JsonElement result = response.ExpectSuccess();
        Assert.Equal(3, Get(result, "iterations").GetInt32());
        Assert.Equal(response.RunId, Text(result, "firstExecutionRunId"));
        Assert.NotEqual(response.RunId, Text(result, "runId"));
        Assert.Equal(Text(result, "runId"), Text(response.Extra, "latestRunId"));

        Assert.Equal("WorkflowExecutionContinuedAsNew", response.History[^1]);
        JsonElement continued = response.SingleEvent("WorkflowExecutionContinuedAsNew");
        Assert.False(string.IsNullOrEmpty(Text(continued, "newExecutionRunId")));
        Assert.Equal(1, Get(continued, "input.payloads.0.json").GetInt32());

        JsonElement latest = response.Extra.GetProperty("latestRunHistory");
        JsonElement latestStarted = SingleEvent(latest, "WorkflowExecutionStarted");
        Assert.Equal(response.RunId, Text(latestStarted, "firstExecutionRunId"));
        Assert.Equal(Text(result, "continuedFromExecutionRunId"), Text(latestStarted, "continuedExecutionRunId"));
        Assert.Equal("WorkflowExecutionCompleted", EventTypes(latest)[^1]);
    }

    [Fact]
    public async Task Terminate_RunningWorkflow_ResultRejectsWithTerminatedFailureAndDescribeShowsTerminated()
    {
        ScenarioResponse response = await RunAsync("terminate", new { reason = "stopped by the interop test" });

        JsonElement result = response.ExpectSuccess();
        Assert.False(Get(result, "resultResolved").GetBoolean());
        JsonElement error = result.GetProperty("resultError");
        Assert.Equal(["WorkflowFailedError", "TerminatedFailure"], FailureChain(error));
        Assert.Equal("stopped by the interop test", Text(error, "message"));
        Assert.Equal("TERMINATED", Text(result, "status"));
        Assert.Equal("WorkflowExecutionTerminated", response.History[^1]);
        Assert.Equal("stopped by the interop test", Text(response.SingleEvent("WorkflowExecutionTerminated"), "reason"));
    }

    [Fact]
    public async Task RunTimeout_WorkflowSleepsPastTwoSecondRunTimeout_ClientSeesTimeoutFailureStartToClose()
    {
        ScenarioResponse response = await RunAsync("runTimeout", new { runTimeout = "2s" });

        JsonElement error = response.ExpectFailure();
        Assert.Equal(["WorkflowFailedError", "TimeoutFailure"], FailureChain(error));
        // @temporalio/client builds this TimeoutFailure itself (workflow-client.js, on WorkflowExecutionTimedOut)
        // and takes the retry state from the event: no retry policy was set.
        Assert.Equal("START_TO_CLOSE", Text(error, "cause.timeoutType"));
        Assert.Equal("RETRY_POLICY_NOT_SET", Text(error, "retryState"));
        Assert.Equal("TIMED_OUT", Text(response.Extra, "status"));
        Assert.Equal("WorkflowExecutionTimedOut", response.History[^1]);
        Assert.Equal("2s", Text(response.SingleEvent("WorkflowExecutionStarted"), "workflowRunTimeout"));
        TimeSpan ranFor = EventTime(response, "WorkflowExecutionTimedOut") - EventTime(response, "WorkflowExecutionStarted");
        Assert.InRange(ranFor, TimeSpan.FromMilliseconds(1950), TimeSpan.FromSeconds(30));
    }

    private static DateTimeOffset EventTime(ScenarioResponse response, string eventType)
    {
        JsonElement @event = response.Root.GetProperty("events").EnumerateArray()
            .Single(e => e.GetProperty("eventType").GetString() == eventType);
        return DateTimeOffset.Parse(Text(@event, "eventTime"), CultureInfo.InvariantCulture);
    }
}
