using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Api.Tests.Runs;

namespace ContentFlows.Api.Tests.Content;

[Collection(ApiEnvironmentCollection.Name)]
public sealed class ContentVersionsApiTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    private const string AddedParagraph = "\n\nShips in two days.";

    [Fact]
    public async Task DiffVersions_EditedDraft_ChangedFieldsOnlyWithOperationsThatRebuildBothTexts()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var reviewerKey = await fixture.CreateKeyAsync(adminKey, "dana@acme.test", "reviewer");
        var (runId, generated) = await PublishEditedRunAsync(adminKey);
        using var reviewer = fixture.Client(reviewerKey);

        var diff = await reviewer.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions/diff?from=1&to=2");

        Assert.Equal((runId, 1, 2), (diff.GetProperty("runId").GetGuid(), diff.GetProperty("from").GetInt32(), diff.GetProperty("to").GetInt32()));
        var changes = diff.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal(["title", "body"], changes.Select(c => c.GetProperty("field").GetString()));
        var body = changes[1];
        Assert.Equal(generated.GetProperty("body").GetString(), body.GetProperty("before").GetString());
        Assert.Equal(generated.GetProperty("body").GetString() + AddedParagraph, body.GetProperty("after").GetString());
        var ops = body.GetProperty("operations").EnumerateArray().Select(o => (Op: o.GetProperty("op").GetString(), Text: o.GetProperty("text").GetString())).ToList();
        Assert.Equal([("equal", generated.GetProperty("body").GetString()), ("insert", AddedParagraph)], ops);
        var title = changes[0];
        Assert.Equal(generated.GetProperty("title").GetString(), title.GetProperty("before").GetString());
        Assert.Equal("Mesh wifi for every room", title.GetProperty("after").GetString());
        var titleOps = title.GetProperty("operations").EnumerateArray().ToList();
        Assert.Equal(title.GetProperty("before").GetString(), string.Concat(titleOps.Where(o => o.GetProperty("op").GetString() != "insert").Select(o => o.GetProperty("text").GetString())));
        Assert.Equal(title.GetProperty("after").GetString(), string.Concat(titleOps.Where(o => o.GetProperty("op").GetString() != "delete").Select(o => o.GetProperty("text").GetString())));

        // The published snapshot is the edited text: nothing differs.
        var same = await reviewer.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions/diff?from=2&to=3");
        Assert.Equal(0, same.GetProperty("changes").GetArrayLength());

        using var missing = await reviewer.GetAsync(new Uri($"/api/runs/{runId}/versions/diff?to=2", UriKind.Relative));
        Assert.True((await RunsApiTests.AssertProblemAsync(missing, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("from", out _));
        using var malformed = await reviewer.GetAsync(new Uri($"/api/runs/{runId}/versions/diff?from=1&to=two", UriKind.Relative));
        Assert.True((await RunsApiTests.AssertProblemAsync(malformed, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("to", out _));
        using var unknownVersion = await reviewer.GetAsync(new Uri($"/api/runs/{runId}/versions/diff?from=1&to=9", UriKind.Relative));
        await RunsApiTests.AssertProblemAsync(unknownVersion, HttpStatusCode.NotFound);
        using var unknownRun = await reviewer.GetAsync(new Uri($"/api/runs/{Guid.NewGuid()}/versions/diff?from=1&to=2", UriKind.Relative));
        await RunsApiTests.AssertProblemAsync(unknownRun, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ActivateAndRollBack_PublishedRun_EachChangeAuditedAndRollbacksWalkBackToThePublishedVersion()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var editorKey = await fixture.CreateKeyAsync(adminKey, "erin-editor", "editor");
        var reviewerKey = await fixture.CreateKeyAsync(adminKey, "dana@acme.test", "reviewer");
        var (runId, _) = await PublishEditedRunAsync(adminKey);
        using var editor = fixture.Client(editorKey);

        // Before any choice, the published version is the active one.
        var initial = await editor.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions/active");
        Assert.Equal((3, JsonValueKind.Null, JsonValueKind.Null), (initial.GetProperty("version").GetInt32(), initial.GetProperty("rollbackVersion").ValueKind, initial.GetProperty("changedBy").ValueKind));

        using var reviewer = fixture.Client(reviewerKey);
        using var refused = await reviewer.PostAsync(new Uri($"/api/runs/{runId}/versions/1/activate", UriKind.Relative), null);
        await RunsApiTests.AssertProblemAsync(refused, HttpStatusCode.Forbidden);

        Assert.Equal((1, 3), await ChangeAsync(editor, $"/api/runs/{runId}/versions/1/activate"));
        using var again = await editor.PostAsync(new Uri($"/api/runs/{runId}/versions/1/activate", UriKind.Relative), null);
        await RunsApiTests.AssertProblemAsync(again, HttpStatusCode.Conflict);
        Assert.Equal((2, 1), await ChangeAsync(editor, $"/api/runs/{runId}/versions/2/activate"));
        using var unknown = await editor.PostAsync(new Uri($"/api/runs/{runId}/versions/9/activate", UriKind.Relative), null);
        await RunsApiTests.AssertProblemAsync(unknown, HttpStatusCode.NotFound);

        Assert.Equal((1, 3), await ChangeAsync(editor, $"/api/runs/{runId}/versions/rollback"));
        Assert.Equal((3, null), await ChangeAsync(editor, $"/api/runs/{runId}/versions/rollback"));
        using var exhausted = await editor.PostAsync(new Uri($"/api/runs/{runId}/versions/rollback", UriKind.Relative), null);
        await RunsApiTests.AssertProblemAsync(exhausted, HttpStatusCode.Conflict);

        var active = await reviewer.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions/active");
        Assert.Equal((3, "erin-editor"), (active.GetProperty("version").GetInt32(), active.GetProperty("changedBy").GetString()));
        var audit = active.GetProperty("changes").EnumerateArray()
            .Select(c => (c.GetProperty("action").GetString(), c.GetProperty("version").GetInt32(), c.GetProperty("previousVersion").GetInt32(), c.GetProperty("changedBy").GetString()))
            .ToList();
        Assert.Equal(
            [("activate", 1, 3, "erin-editor"), ("activate", 2, 1, "erin-editor"), ("rollback", 1, 2, "erin-editor"), ("rollback", 3, 1, "erin-editor")],
            audit);
        Assert.Equal(3, await fixture.Postgres.ScalarAsync<int>($"SELECT version FROM \"{fixture.Schema}\".active_content_versions WHERE run_id = '{runId}'"));
        Assert.Equal(4L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".active_content_version_changes WHERE run_id = '{runId}'"));
    }

    [Fact]
    public async Task ActivateAndRollBack_RunNeverPublished_NoActiveVersionUntilActivatedAndNothingToRollBackTo()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey, withApproval: false);
        var runId = await fixture.StartRunAsync(adminKey, definitionId);
        await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsFinished);
        using var client = fixture.Client(adminKey);

        var none = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions/active");
        Assert.Equal(JsonValueKind.Null, none.GetProperty("version").ValueKind);
        using var nothing = await client.PostAsync(new Uri($"/api/runs/{runId}/versions/rollback", UriKind.Relative), null);
        await RunsApiTests.AssertProblemAsync(nothing, HttpStatusCode.Conflict);

        Assert.Equal((1, null), await ChangeAsync(client, $"/api/runs/{runId}/versions/1/activate"));
        using var stillNothing = await client.PostAsync(new Uri($"/api/runs/{runId}/versions/rollback", UriKind.Relative), null);
        await RunsApiTests.AssertProblemAsync(stillNothing, HttpStatusCode.Conflict);
        Assert.Equal(1L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".active_content_version_changes WHERE run_id = '{runId}'"));
    }

    [Fact]
    public async Task DiffVersions_ReviewerEditedAVariant_VariantReadAndDiffedAfterThePageFields()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        using var client = fixture.Client(adminKey);
        using var invalid = await client.PostAsJsonAsync("/api/definitions", new { name = "bad-variants", stages = new[] { new { type = "generate", config = new { variants = new Dictionary<string, int> { ["tweet"] = 2 } } } } });
        var problem = await RunsApiTests.AssertProblemAsync(invalid, HttpStatusCode.BadRequest);
        var messages = problem.GetProperty("errors").EnumerateObject().SelectMany(e => e.Value.EnumerateArray()).Select(m => m.GetString());
        Assert.Contains("Stage 0 (generate): variants has the unknown kind \"tweet\"; known: headline, social-post, ad-copy, email-subject.", messages);
        object[] stages =
        [
            new { type = "generate", config = new { targetWords = 150, variants = new Dictionary<string, int> { ["headline"] = 2, ["ad-copy"] = 1 } } },
            new { type = "approval", config = new { timeoutSeconds = 600 } },
        ];
        using var created = await client.PostAsJsonAsync("/api/definitions", new { name = "with-variants", stages });
        var definitionId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        var runId = await fixture.StartRunAsync(adminKey, definitionId);
        await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsAwaitingApproval);
        var generated = (await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions/1")).GetProperty("fields").Clone();
        var variants = generated.GetProperty("variants").EnumerateArray().Select(v => (Kind: v.GetProperty("kind").GetString()!, Text: v.GetProperty("text").GetString()!)).ToList();
        Assert.Equal(["headline", "headline", "ad-copy"], variants.Select(v => v.Kind));

        var content = new
        {
            title = "Mesh wifi for every room",
            metaDescription = generated.GetProperty("metaDescription").GetString(),
            h1 = generated.GetProperty("h1").GetString(),
            body = generated.GetProperty("body").GetString(),
            cta = generated.GetProperty("cta").GetString(),
            variants = variants.Select((v, i) => new { kind = v.Kind, text = i == 1 ? "Mesh wifi in every room" : v.Text }),
        };
        using var edited = await client.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "edit", reason = "Sharper headline", content });
        Assert.Equal(HttpStatusCode.Accepted, edited.StatusCode);
        await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsFinished);

        var diff = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions/diff?from=1&to=2");
        var changes = diff.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal(["title", "variants[1]"], changes.Select(c => c.GetProperty("field").GetString()));
        Assert.Equal(($"headline: {variants[1].Text}", "headline: Mesh wifi in every room"), (changes[1].GetProperty("before").GetString(), changes[1].GetProperty("after").GetString()));
        var stored = (await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions/2")).GetProperty("fields").GetProperty("variants");
        Assert.Equal([variants[0].Text, "Mesh wifi in every room", variants[2].Text], stored.EnumerateArray().Select(v => v.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task DiffVersions_TwoMegabyteReviewerEdit_AnsweredWithinSecondsAsReplacedWhole()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();

        // ~2 MB of distinct words: a word-by-word diff of it against the draft once pinned a core for minutes.
        var body = string.Join(' ', Enumerable.Range(0, 193_000).Select(i => "word" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var (runId, generated) = await PublishEditedRunAsync(adminKey, body);
        using var client = fixture.Client(adminKey);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await client.GetAsync(new Uri($"/api/runs/{runId}/versions/diff?from=1&to=2", UriKind.Relative), deadline.Token);
        var diff = JsonDocument.Parse(await response.Content.ReadAsStringAsync(deadline.Token)).RootElement;

        Assert.InRange(body.Length, 2_000_000, 2_097_152);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var change = Assert.Single(diff.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == "body");
        Assert.Contains("shown as replaced whole", change.GetProperty("note").GetString(), StringComparison.Ordinal);
        var ops = change.GetProperty("operations").EnumerateArray().Select(o => (Op: o.GetProperty("op").GetString(), Text: o.GetProperty("text").GetString())).ToList();
        Assert.Equal([("delete", generated.GetProperty("body").GetString()), ("insert", body)], ops);
    }

    private static async Task<(int Version, int? RollbackVersion)> ChangeAsync(HttpClient client, string path)
    {
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var active = JsonDocument.Parse(body).RootElement;
        var rollback = active.GetProperty("rollbackVersion");
        return (active.GetProperty("version").GetInt32(), rollback.ValueKind == JsonValueKind.Null ? null : rollback.GetInt32());
    }

    // A run whose reviewer changed the title and added a paragraph: versions 1 generated, 2 edited, 3 published.
    // With editedBody, the reviewer replaced the body with it instead.
    private async Task<(Guid RunId, JsonElement Generated)> PublishEditedRunAsync(string adminKey, string? editedBody = null)
    {
        var definitionId = await fixture.CreateDefinitionAsync(adminKey);
        var runId = await fixture.StartRunAsync(adminKey, definitionId);
        await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsAwaitingApproval);
        using var client = fixture.Client(adminKey);
        var generated = (await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions/1")).GetProperty("fields").Clone();
        var content = new
        {
            title = "Mesh wifi for every room",
            metaDescription = generated.GetProperty("metaDescription").GetString(),
            h1 = generated.GetProperty("h1").GetString(),
            body = editedBody ?? generated.GetProperty("body").GetString() + AddedParagraph,
            cta = generated.GetProperty("cta").GetString(),
        };
        using var edited = await client.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "edit", reason = "Sharper title", content });
        Assert.Equal(HttpStatusCode.Accepted, edited.StatusCode);
        var finished = await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsFinished);
        Assert.Equal("published", finished.GetProperty("state").GetString());
        return (runId, generated);
    }
}
