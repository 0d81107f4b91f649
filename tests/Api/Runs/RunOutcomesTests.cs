using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Activities.Tests.Publishing;

namespace ContentFlows.Api.Tests.Runs;

/// <summary>Failed runs reach their rows with the reason and per-stage status; a retry reuses the stages that finished.</summary>
[Collection(ApiEnvironmentCollection.Name)]
public sealed class RunOutcomesTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    private const string SigningSecretName = "webhook-signing-key";

    [Fact]
    public async Task PublishAnswers400_RunFailedWithReasonAndStages_RetryReusesGenerateAndPublishes()
    {
        var signingKey = "whsec-" + Guid.NewGuid().ToString("N");
        await using var receiver = await FakeWebhookReceiver.StartAsync(signingKey);
        receiver.Enqueue(WebhookReply.Fail(400, "The receiver refuses this payload."));
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        using var admin = fixture.Client(adminKey);
        using (var put = await admin.PutAsJsonAsync($"/api/projects/{projectId}/secrets/{SigningSecretName}", new { value = signingKey, purpose = "webhook-signing", host = "127.0.0.1" }))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        using var definition = await admin.PostAsJsonAsync("/api/definitions", new
        {
            name = "syndicated",
            stages = new object[]
            {
                new { type = "generate", config = new { targetWords = 120 } },
                new { type = "publish", config = new { channels = new object[] { new { type = "webhook", url = receiver.Url.ToString(), signingSecretName = SigningSecretName, timeoutSeconds = 10 } } } },
            },
        });
        var definitionBody = await definition.Content.ReadAsStringAsync();
        Assert.True(definition.IsSuccessStatusCode, definitionBody);
        var definitionId = JsonDocument.Parse(definitionBody).RootElement.GetProperty("id").GetGuid();
        var runId = await fixture.StartRunAsync(adminKey, definitionId);

        // A 400 fails the publish stage for good; no worker records that, the reconciler does, within seconds.
        var failed = await fixture.WaitForRunAsync(adminKey, runId, run => run.GetProperty("state").GetString() == "failed", deadlineSeconds: 30);
        Assert.Contains("publish stage failed", failed.GetProperty("stateReason").GetString(), StringComparison.Ordinal);
        Assert.Contains("400", failed.GetProperty("stateReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(["done", "failed"], Enumerable.Range(0, 2).Select(i => ApiEnvironmentFixture.StageStatusOf(failed, i)));
        var publishStage = failed.GetProperty("stages")[1];
        Assert.Equal((1, "publish"), (publishStage.GetProperty("attempt").GetInt32(), publishStage.GetProperty("type").GetString()));
        Assert.Contains("400", publishStage.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("failed", await fixture.Postgres.ScalarAsync<string>($"SELECT status FROM \"{fixture.Schema}\".pipeline_runs WHERE id = '{runId}' AND closed_at IS NOT NULL"));
        using (var listed = await admin.GetAsync(new Uri("/api/runs?state=failed", UriKind.Relative)))
        {
            var page = await listed.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(runId, Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        }

        // The receiver accepts from now on: the retry publishes, running only the failed stage.
        var originalCosts = await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".llm_calls WHERE run_id = '{runId}'");
        using var retried = await admin.PostAsync(new Uri($"/api/runs/{runId}/retry", UriKind.Relative), content: null);
        var retriedBody = await retried.Content.ReadAsStringAsync();
        Assert.True(retried.StatusCode == HttpStatusCode.Created, retriedBody);
        var retryId = JsonDocument.Parse(retriedBody).RootElement.GetProperty("id").GetGuid();
        Assert.Equal((runId, 1), (JsonDocument.Parse(retriedBody).RootElement.GetProperty("retryOf").GetGuid(), JsonDocument.Parse(retriedBody).RootElement.GetProperty("retryFromStage").GetInt32()));

        var published = await fixture.WaitForRunAsync(adminKey, retryId, run => run.GetProperty("state").GetString() == "published" && run.GetProperty("progress").ValueKind == JsonValueKind.Null);
        Assert.Equal(["done", "done"], Enumerable.Range(0, 2).Select(i => ApiEnvironmentFixture.StageStatusOf(published, i)));
        Assert.Equal([true, false], published.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("reused").GetBoolean()));
        Assert.Single(receiver.Accepted);
        Assert.True(originalCosts > 0, "the original run made no LLM calls to reuse");
        Assert.Equal(0L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".llm_calls WHERE run_id = '{retryId}'"));
        Assert.Equal(0L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".pipeline_stage_runs WHERE run_id = '{retryId}' AND stage_index < 1 AND started_at > (SELECT created_at FROM \"{fixture.Schema}\".pipeline_runs WHERE id = '{retryId}')"));

        // The history ran the publish activity only.
        var activities = new List<string>();
        await foreach (var evt in fixture.Temporal.GetWorkflowHandle($"pipeline-{retryId:N}").FetchHistoryEventsAsync())
        {
            if (evt.ActivityTaskScheduledEventAttributes is { } scheduled)
            {
                activities.Add(scheduled.ActivityType.Name);
            }
        }

        Assert.DoesNotContain("generate", activities);
        Assert.Contains("publish", activities);

        // Linked both ways; a run that did not fail cannot be retried.
        var original = await admin.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
        Assert.Equal(retryId, Assert.Single(original.GetProperty("retries").EnumerateArray()).GetGuid());
        using var again = await admin.PostAsync(new Uri($"/api/runs/{retryId}/retry", UriKind.Relative), content: null);
        await RunsApiTests.AssertProblemAsync(again, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task NeedsReviewDraft_EditStillFailingThenPassingGates_WaitsAgainThenPublishesTheEdit()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var reviewerKey = await fixture.CreateKeyAsync(adminKey, "rita@acme.test", "reviewer");
        using var admin = fixture.Client(adminKey);
        using var definition = await admin.PostAsJsonAsync("/api/definitions", new
        {
            name = "gated-page",
            stages = new object[]
            {
                new { type = "generate", config = new { targetWords = 150 } },
                new { type = "quality-gates", config = new { forbiddenPhrases = new[] { "mesh" } } },
                new { type = "publish", config = new { channel = "static-files" } },
            },
        });
        var definitionId = JsonDocument.Parse(await definition.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        var runId = await fixture.StartRunAsync(adminKey, definitionId);

        // Gates fail and no rewrite follows: the run waits in the reviewers' queue as needs-review, not at a dead end.
        var waiting = await fixture.WaitForRunAsync(reviewerKey, runId, run => ApiEnvironmentFixture.IsAwaitingReview(run, 1));
        Assert.Contains("Quality gates still fail", waiting.GetProperty("stateReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(["done", "done", "pending"], Enumerable.Range(0, 3).Select(i => ApiEnvironmentFixture.StageStatusOf(waiting, i)));
        using var reviewer = fixture.Client(reviewerKey);
        var queued = Assert.Single((await reviewer.GetFromJsonAsync<JsonElement[]>("/api/approvals"))!);
        Assert.Equal((runId, "needs-review"), (queued.GetProperty("runId").GetGuid(), queued.GetProperty("state").GetString()));

        // An edit that keeps the forbidden word goes through the gates again, fails them and waits again.
        var current = await reviewer.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions/{waiting.GetProperty("currentVersion").GetInt32()}");
        var fields = current.GetProperty("fields");
        // Each field as the reviewer sends it: unchanged (the forbidden word stays), or with the word taken out.
        string? Field(string name, bool fixWord) => fields.GetProperty(name).GetString() is { } text && fixWord
            ? System.Text.RegularExpressions.Regex.Replace(text, "mesh ?", string.Empty, System.Text.RegularExpressions.RegexOptions.IgnoreCase)
            : fields.GetProperty(name).GetString();
        object Edit(string title, bool fixWord) => new
        {
            decision = "edit",
            content = new
            {
                title,
                metaDescription = Field("metaDescription", fixWord),
                h1 = Field("h1", fixWord),
                body = Field("body", fixWord),
                cta = Field("cta", fixWord),
            },
        };
        using (var first = await reviewer.PostAsJsonAsync($"/api/runs/{runId}/approval", Edit(Field("title", fixWord: false) + " (edited)", fixWord: false)))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        // The review round comes from the workflow, the current version from the run row written just after it.
        var editedVersion = waiting.GetProperty("currentVersion").GetInt32() + 1;
        var again = await fixture.WaitForRunAsync(reviewerKey, runId, run => ApiEnvironmentFixture.IsAwaitingReview(run, 2) && run.GetProperty("currentVersion").GetInt32() >= editedVersion);
        Assert.Equal(editedVersion, again.GetProperty("currentVersion").GetInt32());

        // Without the forbidden word the edit passes its gates and is published.
        using (var second = await reviewer.PostAsJsonAsync($"/api/runs/{runId}/approval", Edit("Acme Router", fixWord: true)))
        {
            Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        }

        var published = await fixture.WaitForRunAsync(reviewerKey, runId, run => ApiEnvironmentFixture.IsFinished(run) || ApiEnvironmentFixture.IsAwaitingReview(run, 3));
        Assert.True(published.GetProperty("state").GetString() == "published", published.ToString());
        var versions = (await reviewer.GetFromJsonAsync<JsonElement[]>($"/api/runs/{runId}/versions"))!;
        Assert.Equal("Acme Router", versions[^1].GetProperty("fields").GetProperty("title").GetString());
        Assert.Equal(
            "1:edit;2:edit",
            await fixture.Postgres.ScalarAsync<string>($"SELECT string_agg(round || ':' || decision, ';' ORDER BY round) FROM \"{fixture.Schema}\".approvals WHERE run_id = '{runId}'"));
        Assert.Empty((await reviewer.GetFromJsonAsync<JsonElement[]>("/api/approvals"))!);
    }
}
