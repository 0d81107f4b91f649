using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Temporal.DevServer.Tests.Ui;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentFlows.Api.Tests.OperatorConsole;

/// <summary>
/// The console's runs list over 120 stored runs: pages, filters and empty states come from the server
/// (GET /api/runs/search); a reviewer's key sees pipelines read-only.
/// </summary>
[Collection(ApiEnvironmentCollection.Name)]
public sealed class ConsoleRunsListBrowserTests(ApiEnvironmentFixture fixture, BrowserFixture browser)
    : IClassFixture<ApiEnvironmentFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task RunsList_ManyRuns_PagesAndFiltersOnTheServerAndReviewerCannotEditPipelines()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey);
        await ConsoleRuns.InsertAsync(fixture.Postgres, fixture.Schema, projectId, definitionId, 120);
        var reviewerKey = await fixture.CreateKeyAsync(adminKey, "rosa-reviewer", "reviewer");

        var page = await browser.NewPageAsync(fixture.BaseAddress);
        await page.GotoAsync("/console");
        await page.GetByTestId("api-key").FillAsync(reviewerKey);
        await page.GetByTestId("api-key").PressAsync("Enter");
        await Expect(page.GetByTestId("session-role")).ToHaveTextAsync("reviewer");
        await Expect(page.GetByTestId("runs-count")).ToHaveTextAsync("1–50 of 120");
        await Expect(page.Locator("[data-testid=runs-table] tbody tr")).ToHaveCountAsync(50);
        await Expect(page.Locator("[data-testid=runs-table] tbody tr").First).ToContainTextAsync("Product 1");
        await BrowserFixture.ScreenshotAsync(page, "console-10-runs-list");

        await page.GetByTestId("page-older").ClickAsync();
        await Expect(page.GetByTestId("runs-count")).ToHaveTextAsync("51–100 of 120");
        await Expect(page.Locator("[data-testid=runs-table] tbody tr").First).ToContainTextAsync("Product 51");
        await page.GetByTestId("page-older").ClickAsync();
        await Expect(page.GetByTestId("runs-count")).ToHaveTextAsync("101–120 of 120");
        await Expect(page.GetByTestId("page-older")).ToBeDisabledAsync();
        await page.GetByTestId("page-newer").ClickAsync();
        await Expect(page.GetByTestId("runs-count")).ToHaveTextAsync("51–100 of 120");

        // Filters: by state, by text (with "/" to reach the box from anywhere), by date, and nothing matching.
        await page.GetByTestId("filter-state").SelectOptionAsync("published");
        await page.GetByTestId("filter-apply").ClickAsync();
        await Expect(page.GetByTestId("runs-count")).ToHaveTextAsync("1–40 of 40");
        await Expect(page.Locator("[data-testid=runs-table] [data-testid=state]").First).ToHaveTextAsync("published");

        await page.GetByTestId("filter-state").SelectOptionAsync(string.Empty);
        await page.Locator("body").PressAsync("/");
        await Expect(page.GetByTestId("filter-text")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Product 7");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("runs-count")).ToHaveTextAsync("1–11 of 11");
        await BrowserFixture.ScreenshotAsync(page, "console-11-runs-filtered");

        await page.GetByTestId("filter-text").FillAsync("no such product");
        await page.GetByTestId("filter-apply").ClickAsync();
        await Expect(page.GetByTestId("runs-empty")).ToContainTextAsync("No runs match these filters");

        await page.GetByTestId("filter-text").FillAsync(string.Empty);
        await page.GetByTestId("filter-from").FillAsync(DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByTestId("filter-apply").ClickAsync();
        await Expect(page.GetByTestId("runs-empty")).ToBeVisibleAsync();

        // A reviewer reads pipelines but gets no way to change them.
        await page.GetByTestId("nav-pipelines").ClickAsync();
        await Expect(page.GetByTestId("pipeline-link")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("new-pipeline")).ToHaveCountAsync(0);
        await page.GetByTestId("pipeline-link").ClickAsync();
        await Expect(page.GetByTestId("palette")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid^=add-]")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("save-pipeline")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("activate-version")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();

        // The API refuses what the page never sends.
        using var reviewer = fixture.Client(reviewerKey);
        using var badState = await reviewer.GetAsync(new Uri("/api/runs/search?state=sleeping", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        using var validate = await reviewer.PostAsJsonAsync("/api/definitions/validate", new { stages = new[] { new { type = "generate" } } });
        Assert.Equal(HttpStatusCode.Forbidden, validate.StatusCode);
        var byDefinition = await reviewer.GetFromJsonAsync<JsonElement>($"/api/runs/search?definitionId={definitionId}&state=awaiting-approval&limit=5");
        Assert.Equal(40, byDefinition.GetProperty("total").GetInt64());
        Assert.Equal(5, byDefinition.GetProperty("items").GetArrayLength());
    }
}
