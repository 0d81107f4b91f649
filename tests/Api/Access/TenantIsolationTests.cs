using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Api.Tests.Batches;
using ContentFlows.Api.Tests.Runs;
using ContentFlows.Workflows.Batches;
using ContentFlows.Workflows.Pipelines;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Api.Tests.Access;

[Collection(ApiEnvironmentCollection.Name)]
public sealed class TenantIsolationTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    [Fact]
    public async Task ProjectBKey_EveryProjectAResource_NotFoundAndRunUntouched()
    {
        var (projectA, adminA) = await fixture.CreateProjectAsync();
        var (_, adminB) = await fixture.CreateProjectAsync();
        var reviewerA = await fixture.CreateKeyAsync(adminA, "alice", "reviewer");
        using var listA = fixture.Client(adminA);
        var keyIdA = (await listA.GetFromJsonAsync<JsonElement>("/api/keys")).EnumerateArray().Single(k => k.GetProperty("name").GetString() == "alice").GetProperty("id").GetGuid();
        var definitionA = await fixture.CreateDefinitionAsync(adminA);
        var runA = await fixture.StartRunAsync(adminA, definitionA);
        await fixture.WaitForRunAsync(adminA, runA, ApiEnvironmentFixture.IsAwaitingApproval);
        using var a = fixture.Client(adminA);
        var datasetA = await BatchesApiTests.UploadCsvAsync(a, BatchesApiTests.TwoItemsCsv);
        using var startedBatch = await a.PostAsJsonAsync("/api/batches", new { datasetId = datasetA, definitionId = definitionA, languages = new[] { "en" }, maxConcurrency = 1 });
        Assert.Equal(HttpStatusCode.Created, startedBatch.StatusCode);
        var batchA = (await startedBatch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var b = fixture.Client(adminB);
        (HttpMethod Method, string Path, object? Body)[] attempts =
        [
            (HttpMethod.Get, $"/api/projects/{projectA}", null),
            (HttpMethod.Put, $"/api/projects/{projectA}/secrets/llm-api-key", new { value = "stolen" }),
            (HttpMethod.Delete, $"/api/keys/{keyIdA}", null),
            (HttpMethod.Get, $"/api/definitions/{definitionA}", null),
            (HttpMethod.Get, $"/api/definitions/{definitionA}/versions/1", null),
            (HttpMethod.Post, "/api/runs", ApiEnvironmentFixture.StartBody(definitionA)),
            (HttpMethod.Get, $"/api/runs/{runA}", null),
            (HttpMethod.Get, $"/api/runs/{runA}/versions", null),
            (HttpMethod.Get, $"/api/runs/{runA}/versions/1", null),
            (HttpMethod.Post, $"/api/runs/{runA}/approval", new { decision = "reject", reason = "from project B" }),
            (HttpMethod.Post, $"/api/runs/{runA}/cancel", null),
            (HttpMethod.Get, $"/api/runs/{runA}/versions/diff?from=1&to=1", null),
            (HttpMethod.Get, $"/api/runs/{runA}/versions/active", null),
            (HttpMethod.Post, $"/api/runs/{runA}/versions/1/activate", null),
            (HttpMethod.Post, $"/api/runs/{runA}/versions/rollback", null),
            (HttpMethod.Get, $"/api/runs/{runA}/costs", null),
            (HttpMethod.Get, $"/api/projects/{projectA}/costs", null),
            (HttpMethod.Get, $"/api/batches/{batchA}/costs", null),
            (HttpMethod.Get, $"/api/projects/{projectA}/settings", null),
            (HttpMethod.Patch, $"/api/projects/{projectA}/settings", new { brand = new { voiceAndTone = "from project B" } }),
            (HttpMethod.Put, $"/api/projects/{projectA}/settings", new { brand = new { voiceAndTone = "from project B" } }),
            (HttpMethod.Get, $"/api/projects/{projectA}/settings/versions", null),
            (HttpMethod.Get, $"/api/projects/{projectA}/settings/versions/1", null),
            (HttpMethod.Get, $"/api/projects/{projectA}/settings/diff?from=1&to=1", null),
            (HttpMethod.Get, $"/api/datasets/{datasetA}", null),
            (HttpMethod.Post, "/api/batches", new { datasetId = datasetA, definitionId = definitionA, languages = new[] { "en" } }),
            (HttpMethod.Get, $"/api/batches/{batchA}", null),
            (HttpMethod.Post, $"/api/batches/{batchA}/pause", null),
            (HttpMethod.Post, $"/api/batches/{batchA}/resume", null),
            (HttpMethod.Post, $"/api/batches/{batchA}/cancel", null),
            (HttpMethod.Post, $"/api/batches/{batchA}/retry-failed", null),
            (HttpMethod.Get, $"/api/batches/{batchA}/results", null),
        ];
        foreach (var (method, path, body) in attempts)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await b.SendAsync(request);
            var problem = await RunsApiTests.AssertProblemAsync(response, HttpStatusCode.NotFound);

            // Exactly what an id that exists nowhere gets: nothing tells B that A's resource exists.
            using var unknownRequest = new HttpRequestMessage(method, path.Replace(projectA.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace(keyIdA.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace(definitionA.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace(runA.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace(datasetA.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace(batchA.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal))
            {
                Content = body is null ? null : JsonContent.Create(path switch
                {
                    "/api/runs" => ApiEnvironmentFixture.StartBody(Guid.NewGuid()),
                    "/api/batches" => new { datasetId = Guid.NewGuid(), definitionId = definitionA, languages = new[] { "en" } },
                    _ => body,
                }),
            };
            using var unknownResponse = await b.SendAsync(unknownRequest);
            var unknownProblem = await RunsApiTests.AssertProblemAsync(unknownResponse, HttpStatusCode.NotFound);
            Assert.Equal(unknownProblem.GetProperty("title").GetString(), problem.GetProperty("title").GetString());
        }

        // B sees nothing of A in its lists either.
        Assert.Empty(await b.GetFromJsonAsync<JsonElement[]>("/api/approvals") ?? []);
        Assert.Empty((await b.GetFromJsonAsync<JsonElement>("/api/definitions")).GetProperty("items").EnumerateArray());
        Assert.Empty(await b.GetFromJsonAsync<JsonElement[]>("/api/datasets") ?? []);
        Assert.Empty(await b.GetFromJsonAsync<JsonElement[]>("/api/batches") ?? []);
        Assert.Empty((await b.GetFromJsonAsync<JsonElement>("/api/runs")).GetProperty("items").EnumerateArray());
        Assert.DoesNotContain((await b.GetFromJsonAsync<JsonElement>("/api/keys")).EnumerateArray(), k => k.GetProperty("id").GetGuid() == keyIdA);

        // A's run still waits, was never signalled, and A's key still works.
        var stillWaiting = await fixture.WaitForRunAsync(reviewerA, runA, ApiEnvironmentFixture.IsAwaitingApproval);
        Assert.Equal("awaiting-approval", stillWaiting.GetProperty("state").GetString());
        var history = await fixture.Temporal.GetWorkflowHandle<PipelineWorkflow>(stillWaiting.GetProperty("workflowId").GetString()!).FetchHistoryAsync();
        Assert.DoesNotContain(history.Events, e => e.EventType is EventType.WorkflowExecutionSignaled or EventType.WorkflowExecutionCancelRequested);
        var batchHistory = await fixture.Temporal.GetWorkflowHandle(BatchChildIds.Batch(batchA)).FetchHistoryAsync();
        // Only its own item may signal it (that it waits for a reviewer); project B sent nothing.
        Assert.DoesNotContain(batchHistory.Events, e => e.EventType is EventType.WorkflowExecutionSignaled && e.WorkflowExecutionSignaledEventAttributes.SignalName != PipelineWorkflow.ItemAwaitingPersonSignal);
        Assert.Equal(1L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".batches WHERE project_id = '{projectA}'"));
        Assert.Equal(0L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".active_content_version_changes WHERE run_id = '{runA}'"));
        Assert.Null(await fixture.Postgres.ScalarAsync<DateTime?>($"SELECT cancelled_at FROM \"{fixture.Schema}\".pipeline_runs WHERE id = '{runA}'"));
        Assert.Null(await fixture.Postgres.ScalarAsync<DateTime?>($"SELECT revoked_at FROM \"{fixture.Schema}\".api_keys WHERE id = '{keyIdA}'"));
        Assert.Equal(0L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".project_secrets WHERE project_id = '{projectA}'"));
    }

    [Fact]
    public async Task Requests_WithoutOrWithWrongKeyOrRole_RefusedWithProblemDetails()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        var reviewerKey = await fixture.CreateKeyAsync(adminKey, "rita", "reviewer");

        using var anonymous = fixture.Client(null);
        using var noKey = await anonymous.GetAsync(new Uri($"/api/projects/{projectId}", UriKind.Relative));
        await RunsApiTests.AssertProblemAsync(noKey, HttpStatusCode.Unauthorized);

        using var wrong = fixture.Client("cf_not-a-key");
        using var wrongKey = await wrong.GetAsync(new Uri($"/api/projects/{projectId}", UriKind.Relative));
        await RunsApiTests.AssertProblemAsync(wrongKey, HttpStatusCode.Unauthorized);

        // X-Api-Key works as well as a bearer token.
        using var viaHeader = fixture.Client(null);
        viaHeader.DefaultRequestHeaders.Add("X-Api-Key", reviewerKey);
        using var read = await viaHeader.GetAsync(new Uri($"/api/projects/{projectId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        // A reviewer may not define pipelines; the bootstrap key may not read projects.
        using var reviewer = fixture.Client(reviewerKey);
        using var define = await reviewer.PostAsJsonAsync("/api/definitions", new { name = "x", stages = new[] { new { type = "generate" } } });
        await RunsApiTests.AssertProblemAsync(define, HttpStatusCode.Forbidden);
        using var bootstrap = fixture.Client(fixture.BootstrapKey);
        using var bootstrapRead = await bootstrap.GetAsync(new Uri($"/api/projects/{projectId}", UriKind.Relative));
        await RunsApiTests.AssertProblemAsync(bootstrapRead, HttpStatusCode.Forbidden);

        // A revoked key stops working at once.
        using var admin = fixture.Client(adminKey);
        var keyId = (await admin.GetFromJsonAsync<JsonElement>("/api/keys")).EnumerateArray().Single(k => k.GetProperty("name").GetString() == "rita").GetProperty("id").GetGuid();
        using var revoked = await admin.DeleteAsync(new Uri($"/api/keys/{keyId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using var afterRevoke = await reviewer.GetAsync(new Uri($"/api/projects/{projectId}", UriKind.Relative));
        await RunsApiTests.AssertProblemAsync(afterRevoke, HttpStatusCode.Unauthorized);
    }
}
