using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Temporal.DevServer.Tests.Ui;
using static Microsoft.Playwright.Assertions;

namespace ContentFlows.Api.Tests.OperatorConsole;

/// <summary>
/// The console's project settings on the whole stack: forms saved as versions with If-Match, the API's validation
/// messages beside their fields, a stale save refused, the history's diff, write-only secrets, and an editor's key
/// kept off the admin-only settings.
/// </summary>
[Collection(ApiEnvironmentCollection.Name)]
public sealed class ConsoleSettingsBrowserTests(ApiEnvironmentFixture fixture, BrowserFixture browser)
    : IClassFixture<ApiEnvironmentFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Settings_EditValidateSaveAndDiff_StoredAsVersionsWithFieldErrorsShownWhereTheyBelong()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        var (page, errors) = await ConsoleSignIn.SignInAsync(browser, fixture, adminKey, "/console#/settings");
        await Expect(page.GetByTestId("settings-status")).ToContainTextAsync("Version 1");
        await Expect(page.GetByTestId("save-settings")).ToBeDisabledAsync();

        // Brand, quality and LLM fields; the quality threshold out of range is refused beside its field.
        await page.Locator("#settings-brand-voiceAndTone").FillAsync("Warm, concrete, no hype.");
        await page.Locator("#settings-brand-bannedPhrases").FillAsync("world-class\nsynergy");
        await page.Locator("#settings-brand-glossary").ClickAsync();
        await page.GetByLabel("Glossary 1: term").FillAsync("mesh");
        await page.GetByLabel("Glossary 1: usage").FillAsync("say mesh wifi, not mesh network");
        await page.Locator("#settings-brand-personas").ClickAsync();
        await page.Locator("#settings-brand-personas-0-name").FillAsync("Busy parent");
        await page.Locator("#settings-brand-personas-0-needs").FillAsync("fast setup\nno dead zones");
        await page.Locator("#settings-quality-minScore").FillAsync("150");
        await page.Locator("#settings-llm-prices").ClickAsync();
        await page.GetByLabel("Prices 1: model").FillAsync("offline");
        await page.GetByLabel("Prices 1: Input per 1M tokens").FillAsync("1.5");
        await page.GetByLabel("Prices 1: Output per 1M tokens").FillAsync("3");
        await page.Locator("#settings-llm-monthlyBudget").FillAsync("25");
        await page.Locator("#settings-llm-prompts-generate-system").FillAsync("You write product pages for Acme.");
        await page.GetByTestId("save-settings").ClickAsync();
        await Expect(page.Locator("p[data-error-for='quality.minScore']")).ToContainTextAsync("must be within 0..100");
        await Expect(page.Locator("#settings-quality-minScore")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByTestId("settings-errors")).ToContainTextAsync("Nothing was saved");
        await BrowserFixture.ScreenshotAsync(page, "console-40-settings-field-error");

        await page.Locator("#settings-quality-minScore").FillAsync("75");
        await page.GetByTestId("save-settings").ClickAsync();
        await Expect(page.GetByTestId("settings-status")).ToContainTextAsync("Version 2");
        await Expect(page.Locator("p[data-error-for]")).ToHaveCountAsync(0);
        using var admin = fixture.Client(adminKey);
        var stored = await admin.GetFromJsonAsync<JsonElement>($"/api/projects/{projectId}/settings");
        Assert.Equal(["world-class", "synergy"], stored.GetProperty("brand").GetProperty("bannedPhrases").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("say mesh wifi, not mesh network", stored.GetProperty("brand").GetProperty("glossary").GetProperty("mesh").GetString());
        Assert.Equal("Busy parent", stored.GetProperty("brand").GetProperty("personas")[0].GetProperty("name").GetString());
        Assert.Equal(75, stored.GetProperty("quality").GetProperty("minScore").GetInt32());
        Assert.Equal((1.5m, 3m), (stored.GetProperty("llm").GetProperty("prices").GetProperty("offline").GetProperty("inputPer1M").GetDecimal(), stored.GetProperty("llm").GetProperty("prices").GetProperty("offline").GetProperty("outputPer1M").GetDecimal()));
        Assert.Equal(25m, stored.GetProperty("llm").GetProperty("monthlyBudget").GetDecimal());
        Assert.Equal("You write product pages for Acme.", stored.GetProperty("llm").GetProperty("prompts").GetProperty("generate").GetProperty("system").GetString());

        // The history compares version 1 with 2, setting by setting.
        await Expect(page.Locator("[data-testid=settings-diff] tr[data-path='/quality/minScore']")).ToContainTextAsync("70");
        await Expect(page.Locator("[data-testid=settings-diff] tr[data-path='/quality/minScore']")).ToContainTextAsync("75");
        await Expect(page.Locator("[data-testid=settings-history] tr[data-version='2']")).ToContainTextAsync("admin");
        await BrowserFixture.ScreenshotAsync(page, "console-41-settings-saved-history");

        // A change made meanwhile elsewhere: the page's save is refused, not applied over it.
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/projects/{projectId}/settings") { Content = JsonContent.Create(new { quality = new { minScore = 60 } }) };
        (await admin.SendAsync(patch)).EnsureSuccessStatusCode();
        await page.Locator("#settings-brand-voiceAndTone").FillAsync("Changed on a stale page.");
        await page.GetByTestId("save-settings").ClickAsync();
        await Expect(page.GetByTestId("settings-conflict")).ToContainTextAsync("If-Match");
        Assert.Equal(60, (await admin.GetFromJsonAsync<JsonElement>($"/api/projects/{projectId}/settings")).GetProperty("quality").GetProperty("minScore").GetInt32());

        // Secrets are write-only: stored, never shown back.
        await page.GetByTestId("secret-value").FillAsync("sk-test-123");
        await page.GetByTestId("save-secret").ClickAsync();
        await Expect(page.GetByTestId("secret-stored")).ToContainTextAsync("llm-api-key");
        await Expect(page.GetByTestId("secret-value")).ToHaveValueAsync(string.Empty);
        Assert.Equal(1L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".project_secrets WHERE project_id = '{projectId}' AND name = 'llm-api-key'"));
        await page.GetByTestId("secret-purpose").SelectOptionAsync("webhook-signing");
        await page.GetByTestId("secret-value").FillAsync("whsec");
        await page.GetByTestId("save-secret").ClickAsync();
        await Expect(page.GetByTestId("secret-result")).ToContainTextAsync("host");
        Assert.Empty(errors);
        await page.Context.CloseAsync();

        // An editor changes brand and quality; LLM and publishing are locked, and there are no secrets to write.
        var editorKey = await fixture.CreateKeyAsync(adminKey, "eddie-editor", "editor");
        var (editorPage, _) = await ConsoleSignIn.SignInAsync(browser, fixture, editorKey, "/console#/settings");
        await Expect(editorPage.Locator("#settings-llm-endpoint")).ToBeDisabledAsync();
        await Expect(editorPage.Locator("#settings-quality-minScore")).ToBeEnabledAsync();
        await Expect(editorPage.GetByTestId("secret-form")).ToHaveCountAsync(0);
        await editorPage.Context.CloseAsync();
    }
}
