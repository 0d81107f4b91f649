using System.Text.Json;
using ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Exceptions;
using Xunit.Abstractions;

namespace ContentFlows.Temporal.InteropTests.DotNetSdk;

/// <summary>The official .NET client starts workflows the TS worker runs, and reads their results and failures.</summary>
[Collection(TypeScriptSdkCollection.Name)]
public sealed class CSharpClientInteropTests(TypeScriptSdkFixture fixture, ITestOutputHelper output)
    : DotNetSdkInteropTestBase(fixture, output)
{
    [Fact]
    public async Task ExecuteWorkflowAsync_TypeScriptWorkflowEchoesDraft_ResultKeepsNestedObjectAndListShape()
    {
        TemporalClient client = await ConnectAsync();
        DraftRequest draft = SampleDraft("draft-echo");
        string workflowId = NewWorkflowId("echo-draft");

        DraftEcho echo = await client.ExecuteWorkflowAsync<DraftEcho>(
            "echoDraftWorkflow", [draft], NewWorkflowOptions(workflowId, Fixture.TaskQueue));

        // What the TS workflow saw: camelCase names, as TS code writes them.
        Assert.Equal(["draftId", "title", "author", "sections", "tags"], echo.Seen.Keys);
        Assert.Equal(["name", "email"], echo.Seen.AuthorKeys);
        Assert.Equal(["heading", "wordCount"], echo.Seen.SectionKeys);
        // What came back: the same values in the same shape.
        Assert.Equal(JsonSerializer.Serialize(draft, WireJson), JsonSerializer.Serialize(echo.Draft, WireJson));
        WorkflowHistory history = await client.GetWorkflowHandle(workflowId).FetchHistoryAsync();
        JsonElement input = PayloadJson(history, EventType.WorkflowExecutionStarted, e => e.WorkflowExecutionStartedEventAttributes.Input);
        Assert.Equal(
            """{"draftId":"draft-echo","title":"Durable pipelines","author":{"name":"Ada Lovelace","email":"ada@example.com"},"sections":[{"heading":"Why","wordCount":120},{"heading":"How","wordCount":480}],"tags":["temporal","interop"]}""",
            input.GetRawText());
        JsonElement result = PayloadJson(history, EventType.WorkflowExecutionCompleted, e => e.WorkflowExecutionCompletedEventAttributes.Result);
        Assert.True(JsonElement.DeepEquals(input, result.GetProperty("draft")), $"The TS workflow returned {result} for {input}");
    }

    [Fact]
    public async Task SignalAndQueryAsync_TypeScriptWorkflowWaitsForApproval_AnswersQueryAndReturnsTheSignalledObject()
    {
        TemporalClient client = await ConnectAsync();
        WorkflowHandle handle = await client.StartWorkflowAsync(
            "approvalWorkflow", [], NewWorkflowOptions(NewWorkflowId("approval"), Fixture.TaskQueue));

        // Before the TS worker's first task completes the server holds the query for that task.
        string statusWhileWaiting = await handle.QueryAsync<string>("status", []);
        await handle.SignalAsync("approve", [new Approval("carol", "ship it")]);
        JsonElement result = await handle.GetResultAsync<JsonElement>();

        Assert.Equal("waiting for approval", statusWhileWaiting);
        Assert.Equal("""{"approvedBy":"carol","comment":"ship it","status":"approved"}""", result.GetRawText());
        WorkflowHistory history = await handle.FetchHistoryAsync();
        JsonElement signalled = PayloadJson(history, EventType.WorkflowExecutionSignaled, e => e.WorkflowExecutionSignaledEventAttributes.Input);
        Assert.Equal("""{"by":"carol","comment":"ship it"}""", signalled.GetRawText());
    }

    [Fact]
    public async Task CancelAsync_TypeScriptWorkflowSleeping_GetResultThrowsWorkflowFailedWithCanceledFailure()
    {
        TemporalClient client = await ConnectAsync();
        WorkflowHandle handle = await client.StartWorkflowAsync(
            "cancellableWorkflow", [], NewWorkflowOptions(NewWorkflowId("cancel-ts"), Fixture.TaskQueue));

        await handle.CancelAsync();
        WorkflowFailedException error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync<string>());

        Assert.IsType<CanceledFailureException>(error.InnerException);
        WorkflowHistory history = await handle.FetchHistoryAsync();
        Assert.Equal(EventType.WorkflowExecutionCanceled, history.Events.Last().EventType);
        // The TS workflow's cleanup activity ran before it acknowledged the cancellation.
        Assert.Contains(history.Events, e => e.EventType == EventType.ActivityTaskCompleted);
    }

    [Fact]
    public async Task GetResultAsync_TypeScriptWorkflowThrowsApplicationFailure_ThrowsWorkflowFailedWithTypeNonRetryableAndDetails()
    {
        TemporalClient client = await ConnectAsync();
        string workflowId = NewWorkflowId("reject-draft");
        WorkflowHandle handle = await client.StartWorkflowAsync(
            "rejectDraftWorkflow",
            ["DraftTooLong", "the title is too long", new RejectionDetail("title", 80)],
            NewWorkflowOptions(workflowId, Fixture.TaskQueue));

        WorkflowFailedException error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync<DraftEcho>());

        ApplicationFailureException failure = Assert.IsType<ApplicationFailureException>(error.InnerException);
        Assert.Equal("DraftTooLong", failure.ErrorType);
        Assert.Equal("the title is too long", failure.Message);
        Assert.True(failure.NonRetryable);
        Assert.Equal(2, failure.Details.Count);
        Assert.Equal(new RejectionDetail("title", 80), failure.Details.ElementAt<RejectionDetail>(0));
        Assert.Equal("second detail", failure.Details.ElementAt<string>(1));
        Assert.Null(failure.InnerException);
        Assert.Equal("TypeScriptSDK", failure.Failure?.Source);
    }
}
