using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContentFlows.Api.Tests.Runs;
using ContentFlows.Workflows.Batches;

namespace ContentFlows.Api.Tests.Batches;

[Collection(ApiEnvironmentCollection.Name)]
public sealed class BatchesApiTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    public const string TwoItemsCsv = "topic,audience,keywords\nAcme Mesh Router,busy families,mesh wifi;router\nAcme Desk Lamp,,lamp\n";

    [Fact]
    public async Task UploadDataset_CsvAndJsonlWithBadRows_GoodRowsStoredEveryBadRowReported()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        using var client = fixture.Client(adminKey);
        var csv = "topic,audience,keywords\nRouter A,families,wifi\n,nobody,\nRouter B,,\n" + new string('x', 201) + ",,\nRouter C,,mesh;wifi\n";

        using var uploaded = await UploadAsync(client, "/api/datasets?name=catalogue", csv, "text/csv");

        var body = await uploaded.Content.ReadAsStringAsync();
        Assert.True(uploaded.StatusCode == HttpStatusCode.Created, body);
        var report = JsonDocument.Parse(body).RootElement;
        Assert.Equal((3, 2), (report.GetProperty("storedRows").GetInt32(), report.GetProperty("badRowCount").GetInt32()));
        Assert.Equal([(3, "topic"), (5, "topic")], report.GetProperty("problems").EnumerateArray().Select(p => (p.GetProperty("line").GetInt32(), p.GetProperty("field").GetString())));
        var datasetId = report.GetProperty("datasetId").GetGuid();
        Assert.Equal($"/api/datasets/{datasetId}", uploaded.Headers.Location?.OriginalString);
        var dataset = await client.GetFromJsonAsync<JsonElement>($"/api/datasets/{datasetId}");
        Assert.Equal(("catalogue", "csv", 3, 2), (dataset.GetProperty("name").GetString(), dataset.GetProperty("format").GetString(), dataset.GetProperty("itemCount").GetInt32(), dataset.GetProperty("badRowCount").GetInt32()));
        Assert.Equal(
            "Router A|Router B|Router C",
            await fixture.Postgres.ScalarAsync<string>($"SELECT string_agg(data->>'topic', '|' ORDER BY item_index) FROM \"{fixture.Schema}\".dataset_items WHERE dataset_id = '{datasetId}'"));

        // JSONL by its Content-Type: a line that is not JSON costs that line only.
        using var jsonl = await UploadAsync(client, "/api/datasets?name=lines", "{\"topic\":\"Lamp\",\"keywords\":[\"light\"]}\n{not json\n{\"topic\":\"Kettle\"}\n", "application/x-ndjson");
        var jsonlReport = await jsonl.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, jsonl.StatusCode);
        Assert.Equal((2, 1, 2), (jsonlReport.GetProperty("storedRows").GetInt32(), jsonlReport.GetProperty("badRowCount").GetInt32(), jsonlReport.GetProperty("problems")[0].GetProperty("line").GetInt32()));

        // No Content-Type at all: ?format= says what it is.
        using var unlabelled = await client.PostAsync(new Uri("/api/datasets?name=unlabelled&format=csv", UriKind.Relative), new ByteArrayContent(Encoding.UTF8.GetBytes(TwoItemsCsv)));
        Assert.True(unlabelled.StatusCode == HttpStatusCode.Created, await unlabelled.Content.ReadAsStringAsync());

        var listed = await client.GetFromJsonAsync<JsonElement[]>("/api/datasets");
        Assert.Equal(["unlabelled", "lines", "catalogue"], listed!.Select(d => d.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task UploadDataset_BadRequests_ProblemDetailsNamingTheFieldAndNoDataset()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        var reviewerKey = await fixture.CreateKeyAsync(adminKey, "dana@acme.test", "reviewer");
        using var client = fixture.Client(adminKey);

        using var noName = await UploadAsync(client, "/api/datasets", TwoItemsCsv, "text/csv");
        Assert.True((await RunsApiTests.AssertProblemAsync(noName, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("name", out _));
        using var noFormat = await UploadAsync(client, "/api/datasets?name=x", TwoItemsCsv, "application/json");
        Assert.True((await RunsApiTests.AssertProblemAsync(noFormat, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("format", out _));
        using var badFormat = await UploadAsync(client, "/api/datasets?name=x&format=xml", TwoItemsCsv, "text/csv");
        Assert.True((await RunsApiTests.AssertProblemAsync(badFormat, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("format", out _));
        using var unsupported = await UploadAsync(client, "/api/datasets?name=x", TwoItemsCsv, "image/png");
        await RunsApiTests.AssertProblemAsync(unsupported, HttpStatusCode.UnsupportedMediaType);
        using var reviewer = fixture.Client(reviewerKey);
        using var forbidden = await UploadAsync(reviewer, "/api/datasets?name=x", TwoItemsCsv, "text/csv");
        await RunsApiTests.AssertProblemAsync(forbidden, HttpStatusCode.Forbidden);
        Assert.Equal(0L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".datasets WHERE project_id = '{projectId}'"));

        // Nothing usable: every row's problem, by line.
        using var allBad = await UploadAsync(client, "/api/datasets?name=x", "name,audience\nRouter,families\n", "text/csv");
        var problem = await RunsApiTests.AssertProblemAsync(allBad, HttpStatusCode.BadRequest);
        Assert.Contains("topic", problem.GetProperty("errors").GetProperty("line 1")[0].GetString(), StringComparison.Ordinal);
        using var empty = await UploadAsync(client, "/api/datasets?name=x&format=jsonl", string.Empty, "application/octet-stream");
        Assert.True((await RunsApiTests.AssertProblemAsync(empty, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("body", out _));

        using var unknown = await client.GetAsync(new Uri($"/api/datasets/{Guid.NewGuid()}", UriKind.Relative));
        await RunsApiTests.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task StartBatch_BadBodiesAndUnknownIds_ProblemDetailsAndNothingStarted()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey, withApproval: false);
        using var client = fixture.Client(adminKey);
        var datasetId = await UploadCsvAsync(client, TwoItemsCsv);

        using var empty = await client.PostAsJsonAsync("/api/batches", new { });
        var emptyProblem = await RunsApiTests.AssertProblemAsync(empty, HttpStatusCode.BadRequest);
        Assert.Superset(new HashSet<string> { "datasetId", "definitionId", "languages" }, emptyProblem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet());

        using var bad = await client.PostAsJsonAsync("/api/batches", new { datasetId, definitionId, languages = new[] { "en", "EN", "not a tag" }, masterLanguage = "fr", maxConcurrency = 0, retryWindowSeconds = -1 });
        var badProblem = await RunsApiTests.AssertProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.Superset(
            new HashSet<string> { "languages[1]", "languages[2]", "masterLanguage", "maxConcurrency", "retryWindowSeconds" },
            badProblem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet());

        using var malformed = await client.PostAsync(new Uri("/api/batches", UriKind.Relative), new StringContent("{\"datasetId\": ", Encoding.UTF8, "application/json"));
        await RunsApiTests.AssertProblemAsync(malformed, HttpStatusCode.BadRequest);
        using var unknownDataset = await client.PostAsJsonAsync("/api/batches", new { datasetId = Guid.NewGuid(), definitionId, languages = new[] { "en" } });
        await RunsApiTests.AssertProblemAsync(unknownDataset, HttpStatusCode.NotFound);
        using var unknownDefinition = await client.PostAsJsonAsync("/api/batches", new { datasetId, definitionId = Guid.NewGuid(), languages = new[] { "en" } });
        await RunsApiTests.AssertProblemAsync(unknownDefinition, HttpStatusCode.NotFound);
        Assert.Equal(0L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".batches WHERE project_id = '{projectId}'"));

        var unknownBatch = Guid.NewGuid();
        foreach (var (method, path) in new[] { (HttpMethod.Get, ""), (HttpMethod.Post, "/pause"), (HttpMethod.Post, "/resume"), (HttpMethod.Post, "/cancel"), (HttpMethod.Post, "/retry-failed"), (HttpMethod.Get, "/results") })
        {
            using var request = new HttpRequestMessage(method, $"/api/batches/{unknownBatch}{path}");
            using var response = await client.SendAsync(request);
            await RunsApiTests.AssertProblemAsync(response, HttpStatusCode.NotFound);
        }

        using var badExport = await client.GetAsync(new Uri($"/api/batches/{unknownBatch}/results?format=xml", UriKind.Relative));
        Assert.True((await RunsApiTests.AssertProblemAsync(badExport, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("format", out _));
    }

    [Fact]
    public async Task BatchLifecycle_PauseResumeApproveCancel_ConflictsWhereNotAllowedAndResultsExported()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey);
        using var client = fixture.Client(adminKey);
        var datasetId = await UploadCsvAsync(client, "topic\nAcme Mesh Router\n");

        // Master given explicitly and not first: the batch stores it first.
        using var started = await client.PostAsJsonAsync("/api/batches", new { datasetId, definitionId, languages = new[] { "de", "en" }, masterLanguage = "en", maxConcurrency = 1 });
        var batch = await started.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal(["en", "de"], batch.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(("en", 1), (batch.GetProperty("masterLanguage").GetString(), batch.GetProperty("itemCount").GetInt32()));
        var batchId = batch.GetProperty("id").GetGuid();

        // The master waits for its reviewer, holding no generation slot.
        var waiting = await WaitForBatchAsync(client, batchId, b => Progress(b) is { ValueKind: JsonValueKind.Object } p && p.GetProperty("awaitingPerson").GetInt32() == 1);
        Assert.Equal("running", waiting.GetProperty("state").GetString());
        Assert.Equal((2, 0), (waiting.GetProperty("progress").GetProperty("total").GetInt32(), waiting.GetProperty("progress").GetProperty("running").GetInt32()));

        await PostAsync(client, batchId, "pause", HttpStatusCode.Accepted);
        await WaitForBatchAsync(client, batchId, b => b.GetProperty("state").GetString() == "paused");
        await PostAsync(client, batchId, "pause", HttpStatusCode.Conflict);
        await PostAsync(client, batchId, "resume", HttpStatusCode.Accepted);
        await WaitForBatchAsync(client, batchId, b => b.GetProperty("state").GetString() == "running");
        await PostAsync(client, batchId, "resume", HttpStatusCode.Conflict);
        await PostAsync(client, batchId, "retry-failed", HttpStatusCode.Conflict);

        // Paused again, the waiting item is approved and finishes; nothing else starts while paused.
        await PostAsync(client, batchId, "pause", HttpStatusCode.Accepted);
        await WaitForBatchAsync(client, batchId, b => b.GetProperty("state").GetString() == "paused");
        var runId = await ApproveWaitingRunAsync(client, _ => true);
        var idle = await WaitForBatchAsync(client, batchId, b => Progress(b) is { ValueKind: JsonValueKind.Object } p && p.GetProperty("completed").GetInt32() == 1 && p.GetProperty("running").GetInt32() == 0 && p.GetProperty("awaitingPerson").GetInt32() == 0);
        Assert.Equal(1, idle.GetProperty("progress").GetProperty("pending").GetInt32());

        // Cancelled with nothing running, the batch ends at once; nothing can be signalled after that.
        await PostAsync(client, batchId, "cancel", HttpStatusCode.Accepted);
        var ended = await WaitForBatchAsync(client, batchId, b => b.GetProperty("state").GetString() == "cancelled");
        Assert.Equal(JsonValueKind.Null, ended.GetProperty("progress").ValueKind);
        var result = ended.GetProperty("result");
        Assert.Equal((true, 1, 1), (result.GetProperty("wasCancelled").GetBoolean(), result.GetProperty("completed").GetInt32(), result.GetProperty("cancelled").GetInt32()));
        Assert.Equal(1, ended.GetProperty("recorded").GetProperty("completed").GetInt32());
        await PostAsync(client, batchId, "cancel", HttpStatusCode.Conflict);
        await PostAsync(client, batchId, "resume", HttpStatusCode.Conflict);

        using var csv = await client.GetAsync(new Uri($"/api/batches/{batchId}/results", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("item_index,language,status,final_version,score,cost,attempt,workflow_id,run_id,reason,title,", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("0,en,completed,", lines[1], StringComparison.Ordinal);
        Assert.Contains(runId.ToString(), lines[1], StringComparison.Ordinal);
        using var jsonl = await client.GetAsync(new Uri($"/api/batches/{batchId}/results?format=jsonl", UriKind.Relative));
        var row = JsonDocument.Parse(Assert.Single((await jsonl.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(("completed", runId), (row.GetProperty("status").GetString(), row.GetProperty("runId").GetGuid()));

        var listed = Assert.Single(await client.GetFromJsonAsync<JsonElement[]>("/api/batches") ?? []);
        Assert.Equal((batchId, datasetId), (listed.GetProperty("id").GetGuid(), listed.GetProperty("datasetId").GetGuid()));
    }

    [Fact]
    public async Task CancelBatch_ItemAwaitingApproval_ItemCancelledAndItsRunLeavesTheApprovalQueue()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey);
        using var client = fixture.Client(adminKey);
        var datasetId = await UploadCsvAsync(client, "topic\nAcme Mesh Router\n");
        using var started = await client.PostAsJsonAsync("/api/batches", new { datasetId, definitionId, languages = new[] { "en" } });
        var batchId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var waiting = await PollAsync(client, "/api/runs?state=awaiting-approval", p => p.GetProperty("items").GetArrayLength() == 1);
        var runId = waiting.GetProperty("items")[0].GetProperty("id").GetGuid();

        await PostAsync(client, batchId, "cancel", HttpStatusCode.Accepted);
        var ended = await WaitForBatchAsync(client, batchId, b => b.GetProperty("state").GetString() == "cancelled");

        Assert.Equal((1, 1), (ended.GetProperty("result").GetProperty("cancelled").GetInt32(), ended.GetProperty("recorded").GetProperty("cancelled").GetInt32()));
        Assert.Equal("cancelled", (await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}")).GetProperty("state").GetString());
        Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>("/api/approvals") ?? []);
        Assert.Equal($"batch {batchId}", await fixture.Postgres.ScalarAsync<string>($"SELECT cancelled_by FROM \"{fixture.Schema}\".pipeline_runs WHERE id = '{runId}'"));
    }

    [Fact]
    public async Task RetryFailed_ItemFailed_RetriedAsASecondAttemptAndBatchCompletes()
    {
        var (_, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey);
        using var client = fixture.Client(adminKey);
        var datasetId = await UploadCsvAsync(client, "topic\nAcme Mesh Router\n");
        using var started = await client.PostAsJsonAsync("/api/batches", new { datasetId, definitionId, languages = new[] { "en" }, retryWindowSeconds = 300 });
        var batchId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await WaitForBatchAsync(client, batchId, b => Progress(b) is { ValueKind: JsonValueKind.Object } p && p.GetProperty("running").GetInt32() + p.GetProperty("awaitingPerson").GetInt32() == 1);

        // The item's pipeline dies from outside (terminated): the batch counts it failed and stays open for a retry.
        await fixture.Temporal.GetWorkflowHandle(BatchChildIds.For(batchId, new BatchUnit(0, "en", 0))).TerminateAsync("test: the pipeline fails");
        var failed = await WaitForBatchAsync(client, batchId, b => Progress(b) is { ValueKind: JsonValueKind.Object } p && p.GetProperty("failed").GetInt32() == 1 && p.GetProperty("running").GetInt32() == 0 && p.GetProperty("awaitingPerson").GetInt32() == 0
            && b.GetProperty("recorded").GetProperty("failed").GetInt32() == 1);
        Assert.Equal("running", failed.GetProperty("state").GetString());
        Assert.Equal(1, failed.GetProperty("recorded").GetProperty("failed").GetInt32());

        await PostAsync(client, batchId, "retry-failed", HttpStatusCode.Accepted);
        var retryWorkflow = BatchChildIds.For(batchId, new BatchUnit(0, "en", 1));
        await ApproveWaitingRunAsync(client, run => run.GetProperty("workflowId").GetString() == retryWorkflow);
        var completed = await WaitForBatchAsync(client, batchId, b => b.GetProperty("state").GetString() == "completed");

        Assert.Equal((1, 0), (completed.GetProperty("result").GetProperty("completed").GetInt32(), completed.GetProperty("result").GetProperty("failed").GetInt32()));
        await PostAsync(client, batchId, "retry-failed", HttpStatusCode.Conflict);
        using var jsonl = await client.GetAsync(new Uri($"/api/batches/{batchId}/results?format=jsonl", UriKind.Relative));
        var row = JsonDocument.Parse(Assert.Single((await jsonl.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(("completed", 1, retryWorkflow), (row.GetProperty("status").GetString(), row.GetProperty("attempt").GetInt32(), row.GetProperty("workflowId").GetString()));
    }

    /// <summary>Uploads CSV text as a dataset; returns its id.</summary>
    public static async Task<Guid> UploadCsvAsync(HttpClient client, string csv)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await UploadAsync(client, "/api/datasets?name=catalogue", csv, "text/csv");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("datasetId").GetGuid();
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string path, string content, string mediaType)
    {
        using var body = new StringContent(content, Encoding.UTF8);
        body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return await client.PostAsync(new Uri(path, UriKind.Relative), body);
    }

    private static JsonElement Progress(JsonElement batch) => batch.GetProperty("progress");

    private static async Task PostAsync(HttpClient client, Guid batchId, string action, HttpStatusCode expected)
    {
        using var response = await client.PostAsync(new Uri($"/api/batches/{batchId}/{action}", UriKind.Relative), null);
        if (expected == HttpStatusCode.Accepted)
        {
            Assert.True(response.StatusCode == expected, $"{action}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        else
        {
            await RunsApiTests.AssertProblemAsync(response, expected);
        }
    }

    /// <summary>Polls GET /api/batches/{id} until <paramref name="condition"/> holds; fails at the deadline.</summary>
    private static Task<JsonElement> WaitForBatchAsync(HttpClient client, Guid batchId, Func<JsonElement, bool> condition) =>
        PollAsync(client, $"/api/batches/{batchId}", condition);

    // Waits until exactly one of the project's runs awaiting approval matches, approves it and returns its id.
    private static async Task<Guid> ApproveWaitingRunAsync(HttpClient client, Func<JsonElement, bool> which)
    {
        var page = await PollAsync(client, "/api/runs?state=awaiting-approval", p => p.GetProperty("items").EnumerateArray().Count(which) == 1);
        var runId = page.GetProperty("items").EnumerateArray().Single(which).GetProperty("id").GetGuid();
        using var approved = await client.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "approve" });
        Assert.True(approved.StatusCode == HttpStatusCode.Accepted, await approved.Content.ReadAsStringAsync());
        return runId;
    }

    /// <summary>Polls <paramref name="path"/> until its body meets <paramref name="condition"/>, within 60 s unless told.</summary>
    internal static async Task<JsonElement> PollAsync(HttpClient client, string path, Func<JsonElement, bool> condition, TimeSpan? within = null)
    {
        using var deadline = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(60));
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        JsonElement last = default;
        while (true)
        {
            using (var response = await client.GetAsync(new Uri(path, UriKind.Relative), deadline.Token))
            {
                var body = await response.Content.ReadAsStringAsync(deadline.Token);
                Assert.True(response.IsSuccessStatusCode, body);
                last = JsonDocument.Parse(body).RootElement.Clone();
                if (condition(last))
                {
                    return last;
                }
            }

            // Polling is the only way to watch a batch from outside; the deadline bounds it.
            try
            {
                await poll.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"{path} did not reach the expected state within the deadline; last: {last}");
            }
        }
    }
}
