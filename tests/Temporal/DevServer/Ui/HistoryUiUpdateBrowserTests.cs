using ContentFlows.Temporal.DevServer.Tests.Rpc;
using ContentFlows.Temporal.DevServer.Tests.Updates;
using Microsoft.Playwright;
using Temporalio.Client;
using Temporalio.Worker;
using static Microsoft.Playwright.Assertions;

namespace ContentFlows.Temporal.DevServer.Tests.Ui;

/// <summary>The history UI names update events, summarizes them and draws accepted updates as timeline lanes.</summary>
[Collection(UiBrowserCollection.Name)]
public sealed class HistoryUiUpdateBrowserTests(UiFixture fixture, BrowserFixture browser) : IAsyncLifetime
{
    private readonly string taskQueue = Names.Unique("ui-updates-tq");
    private TemporalClient? client;
    private IPage? page;

    private IPage Page => page ?? throw new InvalidOperationException("No page.");

    public async Task InitializeAsync()
    {
        client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(fixture.Host.Address));
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
    public async Task RunPage_UpdatedWorkflow_ShowsUpdateEventsWithNameAndResult()
    {
        using var worker = new TemporalWorker(client!, new TemporalWorkerOptions(taskQueue).AddWorkflow<CartWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await client!.StartWorkflowAsync((CartWorkflow wf) => wf.RunAsync(), new(Names.Unique("ui-cart"), taskQueue));
            await handle.ExecuteUpdateAsync(wf => wf.AddItemAsync("book"), new("add-book"));

            await Page.GotoAsync($"namespaces/default/workflows/{Uri.EscapeDataString(handle.Id)}/{Uri.EscapeDataString(handle.ResultRunId!)}");
            await Expect(Page.Locator("#app[data-loaded]")).ToBeAttachedAsync();
            await Page.GetByTestId("event-filter").FillAsync("Update");

            var accepted = Page.Locator(".vt-row[data-event-type=WorkflowExecutionUpdateAccepted]");
            var completed = Page.Locator(".vt-row[data-event-type=WorkflowExecutionUpdateCompleted]");
            await Expect(accepted).ToContainTextAsync("AddItem");
            await Expect(accepted).ToContainTextAsync("add-book");
            await Expect(accepted).ToContainTextAsync("\"book\"");
            await Expect(completed).ToContainTextAsync("AddItem");
            await Expect(completed).ToContainTextAsync("result 1");
            await BrowserFixture.ScreenshotAsync(Page, "updates-01-update-events");
        });
    }
}
