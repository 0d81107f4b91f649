using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContentFlows.Temporal.DevServer.Tests.Ui;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentFlows.Api.Tests.OperatorConsole;

/// <summary>
/// The operators' console in headless chromium against the whole stack (API on Kestrel, PostgreSQL, dev server,
/// worker): what is done in the page must reach the API's stores and the runs. Screenshots go to artifacts/screenshots.
/// </summary>
[Collection(ApiEnvironmentCollection.Name)]
public sealed partial class ConsoleBrowserTests(ApiEnvironmentFixture fixture, BrowserFixture browser)
    : IClassFixture<ApiEnvironmentFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Console_NewUserBuildsThreeStagePipelineRunsAndApprovesIt_SeesItPublishedWithItsCost()
    {
        var (_, adminKey) = await CreatePricedProjectAsync();
        var (page, consoleErrors) = await ConsoleSignIn.SignInAsync(browser, fixture, adminKey);
        await Expect(page.GetByTestId("session-role")).ToHaveTextAsync("admin");

        // A new project: no runs, no pipelines, and the pages say what to do next.
        await Expect(page.GetByTestId("runs-empty")).ToContainTextAsync("No runs yet");
        await page.GetByTestId("nav-pipelines").ClickAsync();
        await Expect(page.GetByTestId("pipelines-empty")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "console-01-no-pipelines");
        await page.GetByTestId("new-pipeline").ClickAsync();
        await Expect(page.GetByTestId("palette").Locator("li")).Not.ToHaveCountAsync(0);
        await page.GetByTestId("pipeline-name").FillAsync("landing-page");

        // Three stages, each added another way: a click, the keyboard, a drag from the palette onto the list.
        await page.GetByTestId("add-generate").ClickAsync();
        await page.GetByTestId("add-publish").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[data-testid=palette] li[data-stage-type=approval]").DragToAsync(page.Locator("[data-testid=pipeline-stages] li[data-stage-type=publish]"));
        await Expect(StageItems(page)).ToHaveCountAsync(3);
        Assert.Equal(["generate", "approval", "publish"], await StageTypesInOrderAsync(page));

        // Keyboard reordering: Alt+↑ moves the focused stage up, Alt+↓ back down.
        await page.Locator("[data-testid=pipeline-stages] li[data-stage-type=approval]").FocusAsync();
        await page.Keyboard.PressAsync("Alt+ArrowUp");
        Assert.Equal(["approval", "generate", "publish"], await StageTypesInOrderAsync(page));
        await Expect(page.Locator("[data-testid=pipeline-stages] li[data-stage-type=approval]")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Alt+ArrowDown");
        Assert.Equal(["generate", "approval", "publish"], await StageTypesInOrderAsync(page));

        // The generate stage's form comes from its schema; an out-of-range value is refused by the API before saving.
        await page.Locator("[data-testid=pipeline-stages] li[data-stage-type=generate]").ClickAsync();
        await Expect(page.Locator("#stage-0-targetWords")).ToHaveAttributeAsync("placeholder", "300");
        await Expect(page.Locator("#stage-0-targetWords-help")).ToContainTextAsync("body length in words");
        await page.Locator("#stage-0-targetWords").FillAsync("20");
        await Expect(page.GetByTestId("stage-editor-problems")).ToContainTextAsync("targetWords must be within 50..5000");
        await Expect(page.Locator("[data-testid=pipeline-stages] li[data-stage-type=generate] [data-testid=stage-problems]")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("save-pipeline")).ToBeDisabledAsync();
        await BrowserFixture.ScreenshotAsync(page, "console-02-builder-stage-problem");
        await page.Locator("#stage-0-targetWords").FillAsync("150");
        await Expect(page.GetByTestId("validation-summary")).ToHaveTextAsync("Valid: ready to save.");
        await page.GetByTestId("save-pipeline").ClickAsync();
        await Expect(page.GetByTestId("builder-title")).ToHaveTextAsync("landing-page · v1");
        await Expect(page.GetByTestId("active-version")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "console-03-pipeline-saved");

        // What was stored is what was built.
        using var admin = fixture.Client(adminKey);
        var definitions = await admin.GetFromJsonAsync<JsonElement>("/api/definitions");
        var stored = definitions.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(["generate", "approval", "publish"], stored.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("type").GetString()));
        Assert.Equal(150, stored.GetProperty("stages")[0].GetProperty("config").GetProperty("targetWords").GetInt32());

        // Run it from the builder, then approve it on the run page.
        await page.GetByTestId("brief-topic").FillAsync("Acme Mesh Router");
        await page.GetByTestId("brief-audience").FillAsync("busy families who want fast wifi");
        await page.GetByTestId("brief-sourceText").FillAsync("The Acme Mesh Router covers 120 square metres.");
        await page.GetByTestId("start-run").ClickAsync();
        await Expect(page.GetByTestId("run-topic")).ToHaveTextAsync("Acme Mesh Router");
        await Expect(page.GetByTestId("approve")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=run-stages] li[data-stage-type=generate]")).ToHaveAttributeAsync("data-stage-status", "done");
        await Expect(page.Locator("[data-testid=run-stages] li[data-stage-type=approval]")).ToHaveAttributeAsync("data-stage-status", new Regex("waiting|awaiting-approval|running"));
        await Expect(page.GetByTestId("gate-report").Or(page.GetByTestId("version-detail"))).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "console-04-run-awaiting-approval");
        await page.GetByTestId("approve").ClickAsync();
        await Expect(page.Locator("[data-state=published]")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // Its cost: the page shows what the API's cost report says, and it is not nothing.
        var runId = Guid.Parse(await page.GetByTestId("run-id").InnerTextAsync());
        var costs = await admin.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/costs");
        var total = Assert.Single(costs.GetProperty("totals").EnumerateArray()).GetProperty("cost").GetDecimal();
        Assert.True(total > 0, $"the offline generator's calls are priced by the project: {costs}");
        await Expect(page.GetByTestId("run-cost-total")).ToHaveTextAsync("$" + total.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("cost-row").First).ToContainTextAsync("generate");
        await BrowserFixture.ScreenshotAsync(page, "console-05-run-published-with-cost");

        // The run is in the list with its pipeline, state and cost; the costs page adds it to the project's total.
        await page.GetByTestId("nav-runs").ClickAsync();
        await Expect(page.Locator($"[data-testid=runs-table] tr[data-run-id='{runId}']")).ToContainTextAsync("landing-page v1");
        await Expect(page.Locator($"[data-testid=runs-table] tr[data-run-id='{runId}'] [data-testid=state]")).ToHaveTextAsync("published");
        await page.GetByTestId("nav-costs").ClickAsync();
        await Expect(page.GetByTestId("project-cost-total")).ToHaveTextAsync("$" + total.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("costs-by-stage")).ToContainTextAsync("generate");
        await BrowserFixture.ScreenshotAsync(page, "console-06-costs");

        var run = await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsFinished);
        Assert.Equal("published", run.GetProperty("state").GetString());
        Assert.Equal($"{SessionName}/approve", await fixture.Postgres.ScalarAsync<string>(
            $"SELECT string_agg(reviewer || '/' || decision, ';') FROM \"{fixture.Schema}\".approvals WHERE run_id = '{runId}'"));
        Assert.Empty(consoleErrors);
        await page.Context.CloseAsync();
    }

    private const string SessionName = "admin";

    private static ILocator StageItems(IPage page) => page.Locator("[data-testid=pipeline-stages] li[data-index]");

    private static async Task<string[]> StageTypesInOrderAsync(IPage page) =>
        (await StageItems(page).EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.stageType)")).ToArray();

    /// <summary>A project whose LLM calls (the offline generator's included) are priced, so runs cost something.</summary>
    private async Task<(Guid ProjectId, string AdminKey)> CreatePricedProjectAsync()
    {
        using var bootstrap = fixture.Client(fixture.BootstrapKey);
        using var created = await bootstrap.PostAsJsonAsync("/api/projects", new
        {
            name = "Acme Console",
            slug = "console-" + Guid.NewGuid().ToString("N")[..10],
            brand = new { voiceAndTone = "Plain, friendly, specific.", bannedPhrases = new[] { "world-class" }, requiredPhrases = Array.Empty<string>() },
            quality = new { minScore = 10 },
            llm = new { promptPricePer1kTokens = 0.5m, completionPricePer1kTokens = 1.5m },
        });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, body);
        using var document = JsonDocument.Parse(body);
        return (document.RootElement.GetProperty("project").GetProperty("id").GetGuid(), document.RootElement.GetProperty("adminKey").GetProperty("key").GetString()!);
    }
}
