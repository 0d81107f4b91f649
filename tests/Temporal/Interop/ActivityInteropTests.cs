using System.Text.Json;
using Xunit.Abstractions;
using static ContentFlows.Temporal.InteropTests.ScenarioResponse;

namespace ContentFlows.Temporal.InteropTests;

/// <summary>Activities run by the official TS worker through the dev server.</summary>
[Collection(TypeScriptSdkCollection.Name)]
public sealed class ActivityInteropTests(TypeScriptSdkFixture fixture, ITestOutputHelper output)
    : InteropTestBase(fixture, output)
{
    [Fact]
    public async Task Activity_WorkflowRunsOneActivity_ReturnsActivityResultWithCanonicalHistory()
    {
        ScenarioResponse response = await RunAsync("activity", new { name = "interop" });

        JsonElement result = response.ExpectSuccess();
        Assert.Equal("Hello, interop!", result.GetString());
        Assert.Equal(
            [
                "WorkflowExecutionStarted", "WorkflowTaskScheduled", "WorkflowTaskStarted", "WorkflowTaskCompleted",
                "ActivityTaskScheduled", "ActivityTaskStarted", "ActivityTaskCompleted",
                "WorkflowTaskScheduled", "WorkflowTaskStarted", "WorkflowTaskCompleted", "WorkflowExecutionCompleted",
            ],
            response.History);
        JsonElement scheduled = response.SingleEvent("ActivityTaskScheduled");
        Assert.Equal("greet", Text(scheduled, "activityType.name"));
        Assert.Equal("interop", Get(scheduled, "input.payloads.0.json").GetString());
        Assert.Equal(1, Get(response.SingleEvent("ActivityTaskStarted"), "attempt").GetInt32());
        Assert.Equal("Hello, interop!", Get(response.SingleEvent("ActivityTaskCompleted"), "result.payloads.0.json").GetString());
        Assert.Equal("Hello, interop!", Get(response.SingleEvent("WorkflowExecutionCompleted"), "result.payloads.0.json").GetString());
    }

    [Fact]
    public async Task Activity_FailsTwiceThenSucceeds_HistoryShowsOneStartWithAttemptThreeAndTheResult()
    {
        ScenarioResponse response = await RunAsync("activityRetry");

        JsonElement result = response.ExpectSuccess();
        Assert.Equal(3, Get(result, "succeededOnAttempt").GetInt32());
        // Retried attempts leave no events: only the last attempt's start and its outcome are written.
        Assert.Equal(3, Get(response.SingleEvent("ActivityTaskStarted"), "attempt").GetInt32());
        Assert.DoesNotContain("ActivityTaskFailed", response.History);
        Assert.Equal(3, Get(response.SingleEvent("ActivityTaskCompleted"), "result.payloads.0.json.succeededOnAttempt").GetInt32());
        AssertInOrder(response.History, "ActivityTaskScheduled", "ActivityTaskStarted", "ActivityTaskCompleted", "WorkflowExecutionCompleted");
    }

    [Fact]
    public async Task Activity_ThrowsNonRetryableApplicationFailure_ClientSeesWorkflowFailedActivityFailureApplicationFailure()
    {
        ScenarioResponse response = await RunAsync(
            "activityNonRetryable", new { type = "InvalidInput", message = "the input is not valid" });

        JsonElement error = response.ExpectFailure();
        Assert.Equal(["WorkflowFailedError", "ActivityFailure", "ApplicationFailure"], FailureChain(error));
        Assert.Equal("failNonRetryable", Text(error, "cause.activityType"));
        Assert.Equal("NON_RETRYABLE_FAILURE", Text(error, "cause.retryState"));
        Assert.Equal("InvalidInput", Text(error, "cause.cause.type"));
        Assert.Equal("the input is not valid", Text(error, "cause.cause.message"));
        Assert.True(Get(error, "cause.cause.nonRetryable").GetBoolean());
        Assert.Equal(1, Get(response.SingleEvent("ActivityTaskStarted"), "attempt").GetInt32());
        AssertInOrder(response.History, "ActivityTaskScheduled", "ActivityTaskStarted", "ActivityTaskFailed", "WorkflowExecutionFailed");
        Assert.Equal("RETRY_STATE_NON_RETRYABLE_FAILURE", Text(response.SingleEvent("ActivityTaskFailed"), "retryState"));
    }

    [Fact]
    public async Task Activity_StopsHeartbeating_FailsWithHeartbeatTimeoutAfterOneAttempt()
    {
        ScenarioResponse response = await RunAsync("heartbeatTimeout");

        JsonElement error = response.ExpectFailure();
        Assert.Equal(["WorkflowFailedError", "ActivityFailure", "TimeoutFailure"], FailureChain(error));
        Assert.Equal("heartbeatOnceThenStall", Text(error, "cause.activityType"));
        Assert.Equal("MAXIMUM_ATTEMPTS_REACHED", Text(error, "cause.retryState"));
        Assert.Equal("HEARTBEAT", Text(error, "cause.cause.timeoutType"));
        Assert.Equal("alive once", Get(error, "cause.cause.lastHeartbeatDetails").GetString());
        AssertInOrder(response.History, "ActivityTaskScheduled", "ActivityTaskStarted", "ActivityTaskTimedOut", "WorkflowExecutionFailed");
        JsonElement timedOut = response.SingleEvent("ActivityTaskTimedOut");
        Assert.Equal("TIMEOUT_TYPE_HEARTBEAT", Text(timedOut, "failure.timeoutFailureInfo.timeoutType"));
    }

    [Fact]
    public async Task Describe_ActivityRunning_ShowsOnePendingActivityWithTypeAndAttempt()
    {
        ScenarioResponse response = await RunAsync("describePendingActivity");

        JsonElement result = response.ExpectSuccess();
        Assert.Equal("RUNNING", Text(result, "status"));
        JsonElement pending = Get(result, "pendingActivities");
        Assert.Equal(1, pending.GetArrayLength());
        Assert.Equal("heartbeatUntilCancelled", Text(pending[0], "activityType.name"));
        Assert.Equal(1, Get(pending[0], "attempt").GetInt32());
        Assert.Equal("PENDING_ACTIVITY_STATE_STARTED", Text(pending[0], "state"));
    }
}
