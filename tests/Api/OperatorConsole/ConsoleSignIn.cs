using ContentFlows.Temporal.DevServer.Tests.Ui;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentFlows.Api.Tests.OperatorConsole;

/// <summary>Opens the console in a new browser context and signs in with a key; collects the page's script and CSP errors.</summary>
internal static class ConsoleSignIn
{
    public static async Task<(IPage Page, List<string> ConsoleErrors)> SignInAsync(BrowserFixture browser, ApiEnvironmentFixture fixture, string key, string path = "/console")
    {
        var page = await browser.NewPageAsync(fixture.BaseAddress);
        var errors = new List<string>();

        // CSP refusals and script errors show up here; the console must cause none. Chromium also logs every 4xx answer
        // as an error, and tests provoke those on purpose (the page shows them), so those lines are not counted.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(path);
        await page.GetByTestId("api-key").FillAsync(key);
        await page.GetByTestId("sign-in-submit").ClickAsync();
        await Expect(page.Locator("#app[data-loaded]")).ToBeAttachedAsync();
        return (page, errors);
    }
}
