using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Temporal.DevServer.Tests.Ui;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContentFlows.Api.Tests.Review;

/// <summary>
/// The reviewers' page in headless chromium against the whole stack (API on Kestrel, PostgreSQL, dev server, worker):
/// decisions made through the page must reach the runs. Screenshots go to artifacts/screenshots.
/// </summary>
[Collection(ApiEnvironmentCollection.Name)]
public sealed class ReviewPageBrowserTests(ApiEnvironmentFixture fixture, BrowserFixture browser)
    : IClassFixture<ApiEnvironmentFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ReviewPage_ApproveOneEditAnother_RunsPublishTheReviewedAndTheEditedText()
    {
        var scenario = await ReviewScenario.CreateAsync(fixture);
        var approvedRun = await scenario.StartRunAwaitingApprovalAsync(fixture, "Acme Mesh Router");
        var editedRun = await scenario.StartRunAwaitingApprovalAsync(fixture, "Acme Mesh Extender");
        var page = await SignInAsync(scenario.ReviewerKey);

        await Expect(page.GetByTestId("session-reviewer")).ToHaveTextAsync(scenario.ReviewerName);
        await Expect(page.Locator("[data-testid=queue-table] tbody tr")).ToHaveCountAsync(2);
        await Expect(QueueRow(page, approvedRun)).ToContainTextAsync(approvedRun.ToString()[^8..]);
        await BrowserFixture.ScreenshotAsync(page, "review-01-queue");

        // The first draft: the gate report and the brand guidelines beside the editor; approve it as it is.
        await QueueRow(page, approvedRun).GetByTestId("queue-open").ClickAsync();
        await Expect(page.GetByTestId("gate-report")).ToContainTextAsync("Fix:");
        await Expect(page.GetByTestId("gate-score")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^\\d+$"));
        await Expect(page.GetByTestId("brand-guidelines")).ToContainTextAsync("Made in Berlin");
        await Expect(page.GetByTestId("brand-guidelines")).ToContainTextAsync("two words, lower case");
        await Expect(page.GetByTestId("brand-guidelines")).ToContainTextAsync("busy families");
        await Expect(page.GetByTestId("brand-guidelines")).ToContainTextAsync("Busy parent");
        var reviewedTitle = await page.GetByTestId("field-title").InputValueAsync();
        await Expect(page.GetByTestId("draft-title")).ToHaveTextAsync(reviewedTitle);
        await BrowserFixture.ScreenshotAsync(page, "review-02-draft-with-gate-report");

        // The rewrite made v2 from v1: the diff between them comes from the API.
        await Expect(page.GetByTestId("diff-from")).ToHaveValueAsync("1");
        await Expect(page.GetByTestId("diff-to")).ToHaveValueAsync("2");
        await Expect(page.Locator("[data-testid=diff-body] .diff-field").First).ToBeVisibleAsync();

        await page.GetByTestId("approve").ClickAsync();
        await Expect(page.GetByTestId("decided")).ToContainTextAsync("Approved");
        await Expect(page.Locator("[data-testid=queue-table] tbody tr")).ToHaveCountAsync(1);

        // The second draft: change the title and the body, check the diff of the edits, save them (an edit decision).
        await QueueRow(page, editedRun).GetByTestId("queue-open").ClickAsync();
        await Expect(page.GetByTestId("gate-report")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("save-edits")).ToBeDisabledAsync();
        const string editedTitle = "Acme Mesh Extender: fast wifi in every room";
        var editedBody = "Made in Berlin. " + await page.GetByTestId("field-body").InputValueAsync() + "\n\nSet it up in ten minutes with the Acme app.";
        await page.GetByTestId("field-title").FillAsync(editedTitle);
        await page.GetByTestId("field-body").FillAsync(editedBody);
        await Expect(page.GetByTestId("approve")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("diff-to")).ToHaveValueAsync("edits");
        await Expect(page.GetByTestId("diff-field-title").Locator("ins").Last).ToContainTextAsync("every room");
        await Expect(page.GetByTestId("diff-field-body").Locator("ins").First).ToContainTextAsync("Made in Berlin.");
        await BrowserFixture.ScreenshotAsync(page, "review-03-edit-diff");
        await page.GetByTestId("save-edits").ClickAsync();
        await Expect(page.GetByTestId("decided")).ToContainTextAsync("Saved your edits");
        await Expect(page.GetByTestId("queue-empty")).ToBeVisibleAsync();

        // The runs went on: the first published the version the reviewer saw, the second the reviewer's text.
        using var reviewer = fixture.Client(scenario.ReviewerKey);
        var approved = await fixture.WaitForRunAsync(scenario.ReviewerKey, approvedRun, ApiEnvironmentFixture.IsFinished);
        Assert.Equal("published", approved.GetProperty("state").GetString());
        var approvedVersions = await reviewer.GetFromJsonAsync<JsonElement[]>($"/api/runs/{approvedRun}/versions") ?? [];
        Assert.Equal(["generated", "rewritten", "published"], approvedVersions.Select(v => v.GetProperty("kind").GetString()));
        Assert.Equal(reviewedTitle, approvedVersions[^1].GetProperty("fields").GetProperty("title").GetString());
        Assert.Equal(approvedVersions[1].GetProperty("fields").GetProperty("body").GetString(), approvedVersions[^1].GetProperty("fields").GetProperty("body").GetString());

        var edited = await fixture.WaitForRunAsync(scenario.ReviewerKey, editedRun, ApiEnvironmentFixture.IsFinished);
        Assert.Equal("published", edited.GetProperty("state").GetString());
        var editedVersions = await reviewer.GetFromJsonAsync<JsonElement[]>($"/api/runs/{editedRun}/versions") ?? [];
        Assert.Equal(["generated", "rewritten", "edited", "published"], editedVersions.Select(v => v.GetProperty("kind").GetString()));
        var publishedFields = editedVersions[^1].GetProperty("fields");
        Assert.Equal(editedTitle, publishedFields.GetProperty("title").GetString());
        Assert.Equal(editedBody, publishedFields.GetProperty("body").GetString());

        // The approvals audit names the reviewer once per run; the edit's diff records the changed fields.
        Assert.Equal($"{scenario.ReviewerName}/approve/2/2", await AuditAsync(approvedRun));
        Assert.Equal($"{scenario.ReviewerName}/edit/2/3", await AuditAsync(editedRun));
        var changedFields = await fixture.Postgres.ScalarAsync<string>($"SELECT string_agg(key, ',' ORDER BY key) FROM \"{fixture.Schema}\".approvals, jsonb_object_keys(diff) AS key WHERE run_id = '{editedRun}'");
        Assert.Equal("body,title", changedFields);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ReviewPage_RunWithAPublicationTime_ShowsItInTheQueueAndDraftAndApprovalWaitsForIt()
    {
        var scenario = await ReviewScenario.CreateAsync(fixture);
        var scheduledRun = await scenario.StartRunAsync(
            fixture,
            "Acme Mesh Router",
            run => ApiEnvironmentFixture.IsAwaitingApproval(run) && run.GetProperty("state").GetString() == "awaiting-approval",
            new Dictionary<string, string> { ["static-files"] = "2099-06-01T09:00" });
        var page = await SignInAsync(scenario.ReviewerKey);

        await Expect(QueueRow(page, scheduledRun).GetByTestId("scheduled-publication")).ToHaveTextAsync("static-files: 2099-06-01 09:00 (UTC)");
        await Expect(QueueRow(page, scheduledRun).Locator("time")).ToHaveAttributeAsync("datetime", "2099-06-01T09:00:00+00:00");
        await QueueRow(page, scheduledRun).GetByTestId("queue-open").ClickAsync();
        await Expect(page.GetByTestId("draft-publishes")).ToContainTextAsync("static-files: 2099-06-01 09:00 (UTC)");
        await BrowserFixture.ScreenshotAsync(page, "review-scheduled-publication");

        // Approved, the run waits for its time: nothing is published, the schedule stands.
        await page.GetByTestId("approve").ClickAsync();
        await Expect(page.GetByTestId("decided")).ToContainTextAsync("Approved");
        await fixture.WaitForRunAsync(scenario.ReviewerKey, scheduledRun, r => r.GetProperty("progress") is { ValueKind: JsonValueKind.Object } p && p.GetProperty("currentStage").GetString() == "publish");
        Assert.Equal(0L, await fixture.Postgres.ScalarAsync<long>($"SELECT COUNT(*) FROM \"{fixture.Schema}\".publications WHERE run_id = '{scheduledRun}'"));
        using var editor = fixture.Client(scenario.EditorKey);
        using var cancelled = await editor.DeleteAsync(new Uri($"/api/runs/{scheduledRun}/publications/static-files", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, cancelled.StatusCode);
        var ended = await fixture.WaitForRunAsync(scenario.ReviewerKey, scheduledRun, ApiEnvironmentFixture.IsFinished);
        Assert.Equal("completed", ended.GetProperty("state").GetString());
    }

    [Fact]
    public async Task ReviewPage_RejectWithReasonAndDraftDecidedElsewhere_ReasonRequiredAndConflictExplained()
    {
        var scenario = await ReviewScenario.CreateAsync(fixture);
        var rejectedRun = await scenario.StartRunAwaitingApprovalAsync(fixture, "Acme Smart Plug");
        var contestedRun = await scenario.StartRunAwaitingApprovalAsync(fixture, "Acme Door Sensor");
        var page = await SignInAsync(scenario.ReviewerKey);
        await Expect(page.Locator("[data-testid=queue-table] tbody tr")).ToHaveCountAsync(2);

        // Keyboard only: move to the first row, open it, press x to reject; an empty reason is refused in the page.
        await page.Keyboard.PressAsync("j");
        await Expect(page.GetByTestId("queue-open").First).ToBeFocusedAsync();
        await QueueRow(page, rejectedRun).GetByTestId("queue-open").PressAsync("Enter");
        await Expect(page.GetByTestId("gate-report")).ToBeVisibleAsync();
        await page.Locator("body").PressAsync("x");
        await Expect(page.GetByTestId("reject-reason")).ToBeFocusedAsync();
        await page.GetByTestId("reject-confirm").ClickAsync();
        await Expect(page.Locator("#reject-error")).ToContainTextAsync("A reason is required");
        const string reason = "Claims a setup time the sources do not support.";
        await page.GetByTestId("reject-reason").FillAsync(reason);
        await BrowserFixture.ScreenshotAsync(page, "review-04-reject-with-reason");
        await page.GetByTestId("reject-confirm").ClickAsync();
        await Expect(page.GetByTestId("decided")).ToContainTextAsync("Rejected");

        // Someone else approves the other draft while it is open here: the page says so instead of failing silently.
        await QueueRow(page, contestedRun).GetByTestId("queue-open").ClickAsync();
        await Expect(page.GetByTestId("approve")).ToBeEnabledAsync();
        using (var other = fixture.Client(scenario.EditorKey))
        using (var elsewhere = await other.PostAsJsonAsync($"/api/runs/{contestedRun}/approval", new { decision = "approve" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, elsewhere.StatusCode);
        }

        await fixture.WaitForRunAsync(scenario.ReviewerKey, contestedRun, run => !ApiEnvironmentFixture.IsAwaitingApproval(run));
        await page.GetByTestId("approve").ClickAsync();
        await Expect(page.GetByTestId("action-error")).ToContainTextAsync("Already decided by someone else");
        await BrowserFixture.ScreenshotAsync(page, "review-05-decided-elsewhere");

        var rejected = await fixture.WaitForRunAsync(scenario.ReviewerKey, rejectedRun, ApiEnvironmentFixture.IsFinished);
        Assert.Equal("rejected", rejected.GetProperty("state").GetString());
        Assert.Equal(reason, rejected.GetProperty("stateReason").GetString());
        Assert.Equal($"{scenario.ReviewerName}/reject/2/2", await AuditAsync(rejectedRun));
        await fixture.WaitForRunAsync(scenario.ReviewerKey, contestedRun, ApiEnvironmentFixture.IsFinished);
        Assert.Equal("erin-editor/approve/2/2", await AuditAsync(contestedRun));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ReviewPage_NeedsReviewDraftWithoutApprovalStage_ListedAsNeedsReviewApprovedAndPublished()
    {
        var scenario = await ReviewScenario.CreateAsync(fixture, withApprovalStage: false);
        var runId = await scenario.StartRunAsync(fixture, "Acme Mesh Router", run => ApiEnvironmentFixture.IsAwaitingReview(run, 1));
        var page = await SignInAsync(scenario.ReviewerKey);

        // Gates still fail after the rewrite and the definition has no approval stage: the draft is in the queue all the same.
        await Expect(page.Locator("[data-testid=queue-table] tbody tr")).ToHaveCountAsync(1);
        await Expect(QueueRow(page, runId).GetByTestId("queue-needs-review")).ToHaveTextAsync("Needs review");
        await QueueRow(page, runId).GetByTestId("queue-open").ClickAsync();
        await Expect(page.GetByTestId("draft-needs-review")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("gate-report")).ToContainTextAsync("Fix:");
        await BrowserFixture.ScreenshotAsync(page, "review-06-needs-review");
        await page.GetByTestId("approve").ClickAsync();
        await Expect(page.GetByTestId("decided")).ToContainTextAsync("Approved");
        await Expect(page.GetByTestId("queue-empty")).ToBeVisibleAsync();

        var published = await fixture.WaitForRunAsync(scenario.ReviewerKey, runId, ApiEnvironmentFixture.IsFinished);
        Assert.Equal("published", published.GetProperty("state").GetString());
        Assert.Equal($"{scenario.ReviewerName}/approve/2/2", await AuditAsync(runId));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ReviewPage_TranslationWaitingForReview_ShownBesideItsSourceWithItsOwnGateReportAndEditedInGerman()
    {
        var scenario = await TranslationScenario.CreateAsync(fixture);
        var runId = await scenario.StartRunAsync(fixture, "Acme Mesh Router");
        await fixture.WaitForRunAsync(scenario.ReviewerKey, runId, run => ApiEnvironmentFixture.IsAwaitingReview(run, 1));
        using var reviewer = fixture.Client(scenario.ReviewerKey);
        var source = (await reviewer.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions/1")).GetProperty("fields");
        var translation = (await reviewer.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions/3")).GetProperty("fields");
        var page = await SignInAsync(scenario.ReviewerKey);

        await Expect(QueueRow(page, runId).GetByTestId("queue-language")).ToHaveTextAsync("de");
        await QueueRow(page, runId).GetByTestId("queue-open").ClickAsync();

        // The editor holds the German draft (v3, the rewrite), not the English master; the master is beside it, read-only.
        await Expect(page.GetByTestId("translation-pair")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("editor-language")).ToHaveTextAsync("de");
        await Expect(page.GetByTestId("source-language")).ToHaveTextAsync("en");
        await Expect(page.GetByTestId("field-body")).ToHaveValueAsync(translation.GetProperty("body").GetString()!);
        await Expect(page.GetByTestId("source-body")).ToHaveTextAsync(source.GetProperty("body").GetString()!);
        await Expect(page.GetByTestId("source-title")).ToHaveTextAsync(source.GetProperty("title").GetString()!);
        await Expect(page.Locator("form.editor")).ToHaveAttributeAsync("lang", "de");
        await Expect(page.GetByTestId("draft-breadcrumb")).ToContainTextAsync("de · translated from en (v1)");
        Assert.Equal(0, await page.Locator("[data-testid=source-panel] input, [data-testid=source-panel] textarea").CountAsync());

        // Its own gate report: the German title rule, not the English one; the diff compares German versions only.
        await Expect(page.GetByTestId("gate-language")).ToHaveTextAsync("de");
        await Expect(page.GetByTestId("gate-verdict")).ToHaveTextAsync("Failed");
        await Expect(page.GetByTestId("gate-issues")).ToContainTextAsync("allowed 10–30");
        await Expect(page.GetByTestId("diff-from")).ToHaveValueAsync("2");
        await Expect(page.GetByTestId("diff-to")).ToHaveValueAsync("3");
        Assert.Equal(["2", "3"], await page.GetByTestId("diff-from").Locator("option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)"));
        await BrowserFixture.ScreenshotAsync(page, "review-07-translation-beside-source");

        // The reviewer writes German keeping the source's figure; the edit passes the gates again and is published.
        await page.GetByTestId("field-title").FillAsync(TranslationScenario.GermanTitle);
        await page.GetByTestId("field-body").FillAsync(TranslationScenario.GermanBody(withFigure: true));
        await page.GetByTestId("save-edits").ClickAsync();
        await Expect(page.GetByTestId("decided")).ToContainTextAsync("Saved your edits");
        var published = await fixture.WaitForRunAsync(scenario.ReviewerKey, runId, run => ApiEnvironmentFixture.IsFinished(run) || ApiEnvironmentFixture.IsAwaitingReview(run, 2));
        Assert.True(published.GetProperty("state").GetString() == "published", published.ToString());
        var edited = await reviewer.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions/4");
        Assert.Equal(("edited", "de", 1, true), (edited.GetProperty("kind").GetString(), edited.GetProperty("language").GetString(), edited.GetProperty("derivedFrom").GetInt32(), edited.GetProperty("gateReport").GetProperty("passed").GetBoolean()));
        Assert.Equal(TranslationScenario.GermanBody(withFigure: true), edited.GetProperty("fields").GetProperty("body").GetString());
        Assert.Equal("greta@acme.test/edit/3/4", await AuditAsync(runId));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ReviewPage_UnknownKey_SignInExplainsAndKeepsNoKey()
    {
        var page = await browser.NewPageAsync(fixture.BaseAddress);
        await page.GotoAsync("/review");
        await page.GetByTestId("api-key").FillAsync("cf_not-a-real-key");
        await page.GetByTestId("sign-in-submit").ClickAsync();
        await Expect(page.GetByTestId("sign-in-error")).ToContainTextAsync("not valid");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('contentflows.review.apiKey')"));
        await page.Context.CloseAsync();
    }

    private static ILocator QueueRow(IPage page, Guid runId) => page.Locator($"[data-testid=queue-table] tr[data-run-id='{runId}']");

    private async Task<IPage> SignInAsync(string key)
    {
        var page = await browser.NewPageAsync(fixture.BaseAddress);
        await page.GotoAsync("/review");
        await page.GetByTestId("api-key").FillAsync(key);
        await page.GetByTestId("sign-in-submit").ClickAsync();
        await Expect(page.Locator("#app[data-loaded]")).ToBeAttachedAsync();
        return page;
    }

    private Task<string?> AuditAsync(Guid runId) => fixture.Postgres.ScalarAsync<string>(
        $"SELECT string_agg(reviewer || '/' || decision || '/' || reviewed_version || '/' || resulting_version, ';') FROM \"{fixture.Schema}\".approvals WHERE run_id = '{runId}'");
}
