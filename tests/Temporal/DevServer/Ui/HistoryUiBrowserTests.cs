using System.Text.RegularExpressions;
using ContentFlows.Temporal.DevServer.Tests.Rpc;
using Google.Protobuf;
using Microsoft.Playwright;
using Temporalio.Api.History.V1;
using static Microsoft.Playwright.Assertions;

namespace ContentFlows.Temporal.DevServer.Tests.Ui;

/// <summary>
/// The history UI in headless chromium against real runs: find, open, read activities and
/// failures, follow links, signal, download. Screenshots go to artifacts/screenshots.
/// </summary>
[Collection(UiBrowserCollection.Name)]
public sealed partial class HistoryUiBrowserTests(UiFixture fixture, BrowserFixture browser) : IAsyncLifetime
{
    private IPage? page;

    private IPage Page => page ?? throw new InvalidOperationException("No page.");

    private PipelineRun Pipeline => fixture.Pipeline;

    public async Task InitializeAsync() => page = await browser.NewPageAsync(fixture.UiUri);

    public async Task DisposeAsync()
    {
        if (page is not null)
        {
            await page.Context.CloseAsync();
        }
    }

    private string RunUrl(string workflowId, string runId) => $"namespaces/default/workflows/{Uri.EscapeDataString(workflowId)}/{Uri.EscapeDataString(runId)}";

    private async Task OpenRunAsync(string workflowId, string runId)
    {
        await Page.GotoAsync(RunUrl(workflowId, runId));
        await Expect(Page.Locator("#app[data-loaded]")).ToBeAttachedAsync();
    }

    [Fact]
    public async Task WorkflowsList_QueryByWorkflowId_FindsTheRunAndOpensIt()
    {
        await Page.GotoAsync("namespaces/default/workflows");
        await Expect(Page.Locator("#app[data-loaded]")).ToBeAttachedAsync();
        await UiScenarios.RunFailingWorkflowAsync(fixture.Client);
        await Page.GetByTestId("query-input").FillAsync($"WorkflowType = '{UiScenarios.PipelineType}'");
        await Page.GetByTestId("query-input").PressAsync("Enter");
        await Expect(Page.Locator($"tr[data-workflow-id='{Pipeline.WorkflowId}']")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(Page, "01-workflows-list");

        await Page.GetByTestId("query-input").FillAsync($"WorkflowId = '{Pipeline.WorkflowId}'");
        await Page.GetByTestId("query-run").ClickAsync();
        await Expect(Page.Locator("[data-testid=workflows-table] tbody tr")).ToHaveCountAsync(1);
        await Page.Locator($"tr[data-workflow-id='{Pipeline.WorkflowId}'] a").ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex($"/namespaces/default/workflows/{Regex.Escape(Pipeline.WorkflowId)}/{Pipeline.RunId}$"));
        await Expect(Page.GetByTestId("workflow-id")).ToHaveTextAsync(Pipeline.WorkflowId);
        await Expect(Page.GetByTestId("workflow-status")).ToHaveTextAsync("Running");
        await Expect(Page.GetByTestId("workflow-input")).ToContainTextAsync("\"plan\": \"plan-42\"");
        await BrowserFixture.ScreenshotAsync(Page, "02-workflow-page");
    }

    [Fact]
    public async Task WorkflowsList_StatusFilter_ShowsOnlyFailedRuns()
    {
        var failed = await UiScenarios.RunFailingWorkflowAsync(fixture.Client);
        await Page.GotoAsync("namespaces/default/workflows");
        await Expect(Page.Locator("#app[data-loaded]")).ToBeAttachedAsync();

        await Page.Locator(".chip[data-status=Failed]").ClickAsync();

        await Expect(Page.Locator($"tr[data-workflow-id='{failed.WorkflowId}']")).ToBeVisibleAsync();
        await Expect(Page.Locator($"tr[data-workflow-id='{Pipeline.WorkflowId}']")).ToHaveCountAsync(0);
        await Expect(Page).ToHaveURLAsync(new Regex("status=Failed"));
    }

    [Fact]
    public async Task WorkflowPage_RetriedActivities_ShowAttemptsAndTheFailureCauseChain()
    {
        await OpenRunAsync(Pipeline.WorkflowId, Pipeline.RunId);

        var draft = Page.Locator("[data-testid=activities] tr[data-activity-id=draft]");
        var check = Page.Locator("[data-testid=activities] tr[data-activity-id=check]");
        await Expect(draft.GetByTestId("activity-attempts")).ToHaveTextAsync("3");
        await Expect(draft).ToHaveAttributeAsync("data-status", "Completed");
        await Expect(check.GetByTestId("activity-attempts")).ToHaveTextAsync("2");
        await Expect(check).ToHaveAttributeAsync("data-status", "Failed");

        await check.GetByTestId("expand-failure").ClickAsync();
        var failure = Page.GetByTestId("activity-failure").Filter(new() { HasText = UiScenarios.CheckFailure });
        await Expect(failure).ToBeVisibleAsync();
        await Expect(failure).ToContainTextAsync("Caused by");
        await Expect(failure).ToContainTextAsync(UiScenarios.CheckCause);
        await Expect(failure).ToContainTextAsync("ReadabilityTooLow");
        await Expect(Page.GetByTestId("timeline-canvas")).ToBeVisibleAsync();
        await failure.ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(Page, "03-activities-and-failure");
    }

    [Fact]
    public async Task WorkflowPage_EventRow_ShowsTheEventInTheDetailPane()
    {
        await OpenRunAsync(Pipeline.WorkflowId, Pipeline.RunId);

        await Page.GetByTestId("event-filter").FillAsync("ActivityTaskFailed");
        await Page.Locator(".vt-row[data-event-type=ActivityTaskFailed]").ClickAsync();

        var detail = Page.GetByTestId("event-detail");
        await Expect(detail).ToContainTextAsync("ActivityTaskFailed");
        await Expect(detail).ToContainTextAsync(UiScenarios.CheckCause);
        await BrowserFixture.ScreenshotAsync(Page, "04-event-detail");
    }

    [Fact]
    public async Task WorkflowPage_ChildLink_OpensTheChildWithAParentLinkBack()
    {
        await OpenRunAsync(Pipeline.WorkflowId, Pipeline.RunId);

        await Page.GetByTestId("child-link").Filter(new() { HasText = Pipeline.ChildWorkflowId }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex($"/workflows/{Regex.Escape(Pipeline.ChildWorkflowId)}/{Pipeline.ChildRunId}$"));
        await Expect(Page.GetByTestId("workflow-id")).ToHaveTextAsync(Pipeline.ChildWorkflowId);
        await Expect(Page.GetByTestId("workflow-status")).ToHaveTextAsync("Completed");
        await Expect(Page.GetByTestId("workflow-result")).ToContainTextAsync("\"published\": true");
        await BrowserFixture.ScreenshotAsync(Page, "05-child-workflow");

        await Page.GetByTestId("parent-link").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(Page.GetByTestId("workflow-id")).ToHaveTextAsync(Pipeline.WorkflowId);
    }

    [Fact]
    public async Task WorkflowPage_SignalDialog_TheSignalAppearsInTheHistoryLive()
    {
        await OpenRunAsync(Pipeline.WorkflowId, Pipeline.RunId);

        await Page.GetByTestId("signal-button").ClickAsync();
        await Page.GetByTestId("signal-name").FillAsync("reviewDecision");
        await Page.GetByTestId("signal-input").FillAsync("{\"approved\": true, \"reviewer\": \"dana\"}");
        await Page.GetByTestId("dialog-submit").ClickAsync();

        // The page shows it through its history long poll; a signal sent over gRPC arrives the same way.
        await fixture.Client.SignalAsync(Pipeline.WorkflowId, "grpcNudge");
        await Page.GetByTestId("event-filter").FillAsync("Signaled");
        await Expect(Page.Locator(".vt-row[data-event-type=WorkflowExecutionSignaled]").Filter(new() { HasText = "reviewDecision" })).ToBeVisibleAsync();
        await Expect(Page.Locator(".vt-row[data-event-type=WorkflowExecutionSignaled]").Filter(new() { HasText = "grpcNudge" })).ToBeVisibleAsync();
        await Expect(Page.Locator(".vt-row").Filter(new() { HasText = "reviewDecision" })).ToContainTextAsync("\"reviewer\":\"dana\"");
        await BrowserFixture.ScreenshotAsync(Page, "06-signal-in-history");
    }

    [Fact]
    public async Task WorkflowPage_DownloadHistory_ParsesAsAHistoryWithEveryEvent()
    {
        await OpenRunAsync(Pipeline.WorkflowId, Pipeline.RunId);

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByTestId("download-history").ClickAsync());
        var path = Path.Combine(BrowserFixture.ScreenshotDirectory, "..", "histories", download.SuggestedFilename);
        await download.SaveAsAsync(path);

        var history = new JsonParser(JsonParser.Settings.Default).Parse<History>(await File.ReadAllTextAsync(path));
        var expected = await fixture.Client.GetHistoryAsync(Pipeline.WorkflowId, Pipeline.RunId);
        Assert.Equal(expected.Count, history.Events.Count);
        Assert.Equal(expected, history.Events);
    }

    [Fact]
    public async Task WorkflowPage_ContinuedAsNew_LinksBothRuns()
    {
        var chain = await UiScenarios.RunContinueAsNewAsync(fixture.Client);
        await OpenRunAsync(chain.WorkflowId, chain.FirstRunId);

        await Expect(Page.GetByTestId("workflow-status")).ToHaveTextAsync("ContinuedAsNew");
        await Page.GetByTestId("continued-as").GetByRole(AriaRole.Link).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex($"/{chain.SecondRunId}$"));
        await Expect(Page.GetByTestId("continued-from")).ToContainTextAsync(chain.FirstRunId[..8]);
    }

    [Fact]
    public async Task WorkflowPage_EncryptedInput_IsEncryptedUntilACodecEndpointIsSet()
    {
        await using var codec = await FakeCodec.StartAsync();
        var run = await UiScenarios.StartEncryptedAsync(fixture.Client, "{\"secret\":\"launch-date\"}");
        await OpenRunAsync(run.WorkflowId, run.RunId);
        await Expect(Page.GetByTestId("workflow-input")).ToHaveTextAsync("encrypted (binary/encrypted)");

        await Page.Locator("#codec-button").ClickAsync();
        await Page.Locator("#codec-endpoint").FillAsync(codec.Uri.ToString());
        await Page.Locator("#codec-dialog button[value=save]").ClickAsync();

        await Expect(Page.GetByTestId("workflow-input")).ToContainTextAsync("\"secret\": \"launch-date\"");
        Assert.True(codec.DecodeCalls > 0);
        await BrowserFixture.ScreenshotAsync(Page, "07-codec-decoded");
    }
}
