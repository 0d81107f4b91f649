using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Api.Tests.Runs;
using ContentFlows.Workflows.Pipelines;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Api.Tests.Approvals;

[Collection(ApiEnvironmentCollection.Name)]
public sealed class ApprovalsApiTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    [Fact]
    public async Task Decide_TwentyConcurrentApprovals_OneAcceptedOthersToldWhoDecided()
    {
        const int Reviewers = 20;
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var keys = new List<(string Name, string Key)>();
        for (var i = 1; i <= Reviewers; i++)
        {
            var name = $"reviewer-{i:D2}@acme.test";
            keys.Add((name, await fixture.CreateKeyAsync(adminKey, name, "reviewer")));
        }

        var definitionId = await fixture.CreateDefinitionAsync(adminKey);
        var runId = await fixture.StartRunAsync(adminKey, definitionId);

        // Right when the workflow says it waits: the runs row may still lag behind, and decisions must be taken anyway.
        var waiting = await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsAwaitingApproval);

        var clients = keys.Select(k => fixture.Client(k.Key)).ToList();
        try
        {
            using var start = new SemaphoreSlim(0, Reviewers);
            var decisions = clients.Select(async (client, i) =>
            {
                await start.WaitAsync();
                using var response = await client.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "approve" });
                return (Reviewer: keys[i].Name, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            }).ToList();
            start.Release(Reviewers);
            var answers = await Task.WhenAll(decisions);

            var accepted = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Accepted);
            Assert.Equal(accepted.Reviewer, JsonDocument.Parse(accepted.Body).RootElement.GetProperty("reviewer").GetString());
            foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Accepted))
            {
                Assert.True(refused.StatusCode == HttpStatusCode.Conflict, $"{refused.Reviewer}: {refused.StatusCode} {refused.Body}");

                // Refused before the workflow took the decision: told who decided; after: told the run no longer waits.
                var detail = JsonDocument.Parse(refused.Body).RootElement.GetProperty("detail").GetString()!;
                Assert.True(
                    detail.Contains($"already decided by {accepted.Reviewer}", StringComparison.Ordinal) || detail.Contains("not waiting", StringComparison.Ordinal),
                    detail);
            }

            var finished = await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsFinished);
            Assert.Equal("published", finished.GetProperty("state").GetString());
            Assert.Equal(
                $"1:{accepted.Reviewer}/approve",
                await fixture.Postgres.ScalarAsync<string>($"SELECT count(*) OVER () || ':' || reviewer || '/' || decision FROM \"{fixture.Schema}\".approvals WHERE run_id = '{runId}'"));

            // Only the accepted decision was ever sent: no reviewer was told "accepted" for a signal the workflow dropped.
            var history = await fixture.Temporal.GetWorkflowHandle<PipelineWorkflow>(waiting.GetProperty("workflowId").GetString()!).FetchHistoryAsync();
            Assert.Single(history.Events, e => e.EventType == EventType.WorkflowExecutionSignaled);
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    [Fact]
    public async Task Decide_TwoApprovalStages_EachStageDecidedOnce()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var legalKey = await fixture.CreateKeyAsync(adminKey, "lee@legal.test", "reviewer");
        var brandKey = await fixture.CreateKeyAsync(adminKey, "bo@brand.test", "reviewer");
        using var admin = fixture.Client(adminKey);
        using var created = await admin.PostAsJsonAsync("/api/definitions", new
        {
            name = "two-reviews",
            stages = new object[]
            {
                new { type = "generate", config = new { targetWords = 150 } },
                new { type = "quality-gates", config = new { } },
                new { type = "approval", config = new { timeoutSeconds = 600 } },
                new { type = "approval", config = new { timeoutSeconds = 600 } },
                new { type = "publish", config = new { channel = "static-files" } },
            },
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var definitionId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var runId = await fixture.StartRunAsync(adminKey, definitionId);
        using var legal = fixture.Client(legalKey);
        using var brand = fixture.Client(brandKey);

        await fixture.WaitForRunAsync(adminKey, runId, run => ApiEnvironmentFixture.IsAwaitingApproval(run) && StageIndex(run) == 2);
        using (var first = await legal.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "approve" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        // The first stage's claim does not block the second stage; a second decision on the first stage is refused.
        await fixture.WaitForRunAsync(adminKey, runId, run => ApiEnvironmentFixture.IsAwaitingApproval(run) && StageIndex(run) == 3);
        using (var second = await brand.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "approve" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        }

        using (var late = await legal.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "approve" }))
        {
            await RunsApiTests.AssertProblemAsync(late, HttpStatusCode.Conflict);
        }

        var finished = await fixture.WaitForRunAsync(adminKey, runId, ApiEnvironmentFixture.IsFinished);
        Assert.Equal("published", finished.GetProperty("state").GetString());
        Assert.Equal(
            "2:lee@legal.test/approve,3:bo@brand.test/approve",
            await fixture.Postgres.ScalarAsync<string>($"SELECT string_agg(stage_index || ':' || reviewer || '/' || decision, ',' ORDER BY stage_index) FROM \"{fixture.Schema}\".approvals WHERE run_id = '{runId}'"));
    }

    [Fact]
    public async Task Decide_SignalRefusedByServer_ClaimReleasedAndRunCanStillBeApproved()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var reviewerKey = await fixture.CreateKeyAsync(adminKey, "dana@acme.test", "reviewer");
        var definitionId = await fixture.CreateDefinitionAsync(adminKey);
        var runId = await fixture.StartRunAsync(adminKey, definitionId);
        var waiting = await fixture.WaitForRunAsync(reviewerKey, runId, ApiEnvironmentFixture.IsAwaitingApproval);
        using var reviewer = fixture.Client(reviewerKey);

        // An edit above the server's 2 MiB payload limit passes the API's validation but the server refuses the signal.
        var content = new { title = "Mesh wifi", metaDescription = string.Empty, h1 = "Mesh wifi", body = new string('x', 2_200_000), cta = string.Empty };
        using (var refused = await reviewer.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "edit", content }))
        {
            var problem = await RunsApiTests.AssertProblemAsync(refused, HttpStatusCode.BadRequest);
            Assert.Contains("exceeds limit", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(
            "claim released",
            await fixture.Postgres.ScalarAsync<string>($"SELECT CASE WHEN decision_claim_id IS NULL AND decision_claimed_by IS NULL THEN 'claim released' ELSE decision_claimed_by END FROM \"{fixture.Schema}\".pipeline_runs WHERE id = '{runId}'"));

        using (var approved = await reviewer.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "approve" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
        }

        var finished = await fixture.WaitForRunAsync(reviewerKey, runId, ApiEnvironmentFixture.IsFinished);
        Assert.Equal("published", finished.GetProperty("state").GetString());
        Assert.Equal("dana@acme.test/approve", await fixture.Postgres.ScalarAsync<string>($"SELECT reviewer || '/' || decision FROM \"{fixture.Schema}\".approvals WHERE run_id = '{runId}'"));
        var history = await fixture.Temporal.GetWorkflowHandle<PipelineWorkflow>(waiting.GetProperty("workflowId").GetString()!).FetchHistoryAsync();
        Assert.Single(history.Events, e => e.EventType == EventType.WorkflowExecutionSignaled);
    }

    [Fact]
    public async Task Decide_EditWithBadVariants_ProblemNamingEachVariantAndTheRunStillWaits()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var reviewerKey = await fixture.CreateKeyAsync(adminKey, "vic@acme.test", "reviewer");
        var definitionId = await fixture.CreateDefinitionAsync(adminKey);
        var runId = await fixture.StartRunAsync(adminKey, definitionId);
        var waiting = await fixture.WaitForRunAsync(reviewerKey, runId, ApiEnvironmentFixture.IsAwaitingApproval);
        using var reviewer = fixture.Client(reviewerKey);

        var headline = new { kind = "headline", text = "Mesh wifi for every room" };
        using (var refused = await reviewer.PostAsJsonAsync($"/api/runs/{runId}/approval", new
        {
            decision = "edit",
            content = Edited(headline, new { kind = "tagline", text = "Wifi everywhere" }, new { kind = "social-post", text = "  " }),
        }))
        {
            var problem = await RunsApiTests.AssertProblemAsync(refused, HttpStatusCode.BadRequest);
            var errors = problem.GetProperty("errors");
            Assert.Equal(["content.variants[1]", "content.variants[2]"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
            Assert.Contains("unknown kind \"tagline\"; known: headline, social-post, ad-copy, email-subject", errors.GetProperty("content.variants[1]")[0].GetString(), StringComparison.Ordinal);
            Assert.Contains("has no text", errors.GetProperty("content.variants[2]")[0].GetString(), StringComparison.Ordinal);
        }

        // Nothing was sent or claimed: the run still waits, and a valid edit with its variants is taken and kept.
        var history = await fixture.Temporal.GetWorkflowHandle<PipelineWorkflow>(waiting.GetProperty("workflowId").GetString()!).FetchHistoryAsync();
        Assert.DoesNotContain(history.Events, e => e.EventType == EventType.WorkflowExecutionSignaled);
        using (var accepted = await reviewer.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "edit", content = Edited(headline) }))
        {
            Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        }

        var finished = await fixture.WaitForRunAsync(reviewerKey, runId, ApiEnvironmentFixture.IsFinished);
        Assert.Equal("published", finished.GetProperty("state").GetString());
        var versions = await reviewer.GetFromJsonAsync<JsonElement[]>($"/api/runs/{runId}/versions") ?? [];
        var edited = Assert.Single(versions, v => v.GetProperty("kind").GetString() == "edited");
        var variant = Assert.Single(edited.GetProperty("fields").GetProperty("variants").EnumerateArray());
        Assert.Equal((headline.kind, headline.text), (variant.GetProperty("kind").GetString(), variant.GetProperty("text").GetString()));
    }

    private static object Edited(params object[] variants) => new
    {
        title = "Acme Mesh Router: mesh wifi for busy families",
        metaDescription = "What the Acme Mesh Router offers busy families.",
        h1 = "Acme Mesh Router",
        body = "The Acme Mesh Router covers 120 square metres.",
        cta = "Order the Acme Mesh Router today",
        variants,
    };

    private static int? StageIndex(JsonElement run) =>
        run.GetProperty("progress").GetProperty("currentStageIndex") is { ValueKind: JsonValueKind.Number } index ? index.GetInt32() : null;
}
