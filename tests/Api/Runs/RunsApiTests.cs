using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Temporalio.Exceptions;

namespace ContentFlows.Api.Tests.Runs;

[Collection(ApiEnvironmentCollection.Name)]
public sealed class RunsApiTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    [Fact]
    public async Task StartRun_ApprovedThroughApi_RunPublishesWithReviewerRecorded()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        var editorKey = await fixture.CreateKeyAsync(adminKey, "erin-editor", "editor");
        var reviewerKey = await fixture.CreateKeyAsync(adminKey, "dana@acme.test", "reviewer");
        var definitionId = await fixture.CreateDefinitionAsync(editorKey);

        // Same Idempotency-Key and body: one run, 201 then 200 with the same id.
        using var editor = fixture.Client(editorKey);
        var idempotencyKey = "start-" + Guid.NewGuid().ToString("N");
        using var first = await PostWithKeyAsync(editor, idempotencyKey, ApiEnvironmentFixture.StartBody(definitionId));
        using var again = await PostWithKeyAsync(editor, idempotencyKey, ApiEnvironmentFixture.StartBody(definitionId));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var runId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(runId, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(1L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".pipeline_runs WHERE project_id = '{projectId}'"));

        var waiting = await fixture.WaitForRunAsync(reviewerKey, runId, ApiEnvironmentFixture.IsAwaitingApproval);
        Assert.Equal("awaiting-approval", waiting.GetProperty("progress").GetProperty("state").GetString());
        Assert.Equal("approval", waiting.GetProperty("progress").GetProperty("currentStage").GetString());
        Assert.Equal(1, waiting.GetProperty("artifacts").GetArrayLength());

        // The queue lists the run (the row is written by an activity just after the workflow starts waiting).
        using var reviewer = fixture.Client(reviewerKey);
        await fixture.WaitForRunAsync(reviewerKey, runId, run => run.GetProperty("state").GetString() == "awaiting-approval");
        var queue = await reviewer.GetFromJsonAsync<JsonElement>("/api/approvals");
        var item = Assert.Single(queue.EnumerateArray());
        Assert.Equal(runId, item.GetProperty("runId").GetGuid());
        Assert.Equal("Acme Mesh Router", item.GetProperty("topic").GetString());

        using var approved = await reviewer.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "approve" });
        Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
        Assert.Equal("dana@acme.test", (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reviewer").GetString());

        // The row turns "published" from the run's last activity, a moment before the workflow closes; once closed,
        // the run has no live progress.
        var finished = await fixture.WaitForRunAsync(reviewerKey, runId, run => ApiEnvironmentFixture.IsFinished(run) && run.GetProperty("progress").ValueKind == JsonValueKind.Null);
        Assert.Equal("published", finished.GetProperty("state").GetString());
        var kinds = finished.GetProperty("artifacts").EnumerateArray().Select(a => a.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["generated", "published"], kinds);

        var versions = await reviewer.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions");
        Assert.Equal(2, versions.GetArrayLength());
        var published = await reviewer.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions/2");
        Assert.Equal(versions[0].GetProperty("fields").GetProperty("title").GetString(), published.GetProperty("fields").GetProperty("title").GetString());
        Assert.Equal(
            "dana@acme.test/approve",
            await fixture.Postgres.ScalarAsync<string>($"SELECT reviewer || '/' || decision FROM \"{fixture.Schema}\".approvals WHERE run_id = '{runId}'"));
        Assert.Empty(await reviewer.GetFromJsonAsync<JsonElement[]>("/api/approvals") ?? []);
    }

    [Fact]
    public async Task StartRun_SameIdempotencyKeyConcurrently_OneRunOneWorkflowEveryAnswerNamesIt()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey, withApproval: false);
        using var client = fixture.Client(adminKey);
        var idempotencyKey = "start-" + Guid.NewGuid().ToString("N");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PostWithKeyAsync(client, idempotencyKey, ApiEnvironmentFixture.StartBody(definitionId))));
        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
            var ids = new HashSet<Guid>();
            foreach (var response in responses)
            {
                ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
            }

            var runId = Assert.Single(ids);
            Assert.Equal(1L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".pipeline_runs WHERE project_id = '{projectId}'"));
            var executions = new List<string>();
            await foreach (var execution in fixture.Temporal.ListWorkflowsAsync($"WorkflowId = 'pipeline-{runId:N}'"))
            {
                executions.Add(execution.RunId);
            }

            Assert.Single(executions);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task StartRun_SameIdempotencyKeyDifferentBody_Conflict()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey, withApproval: false);
        using var client = fixture.Client(adminKey);
        var idempotencyKey = "start-" + Guid.NewGuid().ToString("N");

        using var first = await PostWithKeyAsync(client, idempotencyKey, ApiEnvironmentFixture.StartBody(definitionId, "Router A"));
        using var second = await PostWithKeyAsync(client, idempotencyKey, ApiEnvironmentFixture.StartBody(definitionId, "Router B"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await AssertProblemAsync(second, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task StartRun_BadBodies_ProblemDetailsNamingFields()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        using var client = fixture.Client(adminKey);

        using var empty = await client.PostAsJsonAsync("/api/runs", new { brief = new { topic = " ", language = "en us" } });
        var problem = await AssertProblemAsync(empty, HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "definitionId", "brief.topic", "brief.audience", "brief.channel", "brief.language" }, fields);

        using var malformed = await client.PostAsync(new Uri("/api/runs", UriKind.Relative), new StringContent("{\"definitionId\": ", Encoding.UTF8, "application/json"));
        await AssertProblemAsync(malformed, HttpStatusCode.BadRequest);

        using var unknownDefinition = await client.PostAsJsonAsync("/api/runs", ApiEnvironmentFixture.StartBody(Guid.NewGuid()));
        await AssertProblemAsync(unknownDefinition, HttpStatusCode.NotFound);

        using var unknownRun = await client.GetAsync(new Uri($"/api/runs/{Guid.NewGuid()}", UriKind.Relative));
        await AssertProblemAsync(unknownRun, HttpStatusCode.NotFound);

        using var unknownVersion = await client.GetAsync(new Uri($"/api/runs/{Guid.NewGuid()}/versions/1", UriKind.Relative));
        await AssertProblemAsync(unknownVersion, HttpStatusCode.NotFound);

        using var badDecision = await client.PostAsJsonAsync($"/api/runs/{Guid.NewGuid()}/approval", new { decision = "reject" });
        var decisionProblem = await AssertProblemAsync(badDecision, HttpStatusCode.BadRequest);
        Assert.True(decisionProblem.GetProperty("errors").TryGetProperty("reason", out _));

        // Validation comes before anything starts: no run row, so no workflow.
        Assert.Equal(0L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".pipeline_runs WHERE project_id = '{projectId}'"));
    }

    [Fact]
    public async Task StartRun_SourcesAndPromptOverrides_BadOnesNamedGoodOnesStoredWithTheRun()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey, withApproval: false);
        using var client = fixture.Client(adminKey);
        var brief = new
        {
            topic = "Acme Mesh Router",
            audience = "busy families",
            channel = "product-page",
            language = "en",
            keywords = new[] { "mesh wifi" },
            sourceText = "The Acme Mesh Router covers 120 square metres.",
        };

        using var refused = await client.PostAsJsonAsync("/api/runs", new
        {
            definitionId,
            brief = new
            {
                brief.topic, brief.audience, brief.channel, brief.language, brief.keywords, brief.sourceText,
                sources = new object[] { new { kind = "file", value = "/etc/passwd" }, new { kind = "url", value = "ftp://example.test/a" }, new { kind = "text", value = " " } },
                prompts = new Dictionary<string, object> { ["generate"] = new { system = " " }, ["no-such-stage"] = new { user = "x" } },
            },
        });
        var problem = await AssertProblemAsync(refused, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal(
            ["brief.prompts", "brief.sources[0].kind", "brief.sources[1].value", "brief.sources[2].value"],
            errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(2, errors.GetProperty("brief.prompts").GetArrayLength());

        using var accepted = await client.PostAsJsonAsync("/api/runs", new
        {
            definitionId,
            brief = new
            {
                brief.topic, brief.audience, brief.channel, brief.language, brief.keywords, brief.sourceText,
                sources = new object[] { new { kind = "text", value = "Covers 120 square metres.", title = "Spec sheet" }, new { kind = "url", value = "https://example.test/router" } },
                prompts = new Dictionary<string, object> { ["generate"] = new { system = "Write like a calm engineer." } },
            },
        });
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var stored = JsonDocument.Parse(await fixture.Postgres.ScalarAsync<string>($"SELECT brief::text FROM \"{fixture.Schema}\".pipeline_runs WHERE id = '{runId}'") ?? "{}").RootElement;
        Assert.Equal(["text", "url"], stored.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("kind").GetString()));
        Assert.Equal("Write like a calm engineer.", stored.GetProperty("prompts").GetProperty("generate").GetProperty("system").GetString());
        Assert.Equal(1L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".pipeline_runs WHERE project_id = '{projectId}'"));
    }

    [Fact]
    public async Task StartRun_OversizedBriefStringsAndKeywords_BadRequestNamingEachFieldAndItsLimit()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey, withApproval: false);
        using var client = fixture.Client(adminKey);

        using var response = await client.PostAsJsonAsync("/api/runs", new
        {
            definitionId,
            brief = new
            {
                topic = new string('t', 501),
                audience = new string('a', 501),
                channel = new string('c', 501),
                language = "en",
                keywords = Enumerable.Range(0, 31).Select(i => i == 0 ? new string('k', 101) : $"keyword {i}").ToArray(),
                sourceText = new string('s', 50_001),
                sources = new object[] { new { kind = "text", value = new string('x', 50_001), title = new string('y', 501) }, new { kind = "url", value = "https://example.test/" + new string('p', 2_048) } },
            },
        });

        var errors = (await AssertProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        var expected = new Dictionary<string, string>
        {
            ["brief.topic"] = "at most 500 characters",
            ["brief.audience"] = "at most 500 characters",
            ["brief.channel"] = "at most 500 characters",
            ["brief.keywords"] = "at most 30 keywords",
            ["brief.keywords[0]"] = "at most 100 characters",
            ["brief.sourceText"] = "at most 50000 characters",
            ["brief.sources[0].value"] = "at most 50000 characters",
            ["brief.sources[0].title"] = "at most 500 characters",
            ["brief.sources[1].value"] = "at most 2048 characters",
        };
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(expected, e => Assert.Contains(e.Value, errors.GetProperty(e.Key)[0].GetString(), StringComparison.Ordinal));
        Assert.Equal(0L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".pipeline_runs WHERE project_id = '{projectId}'"));
    }

    [Fact]
    public async Task Approve_RunNotAwaitingApproval_Conflict()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey, withApproval: false);
        var runId = await fixture.StartRunAsync(adminKey, definitionId);
        var finished = await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsFinished);
        Assert.Equal("completed", finished.GetProperty("state").GetString());

        using var client = fixture.Client(adminKey);
        using var response = await client.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "approve" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("not waiting", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".approvals WHERE run_id = '{runId}'"));
    }

    [Fact]
    public async Task Reject_WithReason_RunEndsRejected()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey);
        var runId = await fixture.StartRunAsync(adminKey, definitionId);
        await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsAwaitingApproval);

        using var client = fixture.Client(adminKey);
        using var response = await client.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "reject", reason = "Off-brand tone" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var finished = await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsFinished);
        Assert.Equal(("rejected", "Off-brand tone"), (finished.GetProperty("state").GetString(), finished.GetProperty("stateReason").GetString()));
    }

    [Fact]
    public async Task Edit_WithContent_PublishesTheEditedText()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var reviewerKey = await fixture.CreateKeyAsync(adminKey, "dana@acme.test", "reviewer");
        var definitionId = await fixture.CreateDefinitionAsync(adminKey);
        var runId = await fixture.StartRunAsync(adminKey, definitionId);
        await fixture.WaitForRunAsync(reviewerKey, runId, ApiEnvironmentFixture.IsAwaitingApproval);
        var content = new { title = "Mesh wifi for every room", metaDescription = "Acme Mesh Router.", h1 = "Mesh wifi for every room", body = "Covers 120 square metres.", cta = "Order now" };

        using var reviewer = fixture.Client(reviewerKey);
        using var response = await reviewer.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "edit", reason = "Sharper title", content });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var finished = await fixture.WaitForRunAsync(reviewerKey, runId, ApiEnvironmentFixture.IsFinished);
        Assert.Equal("published", finished.GetProperty("state").GetString());
        Assert.Equal(["generated", "edited", "published"], finished.GetProperty("artifacts").EnumerateArray().Select(a => a.GetProperty("kind").GetString()));
        var published = await reviewer.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions/3");
        Assert.Equal("Mesh wifi for every room", published.GetProperty("fields").GetProperty("title").GetString());
        Assert.Equal("Covers 120 square metres.", published.GetProperty("fields").GetProperty("body").GetString());
    }

    [Fact]
    public async Task CancelRun_AwaitingApproval_WorkflowCancelledAndApprovalRefused()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey);
        var runId = await fixture.StartRunAsync(adminKey, definitionId);
        var waiting = await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsAwaitingApproval);
        using var client = fixture.Client(adminKey);

        using var cancel = await client.PostAsync(new Uri($"/api/runs/{runId}/cancel", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);

        // The workflow ends cancelled: its result is a cancellation failure, its history's last event says so.
        var handle = fixture.Temporal.GetWorkflowHandle(waiting.GetProperty("workflowId").GetString()!);
        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.IsType<CanceledFailureException>(failed.InnerException);
        var history = await handle.FetchHistoryAsync();
        Assert.Equal(Temporalio.Api.Enums.V1.EventType.WorkflowExecutionCanceled, history.Events.Last().EventType);
        using var approve = await client.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "approve" });
        await AssertProblemAsync(approve, HttpStatusCode.Conflict);

        // The stored run says so too (the workflow records nothing when cancelled: the reconciler does), and leaves the approval queue.
        var cancelled = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
        Assert.Equal("cancelled", cancelled.GetProperty("state").GetString());
        Assert.NotEqual(JsonValueKind.Null, cancelled.GetProperty("cancelledAt").ValueKind);
        Assert.StartsWith("Cancelled by ", cancelled.GetProperty("stateReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            "cancelled",
            await fixture.Postgres.ScalarAsync<string>($"SELECT status FROM \"{fixture.Schema}\".pipeline_runs WHERE id = '{runId}' AND cancelled_at IS NOT NULL AND cancelled_by IS NOT NULL AND closed_at IS NOT NULL"));
        Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>("/api/approvals") ?? []);
        using var again = await client.PostAsync(new Uri($"/api/runs/{runId}/cancel", UriKind.Relative), null);
        await AssertProblemAsync(again, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ListRuns_PagesAndFilters_NewestFirstWithinTheProject()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var (_, otherKey) = await fixture.CreateProjectAsync();
        var draftOnly = await fixture.CreateDefinitionAsync(adminKey, withApproval: false);
        var reviewed = await fixture.CreateDefinitionAsync(adminKey);
        var first = await fixture.StartRunAsync(adminKey, draftOnly);
        var second = await fixture.StartRunAsync(adminKey, draftOnly);
        var third = await fixture.StartRunAsync(adminKey, reviewed);
        await fixture.StartRunAsync(otherKey, await fixture.CreateDefinitionAsync(otherKey, withApproval: false));
        await fixture.WaitForRunAsync(adminKey, first, ApiEnvironmentFixture.IsFinished);
        await fixture.WaitForRunAsync(adminKey, second, ApiEnvironmentFixture.IsFinished);
        await fixture.WaitForRunAsync(adminKey, third, run => run.GetProperty("state").GetString() == "awaiting-approval");
        using var client = fixture.Client(adminKey);

        var page1 = await client.GetFromJsonAsync<JsonElement>("/api/runs?limit=2");
        var page2 = await client.GetFromJsonAsync<JsonElement>($"/api/runs?limit=2&cursor={Uri.EscapeDataString(page1.GetProperty("nextCursor").GetString()!)}");

        Assert.Equal([third, second], Ids(page1));
        Assert.Equal([first], Ids(page2));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("nextCursor").ValueKind);
        Assert.Equal("Acme Mesh Router", page1.GetProperty("items")[0].GetProperty("topic").GetString());
        Assert.Equal([second, first], Ids(await client.GetFromJsonAsync<JsonElement>("/api/runs?state=completed")));
        Assert.Equal([third], Ids(await client.GetFromJsonAsync<JsonElement>($"/api/runs?definitionId={reviewed}")));
        Assert.Equal([third], Ids(await client.GetFromJsonAsync<JsonElement>("/api/runs?state=awaiting-approval")));

        using var cancel = await client.PostAsync(new Uri($"/api/runs/{third}/cancel", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal([third], Ids(await client.GetFromJsonAsync<JsonElement>("/api/runs?state=cancelled")));
        Assert.Empty(Ids(await client.GetFromJsonAsync<JsonElement>("/api/runs?state=awaiting-approval")));

        using var bad = await client.GetAsync(new Uri("/api/runs?state=done&limit=0&cursor=nope&definitionId=x", UriKind.Relative));
        var problem = await AssertProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.Equal(["cursor", "definitionId", "limit", "state"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();

    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    private static Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, string idempotencyKey, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }
}
