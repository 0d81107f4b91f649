using System.Text.Json;
using ContentFlows.Temporal.InteropTests.DotNetSdk.Payloads;
using ContentFlows.Temporal.InteropTests.DotNetSdk.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Worker;
using Xunit.Abstractions;
using static ContentFlows.Temporal.InteropTests.ScenarioResponse;

namespace ContentFlows.Temporal.InteropTests.DotNetSdk;

/// <summary>A workflow of one SDK calls an activity the other SDK's worker serves on another task queue.</summary>
[Collection(TypeScriptSdkCollection.Name)]
public sealed class CrossTaskQueueActivityInteropTests(TypeScriptSdkFixture fixture, ITestOutputHelper output)
    : DotNetSdkInteropTestBase(fixture, output)
{
    [Fact]
    public async Task ExecuteActivityAsync_CSharpWorkflowCallsTypeScriptActivity_ArgumentAndResultKeepTheirShape()
    {
        TemporalClient client = await ConnectAsync();
        string taskQueue = NewTaskQueue();
        string workflowId = NewWorkflowId("echo-via-ts");
        DraftRequest draft = SampleDraft("draft-activity");
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<EchoDraftViaTypeScriptWorkflow>());

        DraftEcho echo = await worker.ExecuteAsync(() => client.ExecuteWorkflowAsync(
            (EchoDraftViaTypeScriptWorkflow wf) => wf.RunAsync(Fixture.TaskQueue, draft), NewWorkflowOptions(workflowId, taskQueue)));

        Assert.Equal(["draftId", "title", "author", "sections", "tags"], echo.Seen.Keys);
        Assert.Equal(["name", "email"], echo.Seen.AuthorKeys);
        Assert.Equal(["heading", "wordCount"], echo.Seen.SectionKeys);
        Assert.Equal(JsonSerializer.Serialize(draft, WireJson), JsonSerializer.Serialize(echo.Draft, WireJson));
        WorkflowHistory history = await client.GetWorkflowHandle(workflowId).FetchHistoryAsync();
        HistoryEvent scheduled = Assert.Single(history.Events, e => e.EventType == EventType.ActivityTaskScheduled);
        Assert.Equal("echoDraft", scheduled.ActivityTaskScheduledEventAttributes.ActivityType.Name);
        Assert.Equal(Fixture.TaskQueue, scheduled.ActivityTaskScheduledEventAttributes.TaskQueue.Name);
        JsonElement argument = PayloadJson(history, EventType.ActivityTaskScheduled, e => e.ActivityTaskScheduledEventAttributes.Input);
        Assert.Equal(JsonSerializer.Serialize(draft, WireJson), argument.GetRawText());
        JsonElement result = PayloadJson(history, EventType.ActivityTaskCompleted, e => e.ActivityTaskCompletedEventAttributes.Result);
        Assert.True(JsonElement.DeepEquals(argument, result.GetProperty("draft")), $"The TS activity returned {result} for {argument}");
    }

    [Fact]
    public async Task ExecuteActivityAsync_TypeScriptActivityFailsNonRetryable_CSharpWorkflowCatchesActivityFailureWithApplicationFailure()
    {
        TemporalClient client = await ConnectAsync();
        string taskQueue = NewTaskQueue();
        string workflowId = NewWorkflowId("reject-via-ts");
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<RejectDraftViaTypeScriptWorkflow>());

        ActivityFailureReport report = await worker.ExecuteAsync(() => client.ExecuteWorkflowAsync(
            (RejectDraftViaTypeScriptWorkflow wf) => wf.RunAsync(Fixture.TaskQueue, "DraftOffBrand", new RejectionDetail("tone", 3)),
            NewWorkflowOptions(workflowId, taskQueue)));

        Assert.Equal(
            new ActivityFailureReport(
                "ActivityFailureException",
                "rejectDraft",
                nameof(RetryState.NonRetryableFailure),
                "ApplicationFailureException",
                "DraftOffBrand",
                "the draft breaks a rule",
                NonRetryable: true,
                new RejectionDetail("tone", 3),
                // TS sends a plain Error cause without failure info (and without its name): a bare FailureException, as in Temporal .NET.
                "FailureException: tone score 3 is below 5"),
            report);
        WorkflowHistory history = await client.GetWorkflowHandle(workflowId).FetchHistoryAsync();
        HistoryEvent failed = Assert.Single(history.Events, e => e.EventType == EventType.ActivityTaskFailed);
        Assert.Equal("TypeScriptSDK", failed.ActivityTaskFailedEventAttributes.Failure.Source);
        Assert.Equal(1, Assert.Single(history.Events, e => e.EventType == EventType.ActivityTaskStarted).ActivityTaskStartedEventAttributes.Attempt);
    }

    [Fact]
    public async Task ExecuteActivityAsync_TypeScriptActivityStopsHeartbeating_CSharpWorkflowCatchesHeartbeatTimeoutWithLastDetails()
    {
        TemporalClient client = await ConnectAsync();
        string taskQueue = NewTaskQueue();
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<StalledTypeScriptActivityWorkflow>());

        ActivityTimeoutReport report = await worker.ExecuteAsync(() => client.ExecuteWorkflowAsync(
            (StalledTypeScriptActivityWorkflow wf) => wf.RunAsync(Fixture.TaskQueue),
            NewWorkflowOptions(NewWorkflowId("stalled-ts-activity"), taskQueue)));

        Assert.Equal(
            new ActivityTimeoutReport(
                "ActivityFailureException",
                nameof(RetryState.MaximumAttemptsReached),
                "TimeoutFailureException",
                nameof(TimeoutType.Heartbeat),
                "alive once"),
            report);
    }

    [Fact]
    public async Task ExecuteActivityAsync_CSharpWorkflowCancelsTypeScriptActivity_TypeScriptAcknowledgesAndWorkflowCatchesCanceledFailure()
    {
        TemporalClient client = await ConnectAsync();
        string taskQueue = NewTaskQueue();
        string workflowId = NewWorkflowId("cancel-ts-activity");
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<CancelTypeScriptActivityWorkflow>());

        string caught = await worker.ExecuteAsync(() => client.ExecuteWorkflowAsync(
            (CancelTypeScriptActivityWorkflow wf) => wf.RunAsync(Fixture.TaskQueue), NewWorkflowOptions(workflowId, taskQueue)));

        Assert.Equal("ActivityFailureException heartbeatUntilCancelled > CanceledFailureException", caught);
        WorkflowHistory history = await client.GetWorkflowHandle(workflowId).FetchHistoryAsync();
        AssertInOrder(
            [.. history.Events.Select(e => e.EventType.ToString())],
            nameof(EventType.ActivityTaskScheduled),
            nameof(EventType.TimerFired),
            nameof(EventType.ActivityTaskCancelRequested),
            nameof(EventType.ActivityTaskCanceled),
            nameof(EventType.WorkflowExecutionCompleted));
        // Canceled by the TS worker (it had started the attempt), not by the server before a start.
        Assert.Contains(history.Events, e => e.EventType == EventType.ActivityTaskStarted);
    }

    [Fact]
    public async Task CallActivity_TypeScriptWorkflowCallsCSharpActivity_ArgumentAndResultKeepTheirShape()
    {
        TemporalClient client = await ConnectAsync();
        string taskQueue = NewTaskQueue();
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddAllActivities(new DraftActivities()));
        // Written as TS code would: plain camelCase JSON.
        var draft = new
        {
            draftId = "draft-ts",
            title = "From TypeScript",
            author = new { name = "Grace Hopper", email = "grace@example.com" },
            sections = new[] { new { heading = "Intro", wordCount = 50 }, new { heading = "Body", wordCount = 700 } },
            tags = new[] { "ts" },
        };

        ScenarioResponse response = await worker.ExecuteAsync(() => RunAsync(
            "callActivityOnTaskQueue", new { taskQueue, activity = "SummarizeDraft", args = new[] { draft } }));

        JsonElement result = response.ExpectSuccess();
        Assert.Equal(["draftId", "totalWords", "headings", "author"], result.GetProperty("resultKeys").EnumerateArray().Select(k => k.GetString()));
        JsonElement summary = result.GetProperty("result");
        Assert.Equal("draft-ts", Text(summary, "draftId"));
        Assert.Equal(750, summary.GetProperty("totalWords").GetInt32());
        Assert.Equal(["Intro", "Body"], summary.GetProperty("headings").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal(["name", "email"], PropertyNames(summary.GetProperty("author")));
        Assert.Equal("Grace Hopper", Text(summary, "author.name"));
        JsonElement scheduled = response.SingleEvent("ActivityTaskScheduled");
        Assert.Equal("SummarizeDraft", Text(scheduled, "activityType.name"));
        Assert.Equal(taskQueue, Text(scheduled, "taskQueue.name"));
    }

    [Fact]
    public async Task CallActivity_CSharpActivityThrowsApplicationFailure_TypeScriptWorkflowSeesActivityFailureWithType()
    {
        TemporalClient client = await ConnectAsync();
        string taskQueue = NewTaskQueue();
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddAllActivities(new DraftActivities()));

        ScenarioResponse response = await worker.ExecuteAsync(() => RunAsync(
            "callActivityOnTaskQueue", new { taskQueue, activity = "ArchiveDraft", args = new[] { "draft-9" } }));

        JsonElement failure = response.ExpectSuccess().GetProperty("failure");
        Assert.Equal("ActivityFailure", Text(failure, "name"));
        Assert.Equal("ArchiveDraft", Text(failure, "activityType"));
        Assert.Equal("NON_RETRYABLE_FAILURE", Text(failure, "retryState"));
        JsonElement cause = failure.GetProperty("cause");
        Assert.Equal("ApplicationFailure", Text(cause, "name"));
        Assert.Equal("ArchiveClosed", Text(cause, "type"));
        Assert.Equal("the archive refused draft-9", Text(cause, "message"));
        Assert.True(cause.GetProperty("nonRetryable").GetBoolean());
        JsonElement detail = Assert.Single(cause.GetProperty("details").EnumerateArray());
        Assert.Equal(["field", "limit"], PropertyNames(detail));
        Assert.Equal("archive", Text(detail, "field"));
        JsonElement rootCause = cause.GetProperty("cause");
        Assert.Equal("ApplicationFailure", Text(rootCause, "name"));
        Assert.Equal("IOException", Text(rootCause, "type"));
        Assert.Equal("the archive volume is read-only", Text(rootCause, "message"));
        // The official .NET SDK leaves the failure's source empty (TS writes "TypeScriptSDK"); its stack trace is .NET's.
        JsonElement failed = response.SingleEvent("ActivityTaskFailed");
        Assert.False(Get(failed, "failure").TryGetProperty("source", out _), $"Unexpected failure.source in {failed}");
        Assert.Contains("DraftActivities.ArchiveDraftAsync", Text(failed, "failure.stackTrace"), StringComparison.Ordinal);
    }
}
