using System.Text.Json;
using ContentFlows.Temporal.InteropTests.DotNetSdk.Workflows;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Worker;
using Xunit.Abstractions;
using static ContentFlows.Temporal.InteropTests.ScenarioResponse;

namespace ContentFlows.Temporal.InteropTests.DotNetSdk;

/// <summary>The TS client starts, signals and queries a workflow the C# worker runs, and reads its result or failure.</summary>
[Collection(TypeScriptSdkCollection.Name)]
public sealed class TypeScriptClientInteropTests(TypeScriptSdkFixture fixture, ITestOutputHelper output)
    : DotNetSdkInteropTestBase(fixture, output)
{
    [Fact]
    public async Task SignalAndQuery_TypeScriptClientApproves_SeesCamelCaseStateAndResult()
    {
        TemporalClient client = await ConnectAsync();
        string taskQueue = NewTaskQueue();
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<ReviewWorkflow>());

        ScenarioResponse response = await worker.ExecuteAsync(() => RunAsync("signalAndQueryOnTaskQueue", Drive(taskQueue, "draft-1", approved: true)));

        JsonElement result = response.ExpectSuccess();
        JsonElement before = result.GetProperty("queryBefore");
        Assert.Equal(["status", "decisionCount", "lastDecision"], PropertyNames(before));
        Assert.Equal("waiting", Text(before, "status"));
        Assert.Equal(0, before.GetProperty("decisionCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("lastDecision").ValueKind);
        JsonElement outcome = result.GetProperty("result");
        Assert.Equal(["draftId", "status", "decision"], PropertyNames(outcome));
        Assert.Equal("draft-1", Text(outcome, "draftId"));
        Assert.Equal("approved", Text(outcome, "status"));
        AssertDecision(outcome.GetProperty("decision"), approved: true);
        // Asked again after the run closed: the C# worker replays the history to answer.
        JsonElement after = result.GetProperty("queryAfter");
        Assert.Equal("approved", Text(after, "status"));
        Assert.Equal(1, after.GetProperty("decisionCount").GetInt32());
        AssertDecision(after.GetProperty("lastDecision"), approved: true);
        Assert.Equal("SubmitDecision", Text(response.SingleEvent("WorkflowExecutionSignaled"), "signalName"));
        Assert.Equal("ReviewWorkflow", Text(response.SingleEvent("WorkflowExecutionStarted"), "workflowType.name"));
        Assert.Equal(taskQueue, Text(response.SingleEvent("WorkflowExecutionStarted"), "taskQueue.name"));
    }

    [Fact]
    public async Task Result_CSharpWorkflowThrowsApplicationFailure_TypeScriptSeesWorkflowFailedErrorWithTypeAndDetails()
    {
        TemporalClient client = await ConnectAsync();
        string taskQueue = NewTaskQueue();
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<ReviewWorkflow>());

        ScenarioResponse response = await worker.ExecuteAsync(() => RunAsync("signalAndQueryOnTaskQueue", Drive(taskQueue, "draft-2", approved: false)));

        JsonElement error = response.ExpectFailure();
        Assert.Equal(["WorkflowFailedError", "ApplicationFailure"], FailureChain(error));
        Assert.Equal("DraftRejected", Text(error, "cause.type"));
        Assert.Equal("draft-2 rejected by alice", Text(error, "cause.message"));
        Assert.True(Get(error, "cause.nonRetryable").GetBoolean());
        JsonElement details = Get(error, "cause.details");
        Assert.Equal(2, details.GetArrayLength());
        Assert.Equal(["reviewer", "approved", "notes", "scores"], PropertyNames(details[0]));
        AssertDecision(details[0], approved: false);
        Assert.Equal(1, details[1].GetInt32());
        Assert.Equal("waiting", Text(response.Extra, "queryBefore.status"));
        JsonElement failed = response.SingleEvent("WorkflowExecutionFailed");
        // The official .NET SDK leaves the failure's source empty (TS writes "TypeScriptSDK"); its stack trace is .NET's.
        Assert.False(Get(failed, "failure").TryGetProperty("source", out _), $"Unexpected failure.source in {failed}");
        Assert.Contains("ReviewWorkflow.RunAsync", Text(failed, "failure.stackTrace"), StringComparison.Ordinal);
        Assert.Equal("DraftRejected", Text(failed, "failure.applicationFailureInfo.type"));
    }

    private static object Drive(string taskQueue, string draftId, bool approved) => new
    {
        workflowType = "ReviewWorkflow",
        taskQueue,
        args = new[] { draftId },
        signal = "SubmitDecision",
        // Written as a TS client would: plain camelCase JSON.
        signalArgs = new[] { new { reviewer = "alice", approved, notes = new[] { "tight", "on brand" }, scores = new { clarity = 4, accuracy = 5 } } },
        query = "State",
    };

    private static void AssertDecision(JsonElement decision, bool approved)
    {
        Assert.Equal("alice", Text(decision, "reviewer"));
        Assert.Equal(approved, decision.GetProperty("approved").GetBoolean());
        Assert.Equal(["tight", "on brand"], decision.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(["clarity", "accuracy"], PropertyNames(decision.GetProperty("scores")));
        Assert.Equal(4, decision.GetProperty("scores").GetProperty("clarity").GetInt32());
        Assert.Equal(5, decision.GetProperty("scores").GetProperty("accuracy").GetInt32());
    }
}
