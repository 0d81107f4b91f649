using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContentFlows.Temporal.DevServer.Tests.Ui;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentFlows.Api.Tests.OperatorConsole;

/// <summary>
/// The console's batches and datasets on the whole stack: an upload's row report, a batch started from the page and
/// followed live (pause, resume, cancel), the results' export, and a stored batch's units paged and filtered by the server.
/// </summary>
[Collection(ApiEnvironmentCollection.Name)]
public sealed class ConsoleBatchesBrowserTests(ApiEnvironmentFixture fixture, BrowserFixture browser)
    : IClassFixture<ApiEnvironmentFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Batches_UploadStartFollowAndExport_PauseResumeCancelReachTheWorkflow()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var reviewed = await fixture.CreateDefinitionAsync(adminKey);
        var draftOnly = await fixture.CreateDefinitionAsync(adminKey, withApproval: false);
        var (page, errors) = await ConsoleSignIn.SignInAsync(browser, fixture, adminKey, "/console#/batches");
        await Expect(page.GetByTestId("batches-empty")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("datasets-empty")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "console-20-batches-empty");

        // An upload with a bad row: the good ones are stored, the report names the bad one's line and field.
        await page.GetByTestId("dataset-file").SetInputFilesAsync(new FilePayload
        {
            Name = "catalogue.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("topic,audience\nAcme Mesh Router,families\n,nobody\nAcme Kettle,cooks\n"),
        });
        await Expect(page.GetByTestId("dataset-name")).ToHaveValueAsync("catalogue");
        await page.GetByTestId("upload-dataset").ClickAsync();
        await Expect(page.GetByTestId("row-report-summary")).ToHaveTextAsync("2 rows stored, 1 refused.");
        await Expect(page.GetByTestId("row-problems").Locator("tbody tr")).ToHaveTextAsync(new Regex("^3\\s*topic\\s*is required"));
        await Expect(page.Locator("[data-testid=datasets-table] tbody tr")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "console-21-dataset-row-report");

        // A file with no usable row stores nothing and says why, per line.
        await page.GetByTestId("dataset-file").SetInputFilesAsync(new FilePayload { Name = "empty.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("name\nRouter\n") });
        await page.GetByTestId("upload-dataset").ClickAsync();
        await Expect(page.GetByTestId("upload-error")).ToContainTextAsync("line 1: topic: The header has no topic column");

        // A batch whose items wait for a reviewer keeps running: pause, resume and cancel reach its workflow.
        await page.GetByTestId("batch-definition").SelectOptionAsync(reviewed.ToString());
        await page.GetByTestId("start-batch").ClickAsync();
        await Expect(page.GetByTestId("start-batch-error")).ToBeEmptyAsync();
        await Expect(page.GetByTestId("batch-state-badge")).ToHaveTextAsync("running");
        await Expect(page.Locator("[data-testid=batch-counts] li[data-count=waiting] strong")).ToHaveTextAsync("2", new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=units-table] tbody tr")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("batch-eta")).Not.ToBeEmptyAsync();
        await BrowserFixture.ScreenshotAsync(page, "console-22-batch-running");
        var batchId = Guid.Parse(page.Url.Split("#/batches/")[1]);

        await page.GetByTestId("batch-pause").ClickAsync();
        await Expect(page.GetByTestId("batch-state-badge")).ToHaveTextAsync("paused");
        await Expect(page.GetByTestId("batch-resume")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("batch-eta")).ToHaveTextAsync("paused");
        await page.GetByTestId("batch-resume").ClickAsync();
        await Expect(page.GetByTestId("batch-state-badge")).ToHaveTextAsync("running");
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await page.GetByTestId("batch-cancel").ClickAsync();
        await Expect(page.GetByTestId("batch-state-badge")).ToHaveTextAsync(new Regex("cancelling|cancelled"));
        using var admin = fixture.Client(adminKey);
        var cancelled = await admin.GetFromJsonAsync<JsonElement>($"/api/batches/{batchId}");
        Assert.Matches("cancelling|cancelled", cancelled.GetProperty("state").GetString());

        // A batch that needs nobody completes; its counts, cost and export come from the stored results.
        await page.GetByTestId("nav-batches").ClickAsync();
        await page.GetByTestId("batch-definition").SelectOptionAsync(draftOnly.ToString());
        await page.GetByTestId("start-batch").ClickAsync();
        await Expect(page.GetByTestId("batch-state-badge")).ToHaveTextAsync("completed", new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=batch-counts] li[data-count=done] strong")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("batch-finished")).ToHaveTextAsync("2 of 2 finished");
        await Expect(page.Locator("[data-testid=units-table] [data-testid=state]")).ToHaveTextAsync(["completed", "completed"]);
        await BrowserFixture.ScreenshotAsync(page, "console-23-batch-completed");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        Assert.EndsWith("-results.csv", download.SuggestedFilename, StringComparison.Ordinal);
        // Read as CSV: the generated bodies span lines inside their quoted cells.
        var (header, records) = await Batches.BatchExportTests.ReadCsvAsync(await File.ReadAllTextAsync(await download.PathAsync()));
        Assert.Equal(["completed", "completed"], records.Select(r => r[Array.IndexOf(header, "status")]));
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task BatchPage_ManyUnits_PagesAndFiltersOnTheServer()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey);
        var batchId = await ConsoleBatches.InsertAsync(fixture.Postgres, fixture.Schema, projectId, definitionId, 130);
        var reviewerKey = await fixture.CreateKeyAsync(adminKey, "rosa-reviewer", "reviewer");
        var (page, errors) = await ConsoleSignIn.SignInAsync(browser, fixture, reviewerKey, $"/console#/batches/{batchId}");

        await Expect(page.GetByTestId("units-count")).ToHaveTextAsync("1–50 of 130");
        await Expect(page.Locator("[data-testid=units-table] tbody tr").First).ToContainTextAsync("Item 1");
        await Expect(page.GetByTestId("batch-finished")).ToHaveTextAsync("98 of 130 finished");
        await Expect(page.GetByTestId("batch-pause")).ToHaveCountAsync(0);
        await page.GetByTestId("units-next").ClickAsync();
        await Expect(page.GetByTestId("units-count")).ToHaveTextAsync("51–100 of 130");
        await Expect(page.Locator("[data-testid=units-table] tbody tr").First).ToContainTextAsync("Item 51");
        await page.GetByTestId("units-next").ClickAsync();
        await Expect(page.GetByTestId("units-count")).ToHaveTextAsync("101–130 of 130");
        await Expect(page.GetByTestId("units-next")).ToBeDisabledAsync();
        await page.GetByTestId("units-previous").ClickAsync();
        await Expect(page.GetByTestId("units-count")).ToHaveTextAsync("51–100 of 130");

        await page.GetByTestId("units-status").SelectOptionAsync("failed");
        await Expect(page.GetByTestId("units-count")).ToHaveTextAsync("1–33 of 33");
        await Expect(page.Locator("[data-testid=units-table] [data-testid=state]").First).ToHaveTextAsync("failed");
        await page.GetByTestId("units-status").SelectOptionAsync("open");
        await Expect(page.GetByTestId("units-count")).ToHaveTextAsync("1–32 of 32");
        await BrowserFixture.ScreenshotAsync(page, "console-24-batch-units-filtered");
        await page.GetByTestId("units-status").SelectOptionAsync("cancelled");
        await Expect(page.GetByTestId("units-empty")).ToBeVisibleAsync();
        Assert.Empty(errors);
        await page.Context.CloseAsync();

        using var reviewer = fixture.Client(reviewerKey);
        var body = await reviewer.GetFromJsonAsync<JsonElement>($"/api/batches/{batchId}/items?status=needs-review&limit=5");
        Assert.Equal(32, body.GetProperty("total").GetInt64());
        Assert.Equal([2, 6, 10, 14, 18], body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemIndex").GetInt32()));
        var next = await reviewer.GetFromJsonAsync<JsonElement>($"/api/batches/{batchId}/items?status=needs-review&limit=5&cursor={body.GetProperty("nextCursor").GetString()}");
        Assert.Equal(22, next.GetProperty("items")[0].GetProperty("itemIndex").GetInt32());
        using var bad = await reviewer.GetAsync(new Uri($"/api/batches/{batchId}/items?status=sleeping&cursor=x", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
