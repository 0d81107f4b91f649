using ContentFlows.Temporal.DevServer.Tests.Rpc;
using ContentFlows.Temporal.DevServer.Tests.Schedules;
using Microsoft.Playwright;
using Temporalio.Client;
using Temporalio.Client.Schedules;
using static Microsoft.Playwright.Assertions;

namespace ContentFlows.Temporal.DevServer.Tests.Ui;

/// <summary>The history UI lists schedules with their spec in words, pause state and next runs.</summary>
[Collection(UiBrowserCollection.Name)]
public sealed class HistoryUiScheduleBrowserTests(UiFixture fixture, BrowserFixture browser) : IAsyncLifetime
{
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
    public async Task SchedulesPage_PausedWeekdaySchedule_ShowsSpecNoteAndFiveNextRuns()
    {
        var id = Names.Unique("ui-schedule");
        var schedule = new Schedule(
            ScheduleActionStartWorkflow.Create((GreetingWorkflow wf) => wf.RunAsync("ui"), new($"{id}-wf", Names.Unique("ui-schedule-tq"))),
            new ScheduleSpec { CronExpressions = ["30 9 * * MON-FRI"], TimeZoneName = "Europe/Paris" })
        {
            State = new() { Paused = true, Note = "waiting for launch" },
        };
        var handle = await client!.CreateScheduleAsync(id, schedule);
        try
        {
            await Page.GotoAsync("namespaces/default/schedules");
            await Expect(Page.Locator("#app[data-loaded]")).ToBeAttachedAsync();

            var row = Page.Locator($"tr[data-schedule-id='{id}']");
            await Expect(row).ToContainTextAsync("GreetingWorkflow");
            await Expect(row).ToContainTextAsync("Paused");
            await Expect(row).ToContainTextAsync("waiting for launch");
            await Expect(row.GetByTestId("schedule-spec")).ToContainTextAsync("at 9:30:00, day *, month *, weekday Mon-Fri; in Europe/Paris");
            await Expect(row.GetByTestId("schedule-next").Locator("div")).ToHaveCountAsync(5);
            await BrowserFixture.ScreenshotAsync(Page, "schedules-01-list");
        }
        finally
        {
            await handle.DeleteAsync();
        }
    }
}
