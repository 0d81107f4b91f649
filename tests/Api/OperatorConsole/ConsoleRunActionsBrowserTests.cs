using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Temporal.DevServer.Tests.Ui;
using static Microsoft.Playwright.Assertions;

namespace ContentFlows.Api.Tests.OperatorConsole;

/// <summary>
/// A run's actions on its console page against the whole stack: cancel while it waits for approval, retry from the
/// stage that did not finish (a new run linked to the old one, earlier stages reused), and approve the retry.
/// </summary>
[Collection(ApiEnvironmentCollection.Name)]
public sealed class ConsoleRunActionsBrowserTests(ApiEnvironmentFixture fixture, BrowserFixture browser)
    : IClassFixture<ApiEnvironmentFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task RunPage_CancelRetryApprove_TheRetryStartsAtTheUnfinishedStageAndPublishes()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey);
        var runId = await fixture.StartRunAsync(adminKey, definitionId);
        await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsAwaitingApproval);
        var (page, errors) = await ConsoleSignIn.SignInAsync(browser, fixture, adminKey, $"/console#/runs/{runId}");
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();

        await Expect(page.GetByTestId("approve")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("retry-run")).ToHaveCountAsync(0);
        await page.GetByTestId("cancel-run").ClickAsync();
        await Expect(page.Locator("[data-state=cancelled]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("retry-run")).ToHaveTextAsync("Retry from approval", new() { Timeout = 30_000 });
        await BrowserFixture.ScreenshotAsync(page, "console-30-run-cancelled-retry");

        await page.GetByTestId("retry-run").ClickAsync();
        await Expect(page.GetByTestId("retry-of")).ToHaveTextAsync("…" + runId.ToString()[^8..]);
        await Expect(page.GetByTestId("run-retry-from")).ToContainTextAsync("stage 3");
        await Expect(page.GetByTestId("approve")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=run-stages] li[data-stage-type=generate]")).ToContainTextAsync("reused");
        await BrowserFixture.ScreenshotAsync(page, "console-31-retry-awaiting-approval");
        var retryId = Guid.Parse(page.Url.Split("#/runs/")[1]);
        Assert.NotEqual(runId, retryId);

        await page.GetByTestId("approve").ClickAsync();
        await Expect(page.Locator("[data-state=published]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.GetByTestId("retry-of").ClickAsync();
        await Expect(page.GetByTestId("retry-link")).ToHaveTextAsync("…" + retryId.ToString()[^8..]);
        Assert.Empty(errors);
        await page.Context.CloseAsync();

        using var admin = fixture.Client(adminKey);
        var original = await admin.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
        Assert.Equal(("cancelled", retryId), (original.GetProperty("state").GetString(), original.GetProperty("retries")[0].GetGuid()));
        var retry = await fixture.WaitForRunAsync(adminKey, retryId, ApiEnvironmentFixture.IsFinished);
        Assert.Equal(("published", runId), (retry.GetProperty("state").GetString(), retry.GetProperty("retryOf").GetGuid()));
    }
}
