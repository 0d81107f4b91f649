using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Temporal.DevServer.Tests.Ui;
using static Microsoft.Playwright.Assertions;

namespace ContentFlows.Api.Tests.OperatorConsole;

/// <summary>
/// The console's calendar (a run's scheduled publication and a weekly schedule's next actions on the month and week
/// grids) and costs (charts by day, pipeline, stage and model; the monthly budget's alert from 80% spent), on the
/// whole stack.
/// </summary>
[Collection(ApiEnvironmentCollection.Name)]
public sealed class ConsoleCalendarCostsBrowserTests(ApiEnvironmentFixture fixture, BrowserFixture browser)
    : IClassFixture<ApiEnvironmentFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Calendar_PublicationAndWeeklySchedule_ShownOnTheirDaysInMonthAndWeekViews()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey);
        using var admin = fixture.Client(adminKey);
        using var schedule = await admin.PostAsJsonAsync("/api/schedules", new
        {
            name = "monday-page",
            definitionId,
            cron = "0 9 * * 1",
            timeZone = "UTC",
            paused = true,
            brief = new { topic = "Digest of {date}", audience = "busy families", channel = "newsletter", language = "en", keywords = new[] { "wifi" }, sourceText = "Facts." },
        });
        Assert.True(schedule.IsSuccessStatusCode, await schedule.Content.ReadAsStringAsync());
        var day = DateTime.UtcNow.Date.AddDays(3);
        var publishAt = day.AddHours(10).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        using var started = await admin.PostAsJsonAsync("/api/runs", new
        {
            definitionId,
            brief = new { topic = "Acme Mesh Router", audience = "busy families", channel = "product-page", language = "en", keywords = new[] { "mesh wifi" }, sourceText = "Covers 120 square metres." },
            publishAt = new Dictionary<string, string> { ["static-files"] = publishAt },
        });
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var (page, errors) = await ConsoleSignIn.SignInAsync(browser, fixture, adminKey, $"/console#/calendar?view=month&date={date}");
        var publicationDay = page.Locator($"[data-testid=calendar-grid] td[data-date='{date}']");
        await Expect(publicationDay.Locator("[data-kind=publication]")).ToContainTextAsync("10:00 static-files");
        await Expect(publicationDay.Locator($"a[href='#/runs/{runId}']")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=calendar-grid] td [data-kind=schedule]").First).ToContainTextAsync("09:00 monday-page");
        var mondays = await page.Locator("[data-testid=calendar-grid] td:has([data-kind=schedule])").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.date)");
        Assert.NotEmpty(mondays);
        Assert.All(mondays, d => Assert.Equal(DayOfWeek.Monday, DateTime.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayOfWeek));
        Assert.Contains("paused", await page.Locator("[data-kind=schedule]").First.InnerTextAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "console-50-calendar-month");

        await page.GetByTestId("calendar-week").ClickAsync();
        await Expect(page.GetByTestId("calendar-title")).ToContainTextAsync("Week of");
        await Expect(page.Locator("[data-testid=calendar-grid] tbody td")).ToHaveCountAsync(7);
        await Expect(publicationDay.Locator("[data-kind=publication]")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "console-51-calendar-week");
        await page.GetByTestId("calendar-next").ClickAsync();
        await Expect(page.Locator("[data-testid=calendar-grid] [data-kind=publication]")).ToHaveCountAsync(0);
        await page.GetByTestId("calendar-previous").ClickAsync();
        await page.GetByTestId("calendar-channel").FillAsync("newsletter");
        await page.GetByTestId("calendar-channel").PressAsync("Enter");
        await Expect(page.GetByTestId("calendar-title")).ToContainTextAsync("Week of");
        await Expect(page.Locator("[data-testid=calendar-grid] [data-kind=publication]")).ToHaveCountAsync(0);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Costs_RunsOverBudget_ChartsByDayPipelineStageModelAndTheBudgetAlertOnEveryPage()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey, withApproval: false);
        using var admin = fixture.Client(adminKey);
        var (page, errors) = await ConsoleSignIn.SignInAsync(browser, fixture, adminKey, "/console#/costs");
        await Expect(page.GetByTestId("costs-empty")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("budget-none")).ToContainTextAsync("No budget set");
        await Expect(page.GetByTestId("budget-banner")).ToBeHiddenAsync();

        // A budget far below what one run costs, then one run.
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/projects/{projectId}/settings") { Content = JsonContent.Create(new { llm = new { monthlyBudget = 0.000001m } }) };
        (await admin.SendAsync(patch)).EnsureSuccessStatusCode();
        var runId = await fixture.StartRunAsync(adminKey, definitionId);
        await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsFinished);
        var budget = await admin.GetFromJsonAsync<JsonElement>("/api/costs/budget");
        Assert.True(budget.GetProperty("alert").GetBoolean(), budget.ToString());
        Assert.True(budget.GetProperty("spent").GetDecimal() > 0m, budget.ToString());
        var byDefinition = await admin.GetFromJsonAsync<JsonElement>("/api/costs?groupBy=definition");
        Assert.Equal(definitionId.ToString(), Assert.Single(byDefinition.GetProperty("groups").EnumerateArray()).GetProperty("definition").GetString());

        await page.ReloadAsync();
        await Expect(page.GetByTestId("budget-alert")).ToContainTextAsync("Over 80%");
        await Expect(page.GetByTestId("budget-banner")).ToContainTextAsync("of this month’s LLM budget is spent");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Expect(page.Locator($"[data-testid=costs-by-day] tr[data-day='{today}']")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("costs-by-definition")).ToContainTextAsync("draft-only");
        await Expect(page.GetByTestId("costs-by-stage")).ToContainTextAsync("generate");
        await Expect(page.GetByTestId("costs-by-model")).ToContainTextAsync("offline-generator");
        await BrowserFixture.ScreenshotAsync(page, "console-60-costs-budget-alert");
        await page.GetByTestId("nav-runs").ClickAsync();
        await Expect(page.GetByTestId("budget-banner")).ToBeVisibleAsync();
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }
}
