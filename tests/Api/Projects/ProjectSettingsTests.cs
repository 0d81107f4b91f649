using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Api.Tests.Runs;

namespace ContentFlows.Api.Tests.Projects;

[Collection(ApiEnvironmentCollection.Name)]
public sealed class ProjectSettingsTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    [Fact]
    public async Task PatchSettings_WhileARunWaitsForApproval_ThatRunPublishesWithItsPinnedGatesAndANewRunUsesTheNewOnes()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        var editorKey = await fixture.CreateKeyAsync(adminKey, "erin-editor", "editor");
        using var admin = fixture.Client(adminKey);
        using var editor = fixture.Client(editorKey);

        // The gates run after the approval: at a time the settings have already changed.
        using var definition = await admin.PostAsJsonAsync("/api/definitions", new
        {
            name = "approve-then-gate",
            stages = new object[]
            {
                new { type = "generate", config = new { targetWords = 150 } },
                new { type = "approval", config = new { timeoutSeconds = 600 } },
                new { type = "quality-gates", config = new { } },
                new { type = "publish", config = new { channel = "static-files" } },
            },
        });
        Assert.True(definition.IsSuccessStatusCode, await definition.Content.ReadAsStringAsync());
        var definitionId = (await definition.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var oldRunId = await fixture.StartRunAsync(adminKey, definitionId);
        var oldRun = await fixture.WaitForRunAsync(adminKey, oldRunId, ApiEnvironmentFixture.IsAwaitingApproval);
        Assert.Equal(1, oldRun.GetProperty("settingsVersion").GetInt32());
        var oldTitle = (await admin.GetFromJsonAsync<JsonElement>($"/api/runs/{oldRunId}/versions/1")).GetProperty("fields").GetProperty("title").GetString()!;

        // Version 2 bans the waiting draft's own title and raises the bar to 100.
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/projects/{projectId}/settings")
        {
            Content = JsonContent.Create(new { brand = new { bannedPhrases = new[] { "world-class", oldTitle } }, quality = new { minScore = 100 } }),
        };
        patch.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
        using var patched = await editor.SendAsync(patch);
        var changed = await patched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(patched.StatusCode == HttpStatusCode.OK, changed.ToString());
        Assert.Equal("\"2\"", patched.Headers.ETag?.Tag);
        Assert.Equal((2, "erin-editor"), (changed.GetProperty("version").GetInt32(), changed.GetProperty("changedBy").GetString()));
        Assert.Equal(["/brand/bannedPhrases", "/quality/minScore"], changed.GetProperty("changedPaths").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("Plain, friendly, specific.", changed.GetProperty("brand").GetProperty("voiceAndTone").GetString());

        var newRunId = await fixture.StartRunAsync(adminKey, definitionId);
        var newRun = await fixture.WaitForRunAsync(adminKey, newRunId, ApiEnvironmentFixture.IsAwaitingApproval);
        Assert.Equal(2, newRun.GetProperty("settingsVersion").GetInt32());

        foreach (var runId in new[] { oldRunId, newRunId })
        {
            using var approved = await admin.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "approve" });
            Assert.True(approved.StatusCode == HttpStatusCode.Accepted, await approved.Content.ReadAsStringAsync());
        }

        // The old run's gates applied version 1 (under version 2 its title is banned): it publishes.
        var published = await fixture.WaitForRunAsync(adminKey, oldRunId, ApiEnvironmentFixture.IsFinished);
        Assert.Equal("published", published.GetProperty("state").GetString());
        Assert.Equal("70", await GateMinScoreAsync(oldRunId));
        Assert.Equal(1L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".publications WHERE run_id = '{oldRunId}'"));

        // The new run's gates applied version 2.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (await GateMinScoreAsync(newRunId) is null)
        {
            await poll.WaitForNextTickAsync(deadline.Token);
        }

        Assert.Equal("100", await GateMinScoreAsync(newRunId));
        var held = await fixture.WaitForRunAsync(adminKey, newRunId, run => run.GetProperty("state").GetString() == "needs-review");
        Assert.Equal("needs-review", held.GetProperty("state").GetString());
        Assert.Equal(
            "false",
            await fixture.Postgres.ScalarAsync<string>($"SELECT gate_report ->> 'passed' FROM \"{fixture.Schema}\".content_versions WHERE run_id = '{newRunId}' AND gate_report IS NOT NULL ORDER BY version DESC LIMIT 1"));
        Assert.Equal(0L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".publications WHERE run_id = '{newRunId}'"));
        Assert.Equal(
            "1,2",
            await fixture.Postgres.ScalarAsync<string>($"SELECT string_agg(settings_version::text, ',' ORDER BY created_at) FROM \"{fixture.Schema}\".pipeline_runs WHERE id IN ('{oldRunId}', '{newRunId}')"));
    }

    [Fact]
    public async Task ChangeSettings_ValidationRolesConcurrencyVersionsAndDiff_AnsweredAsProblemsAndVersioned()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        var editorKey = await fixture.CreateKeyAsync(adminKey, "erin-editor", "editor");
        var reviewerKey = await fixture.CreateKeyAsync(adminKey, "rita-reviewer", "reviewer");
        using var admin = fixture.Client(adminKey);
        using var editor = fixture.Client(editorKey);
        using var reviewer = fixture.Client(reviewerKey);
        var path = $"/api/projects/{projectId}/settings";

        var bad = await ProblemAsync(editor, HttpMethod.Patch, path, new { quality = new { minScore = 150 }, colour = "blue" }, HttpStatusCode.BadRequest);
        Assert.Contains("colour", Fields(bad));
        var range = await ProblemAsync(editor, HttpMethod.Patch, path, new { quality = new { minScore = 150 } }, HttpStatusCode.BadRequest);
        Assert.Equal(["quality.minScore"], Fields(range));
        var typo = await ProblemAsync(editor, HttpMethod.Patch, path, new { brand = new { bannedPhrase = new[] { "cheap" } } }, HttpStatusCode.BadRequest);
        Assert.Contains(Fields(typo), f => f.StartsWith("brand", StringComparison.Ordinal));
        var blank = await ProblemAsync(editor, HttpMethod.Patch, path, new { brand = new { bannedPhrases = new[] { " " } }, llm = new { currency = "euro" } }, HttpStatusCode.BadRequest);
        Assert.Superset(new HashSet<string> { "brand.bannedPhrases", "llm.currency" }, Fields(blank).ToHashSet());

        // Editors change the brand, not where the LLM key goes or what calls cost; reviewers change nothing.
        await ProblemAsync(editor, HttpMethod.Patch, path, new { llm = new { defaultModel = "gpt-4o" } }, HttpStatusCode.Forbidden);
        using (var denied = await reviewer.PatchAsJsonAsync(path, new { brand = new { voiceAndTone = "Loud." } }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        // As RFC 7396 names it: application/merge-patch+json.
        using (var glossary = await editor.PatchAsync(
            new Uri(path, UriKind.Relative),
            JsonContent.Create(new { brand = new { glossary = new Dictionary<string, string> { ["mesh wifi"] = "two words, lower case" } } }, new System.Net.Http.Headers.MediaTypeHeaderValue("application/merge-patch+json"))))
        {
            Assert.Equal(HttpStatusCode.OK, glossary.StatusCode);
        }

        // Based on version 1 while version 2 is the latest: refused, nothing stored.
        using var stale = new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(new { brand = new { voiceAndTone = "Terse." } }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        using (var refused = await admin.SendAsync(stale))
        {
            await RunsApiTests.AssertProblemAsync(refused, HttpStatusCode.PreconditionFailed);
        }

        using (var llm = await admin.PatchAsJsonAsync(path, new { llm = new { defaultModel = "gpt-4o", currency = "EUR", prices = new { gpt4o = new { inputPer1M = 2.3m, outputPer1M = 9.2m } } } }))
        {
            Assert.True(llm.StatusCode == HttpStatusCode.OK, await llm.Content.ReadAsStringAsync());
        }

        // The same settings again change nothing: no version 4.
        using (var same = await admin.PatchAsJsonAsync(path, new { llm = new { defaultModel = "gpt-4o" } }))
        {
            var body = await same.Content.ReadAsStringAsync();
            Assert.True(same.StatusCode == HttpStatusCode.OK, body);
            Assert.Equal(3, JsonDocument.Parse(body).RootElement.GetProperty("version").GetInt32());
        }

        // A whole document replaces the settings; omitted sections are errors, not resets.
        var replaced = await ProblemAsync(editor, HttpMethod.Put, path, new { brand = new { voiceAndTone = "Terse." } }, HttpStatusCode.BadRequest);
        Assert.NotEmpty(Fields(replaced));

        var versions = await admin.GetFromJsonAsync<JsonElement>($"{path}/versions");
        Assert.Equal(
            ["3/admin//llm/currency,/llm/defaultModel,/llm/prices/gpt4o", "2/erin-editor//brand/glossary/mesh wifi", "1/project creation/"],
            versions.EnumerateArray().Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.GetProperty("version").GetInt32()}/{v.GetProperty("changedBy").GetString()}/{string.Join(',', v.GetProperty("changedPaths").EnumerateArray().Select(p => p.GetString()))}")));

        var diff = await reviewer.GetFromJsonAsync<JsonElement>($"{path}/diff?from=1&to=3");
        var changes = diff.GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("path").GetString()!, c => (From: c.GetProperty("from"), To: c.GetProperty("to")));
        Assert.Equal(["/brand/glossary/mesh wifi", "/llm/currency", "/llm/defaultModel", "/llm/prices/gpt4o"], changes.Keys);
        Assert.Equal(("offline", "gpt-4o"), (changes["/llm/defaultModel"].From.GetString(), changes["/llm/defaultModel"].To.GetString()));
        Assert.Equal(JsonValueKind.Null, changes["/llm/currency"].From.ValueKind);
        Assert.Equal(JsonValueKind.Null, changes["/llm/prices/gpt4o"].From.ValueKind);
        Assert.Equal(9.2m, changes["/llm/prices/gpt4o"].To.GetProperty("outputPer1M").GetDecimal());
        var first = await reviewer.GetFromJsonAsync<JsonElement>($"{path}/versions/1");
        Assert.Equal("offline", first.GetProperty("llm").GetProperty("defaultModel").GetString());
        var latest = await reviewer.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal((3, "EUR"), (latest.GetProperty("version").GetInt32(), latest.GetProperty("llm").GetProperty("currency").GetString()));

        await ProblemAsync(reviewer, HttpMethod.Get, $"{path}/diff?from=1&to=9", null, HttpStatusCode.NotFound);
        await ProblemAsync(reviewer, HttpMethod.Get, $"{path}/diff?from=0&to=2", null, HttpStatusCode.BadRequest);
        await ProblemAsync(reviewer, HttpMethod.Get, $"/api/projects/{Guid.NewGuid()}/settings/versions", null, HttpStatusCode.NotFound);
    }

    private static IReadOnlyList<string> Fields(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();

    private static async Task<JsonElement> ProblemAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        return await RunsApiTests.AssertProblemAsync(response, expected);
    }

    private Task<string?> GateMinScoreAsync(Guid runId) =>
        fixture.Postgres.ScalarAsync<string?>(
            $"SELECT gate_report ->> 'minScore' FROM \"{fixture.Schema}\".content_versions WHERE run_id = '{runId}' AND gate_report IS NOT NULL ORDER BY version DESC LIMIT 1");
}
