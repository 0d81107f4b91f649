using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Workflows.Notifications;
using ContentFlows.Workflows.Pipelines;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Api.Tests.Review;

/// <summary>
/// A translation reviewed and edited in its language, end to end over the API (PostgreSQL, dev server, worker, offline
/// generator): the run translates its English draft into German, the German gate rules fail it, the rewrite keeps it
/// German, and the reviewer's edits are German versions of the same source that the gates check again, the lost-figure
/// check included, before the German text is published.
/// </summary>
[Collection(ApiEnvironmentCollection.Name)]
public sealed class TranslationReviewTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    [Fact]
    public async Task NeedsReviewTranslation_EditedInGerman_EditsKeepLanguageAndSourceAndPassGatesThenGermanTextPublished()
    {
        var scenario = await TranslationScenario.CreateAsync(fixture);
        var runId = await scenario.StartRunAsync(fixture, "Acme Mesh Router");

        // The German rules (a forbidden phrase, a short title) fail the translation and its rewrite: it waits for a reviewer.
        var waiting = await fixture.WaitForRunAsync(scenario.ReviewerKey, runId, run => ApiEnvironmentFixture.IsAwaitingReview(run, 1));
        Assert.Equal(3, waiting.GetProperty("currentVersion").GetInt32());
        using var reviewer = fixture.Client(scenario.ReviewerKey);
        var queued = Assert.Single((await reviewer.GetFromJsonAsync<JsonElement[]>("/api/approvals"))!);
        Assert.Equal((runId, "de", 1), (queued.GetProperty("runId").GetGuid(), queued.GetProperty("language").GetString(), queued.GetProperty("sourceVersion").GetInt32()));

        var translated = await reviewer.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions/2");
        Assert.Equal(("translated", "de", 1), (translated.GetProperty("kind").GetString(), translated.GetProperty("language").GetString(), translated.GetProperty("derivedFrom").GetInt32()));
        var translatedReport = translated.GetProperty("gateReport");
        Assert.Equal("de", translatedReport.GetProperty("language").GetString());
        Assert.Equal(
            ["forbidden-phrase:body:no translation into", "length:title"],
            translatedReport.GetProperty("issues").EnumerateArray().Select(IssueText).Order(StringComparer.Ordinal));

        // The rewrite dropped the phrase but is still a German version of v1, checked by the German rules.
        var rewritten = await reviewer.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions/3");
        Assert.Equal(("rewritten", "de", 1), (rewritten.GetProperty("kind").GetString(), rewritten.GetProperty("language").GetString(), rewritten.GetProperty("derivedFrom").GetInt32()));
        Assert.Equal(["length:title"], rewritten.GetProperty("gateReport").GetProperty("issues").EnumerateArray().Select(IssueText));

        // A German edit that drops the source's figure fails the lost-figure check and waits again.
        using (var first = await reviewer.PostAsJsonAsync($"/api/runs/{runId}/approval", TranslationScenario.GermanEdit(withFigure: false)))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        await fixture.WaitForRunAsync(scenario.ReviewerKey, runId, run => ApiEnvironmentFixture.IsAwaitingReview(run, 2));
        var lostFigure = await reviewer.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions/4");
        Assert.Equal(("edited", "de", 1), (lostFigure.GetProperty("kind").GetString(), lostFigure.GetProperty("language").GetString(), lostFigure.GetProperty("derivedFrom").GetInt32()));
        Assert.Equal(
            ["missing-source-number:body:120", "translation-number-lost:body:120"],
            lostFigure.GetProperty("gateReport").GetProperty("issues").EnumerateArray().Select(IssueText).Order(StringComparer.Ordinal));

        // With the figure kept it passes and the German text is published.
        using (var second = await reviewer.PostAsJsonAsync($"/api/runs/{runId}/approval", TranslationScenario.GermanEdit(withFigure: true)))
        {
            Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        }

        var published = await fixture.WaitForRunAsync(scenario.ReviewerKey, runId, run => ApiEnvironmentFixture.IsFinished(run) || ApiEnvironmentFixture.IsAwaitingReview(run, 3));
        Assert.True(published.GetProperty("state").GetString() == "published", published.ToString());

        // Stored rows: every version after the translation is German and made from v1; the passing edit's report is German and clean.
        Assert.Equal(
            "1:generated:-:-;2:translated:de:1;3:rewritten:de:1;4:edited:de:1;5:edited:de:1;6:published:de:1",
            await fixture.Postgres.ScalarAsync<string>(
                $"SELECT string_agg(version || ':' || kind || ':' || COALESCE(language, '-') || ':' || COALESCE(derived_from::text, '-'), ';' ORDER BY version) FROM \"{fixture.Schema}\".content_versions WHERE run_id = '{runId}'"));
        Assert.Equal(
            "de:true:0",
            await fixture.Postgres.ScalarAsync<string>(
                $"SELECT (gate_report->>'language') || ':' || (gate_report->>'passed') || ':' || jsonb_array_length(gate_report->'issues') FROM \"{fixture.Schema}\".content_versions WHERE run_id = '{runId}' AND version = 5"));
        Assert.Equal(
            "1:edit:3:4;2:edit:4:5",
            await fixture.Postgres.ScalarAsync<string>(
                $"SELECT string_agg(round || ':' || decision || ':' || reviewed_version || ':' || resulting_version, ';' ORDER BY round) FROM \"{fixture.Schema}\".approvals WHERE run_id = '{runId}'"));

        // The published file is the German edit, not the English source.
        var slug = await fixture.Postgres.ScalarAsync<string>($"SELECT slug FROM \"{fixture.Schema}\".publications WHERE run_id = '{runId}'");
        var page = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(fixture.PublishDirectory, slug + ".html", SearchOption.AllDirectories)));
        Assert.Contains(TranslationScenario.GermanTitle, page, StringComparison.Ordinal);
        Assert.Contains("120 Quadratmeter", page, StringComparison.Ordinal);
        Assert.DoesNotContain("covers 120 square metres", page, StringComparison.Ordinal);

        // The history: translate, the gates and one rewrite, then each edit checked by the same gate stage before publishing.
        var history = await fixture.Temporal.GetWorkflowHandle<PipelineWorkflow>(published.GetProperty("workflowId").GetString()!).FetchHistoryAsync();
        var activities = history.Events
            .Where(e => e.EventType == EventType.ActivityTaskScheduled)
            .Select(e => e.ActivityTaskScheduledEventAttributes.ActivityType.Name)
            .Where(name => name is not PipelineActivityNames.UpdateRunState and not NotificationActivityNames.Send)
            .ToList();
        Assert.Equal(
            ["generate", "translate", "quality-gates", "rewrite", "quality-gates", PipelineActivityNames.RecordApproval, "quality-gates", PipelineActivityNames.RecordApproval, "quality-gates", "publish"],
            activities);
    }

    [Fact]
    public async Task ChangeSettings_BadLanguageRules_RefusedNamingEachField()
    {
        var scenario = await TranslationScenario.CreateAsync(fixture);
        using var editor = fixture.Client(scenario.EditorKey);
        using var refused = await editor.PatchAsJsonAsync($"/api/projects/{scenario.ProjectId}/settings", new
        {
            quality = new
            {
                languages = new Dictionary<string, object>
                {
                    ["German"] = new { forbiddenPhrases = new[] { "x" } },
                    ["fr"] = new { forbiddenPhrases = new[] { " " }, titleLength = new { min = 40, max = 20 } },
                },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(
            ["quality.languages.German", "quality.languages.fr.forbiddenPhrases", "quality.languages.fr.titleLength"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains("BCP 47", errors.GetProperty("quality.languages.German")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("40..20", errors.GetProperty("quality.languages.fr.titleLength")[0].GetString(), StringComparison.Ordinal);

        // A misspelt rule is named too.
        using var misspelt = await editor.PatchAsJsonAsync($"/api/projects/{scenario.ProjectId}/settings", new
        {
            quality = new { languages = new { de = new { forbidenPhrases = new[] { "x" } } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, misspelt.StatusCode);
        Assert.Contains("quality.languages.de", await misspelt.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Valid rules are a new settings version; the German ones the scenario set are kept beside them.
        using var changed = await editor.PatchAsJsonAsync($"/api/projects/{scenario.ProjectId}/settings", new
        {
            quality = new { languages = new { fr = new { forbiddenPhrases = new[] { "incroyable" }, bodyLength = new { min = 100, max = 9000 } } } },
        });
        var body = await changed.Content.ReadAsStringAsync();
        Assert.True(changed.IsSuccessStatusCode, body);
        var languages = JsonDocument.Parse(body).RootElement.GetProperty("quality").GetProperty("languages");
        Assert.Equal(["de", "fr"], languages.EnumerateObject().Select(l => l.Name).Order(StringComparer.Ordinal));
        Assert.Equal("incroyable", languages.GetProperty("fr").GetProperty("forbiddenPhrases")[0].GetString());
    }

    private static string IssueText(JsonElement issue) =>
        issue.GetProperty("code").GetString() + ":" + issue.GetProperty("field").GetString()
        + (issue.GetProperty("code").GetString() == "length" ? string.Empty : ":" + issue.GetProperty("evidence").GetString());
}
