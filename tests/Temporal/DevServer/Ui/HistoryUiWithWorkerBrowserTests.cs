using System.Text.RegularExpressions;
using ContentFlows.Temporal.DevServer.Tests.Rpc;
using ContentFlows.Temporal.DevServer.Tests.Ui.WorkerRuns;
using Microsoft.Playwright;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Worker;
using static Microsoft.Playwright.Assertions;

namespace ContentFlows.Temporal.DevServer.Tests.Ui;

/// <summary>
/// Issue 7's acceptance: the history UI in headless chromium against runs the official .NET SDK's worker
/// executes — find a run, read its activities and failures, follow the child, signal it, download its
/// history and replay that file with the official <see cref="WorkflowReplayer"/>. Screenshots go to artifacts/screenshots/worker-*.
/// </summary>
[Collection(UiBrowserCollection.Name)]
public sealed class HistoryUiWithWorkerBrowserTests(UiFixture fixture, BrowserFixture browser) : IAsyncLifetime
{
    // The worker makes the runs progress while the page follows them live; this bounds each wait.
    private const float LiveTimeoutMs = 30_000;

    private readonly string taskQueue = Names.Unique("ui-worker-tq");
    private TemporalClient? client;
    private IPage? page;

    private IPage Page => page ?? throw new InvalidOperationException("No page.");

    private TemporalClient Client => client ?? throw new InvalidOperationException("No client.");

    public async Task InitializeAsync()
    {
        client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(fixture.Host.Address) { DataConverter = CamelCaseDataConverter.Instance });
        page = await browser.NewPageAsync(fixture.UiUri);
    }

    public async Task DisposeAsync()
    {
        if (page is not null)
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public Task WorkflowsList_QueryForAWorkerRun_OpensItWithAttemptsAndTheFailureCauseChain() => RunWithWorkerAsync(async () =>
    {
        var run = await StartPipelineAsync();
        await Page.GotoAsync("namespaces/default/workflows");
        await Expect(Page.Locator("#app[data-loaded]")).ToBeAttachedAsync();

        await Page.GetByTestId("query-input").FillAsync($"WorkflowType = '{ReviewedPipelineWorkflow.Name}' AND TaskQueue = '{taskQueue}'");
        await Page.GetByTestId("query-input").PressAsync("Enter");
        var row = Page.Locator($"tr[data-workflow-id='{run.Id}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(Page.Locator("[data-testid=workflows-table] tbody tr")).ToHaveCountAsync(1);
        await AssertTableFitsItsCardAsync();
        await BrowserFixture.ScreenshotAsync(Page, "worker-01-workflows-list");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"/namespaces/default/workflows/{Regex.Escape(run.Id)}/{run.RunId}$"));
        await Expect(Page.GetByTestId("workflow-id")).ToHaveTextAsync(run.Id);
        await Expect(Page.GetByTestId("workflow-input")).ToContainTextAsync("\"title\": \"Launch announcement\"");

        // The page follows the run live: the draft's row settles once its third attempt completes.
        var draft = Page.Locator("[data-testid=activities] tr[data-activity-id=draft]");
        var check = Page.Locator("[data-testid=activities] tr[data-activity-id=check]");
        await Expect(draft).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = LiveTimeoutMs });
        await Expect(draft.GetByTestId("activity-attempts")).ToHaveTextAsync("3");
        await Expect(draft).ToContainTextAsync("DraftContent");
        await Expect(check).ToHaveAttributeAsync("data-status", "Failed", new() { Timeout = LiveTimeoutMs });
        await Expect(check.GetByTestId("activity-attempts")).ToHaveTextAsync("1");

        await check.GetByTestId("expand-failure").ClickAsync();
        var failure = Page.GetByTestId("activity-failure").Filter(new() { HasText = PipelineStageActivities.GateFailure });
        await Expect(failure).ToBeVisibleAsync();
        await Expect(failure).ToContainTextAsync("QualityGateFailed");
        await Expect(failure).ToContainTextAsync("Caused by");
        await Expect(failure).ToContainTextAsync(PipelineStageActivities.GateCause);
        await Expect(failure).ToContainTextAsync("ReadabilityTooLow");
        await BrowserFixture.ScreenshotAsync(Page, "worker-02-activities-and-failure");
    });

    [Fact]
    public Task WorkflowPage_WorkerChildLink_OpensTheChildWithAParentLinkBack() => RunWithWorkerAsync(async () =>
    {
        var run = await StartPipelineAsync();
        var childId = $"{run.Id}-publish";
        await OpenRunAsync(run.Id, run.RunId);

        await Page.GetByTestId("child-link").Filter(new() { HasText = childId }).ClickAsync(new() { Timeout = LiveTimeoutMs });

        await Expect(Page).ToHaveURLAsync(new Regex($"/workflows/{Regex.Escape(childId)}/[0-9a-f-]{{36}}$"));
        await Expect(Page.GetByTestId("workflow-id")).ToHaveTextAsync(childId);
        await Expect(Page.GetByTestId("workflow-status")).ToHaveTextAsync("Completed", new() { Timeout = LiveTimeoutMs });
        await Expect(Page.GetByTestId("workflow-result")).ToContainTextAsync("https://blog.example/draft-");
        await Expect(Page.Locator("[data-testid=activities] tr[data-status=Completed]")).ToContainTextAsync("Publish");
        await BrowserFixture.ScreenshotAsync(Page, "worker-03-child-workflow");

        await Page.GetByTestId("parent-link").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"/workflows/{Regex.Escape(run.Id)}/{run.RunId}$"));
        await Expect(Page.GetByTestId("workflow-id")).ToHaveTextAsync(run.Id);
        await Expect(Page.GetByTestId("children").Locator(".status-Completed")).ToBeVisibleAsync();
    });

    [Fact]
    public Task WorkflowPage_SignalFromTheDialog_CompletesTheRunWhoseDownloadedHistoryReplays() => RunWithWorkerAsync(async () =>
    {
        var run = await StartPipelineAsync();
        await OpenRunAsync(run.Id, run.RunId);

        // Signal once the child is done, so the signal is what the run is waiting for.
        await Expect(Page.GetByTestId("children").Locator(".status-Completed")).ToBeVisibleAsync(new() { Timeout = LiveTimeoutMs });
        await Expect(Page.GetByTestId("workflow-status")).ToHaveTextAsync("Running");
        await Page.GetByTestId("signal-button").ClickAsync();
        await Page.GetByTestId("signal-name").FillAsync(ReviewedPipelineWorkflow.ReviewSignal);
        await Page.GetByTestId("signal-input").FillAsync("{\"approved\": true, \"reviewer\": \"dana\"}");
        await Page.GetByTestId("dialog-submit").ClickAsync();

        await Page.GetByTestId("event-filter").FillAsync("Signaled");
        var signaled = Page.Locator(".vt-row[data-event-type=WorkflowExecutionSignaled]");
        await Expect(signaled).ToContainTextAsync(ReviewedPipelineWorkflow.ReviewSignal);
        await Expect(signaled).ToContainTextAsync("\"reviewer\":\"dana\"");
        await Expect(Page.GetByTestId("workflow-status")).ToHaveTextAsync("Completed", new() { Timeout = LiveTimeoutMs });
        await Expect(Page.GetByTestId("workflow-result")).ToContainTextAsync("\"reviewer\": \"dana\"");
        await BrowserFixture.ScreenshotAsync(Page, "worker-04-signal-completes-the-run");
        var result = await Client.GetWorkflowHandle(run.Id, run.RunId).GetResultAsync<PipelineOutcome>();
        Assert.Equal(new PipelineOutcome(result.DraftId, PipelineStageActivities.GateFailure, $"https://blog.example/{result.DraftId}", Approved: true, "dana"), result);

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByTestId("download-history").ClickAsync());
        var path = Path.Combine(BrowserFixture.ScreenshotDirectory, "..", "histories", "worker-" + download.SuggestedFilename);
        await download.SaveAsAsync(path);
        var history = WorkflowHistory.FromJson(run.Id, await File.ReadAllTextAsync(path));

        var recorder = new ReplayResultRecorder();
        var replayed = await new WorkflowReplayer(ReplayerOptions(recorder).AddWorkflow<ReviewedPipelineWorkflow>()).ReplayWorkflowAsync(history);
        Assert.Null(replayed.ReplayFailure);
        Assert.Equal(result, Assert.Single(recorder.Results));

        var changed = new WorkflowReplayer(ReplayerOptions(new ReplayResultRecorder()).AddWorkflow<ReorderedPipelineWorkflow>());
        var error = await Assert.ThrowsAsync<WorkflowNondeterminismException>(() => changed.ReplayWorkflowAsync(history));
        Assert.Contains("ActivityTaskScheduled", error.Message, StringComparison.Ordinal);
    });

    /// <summary>The replayer decodes payloads as the worker encoded them, and reports each replayed result.</summary>
    private static WorkflowReplayerOptions ReplayerOptions(ReplayResultRecorder recorder) => new()
    {
        DataConverter = CamelCaseDataConverter.Instance,
        Interceptors = [recorder],
    };

    /// <summary>Runs the test while an official .NET worker serves the task queue; the worker shuts down after it.</summary>
    private async Task RunWithWorkerAsync(Func<Task> test)
    {
        using var worker = new TemporalWorker(Client, new TemporalWorkerOptions(taskQueue)
            .AddWorkflow<ReviewedPipelineWorkflow>()
            .AddWorkflow<PublishWorkflow>()
            .AddAllActivities(new PipelineStageActivities()));
        await worker.ExecuteAsync(test);
    }

    private async Task<(string Id, string RunId)> StartPipelineAsync()
    {
        var id = Names.Unique("ui-worker-pipeline");
        var handle = await Client.StartWorkflowAsync(
            (ReviewedPipelineWorkflow wf) => wf.RunAsync(new PipelineRequest("plan-42", "Launch announcement")),
            new WorkflowOptions(id, taskQueue));
        return (id, handle.ResultRunId ?? throw new InvalidOperationException("The start returned no run id."));
    }

    private async Task OpenRunAsync(string workflowId, string runId)
    {
        await Page.GotoAsync($"namespaces/default/workflows/{Uri.EscapeDataString(workflowId)}/{Uri.EscapeDataString(runId)}");
        await Expect(Page.Locator("#app[data-loaded]")).ToBeAttachedAsync();
    }

    /// <summary>Every column of the workflows table, the last included, lies inside the list's card.</summary>
    private async Task AssertTableFitsItsCardAsync()
    {
        var card = await Page.Locator(".panel").Filter(new() { Has = Page.GetByTestId("workflows-table") }).BoundingBoxAsync();
        var last = await Page.Locator("[data-testid=workflows-table] thead th").Last.BoundingBoxAsync();
        Assert.NotNull(card);
        Assert.NotNull(last);
        Assert.True(last.X + last.Width <= card.X + card.Width, $"The last column ends at {last.X + last.Width}px, past the card's edge at {card.X + card.Width}px.");
    }
}
