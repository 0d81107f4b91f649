using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ContentFlows.Api.Tests.Batches;

/// <summary>Children waiting for a reviewer hold no generation slot: a batch generates everything before any decision.</summary>
[Collection(ApiEnvironmentCollection.Name)]
public sealed class BatchReviewSlotsTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    private const int Items = 200;

    [Fact]
    public async Task Batch200ItemsWithApprovalAndMaxConcurrency10_AllGeneratedAndWaitingBeforeTheFirstDecision()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey);
        using var client = fixture.Client(adminKey);
        var csv = new StringBuilder("topic\n");
        for (var i = 0; i < Items; i++)
        {
            csv.Append("Acme Router ").Append(i).Append('\n');
        }

        var datasetId = await BatchesApiTests.UploadCsvAsync(client, csv.ToString());
        using var started = await client.PostAsJsonAsync("/api/batches", new { datasetId, definitionId, languages = new[] { "en" }, maxConcurrency = 10 });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var batchId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // No decision is sent: every item must still reach its reviewer.
        JsonElement progress = default;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        var maxGenerating = 0;
        while (true)
        {
            var batch = await client.GetFromJsonAsync<JsonElement>($"/api/batches/{batchId}", deadline.Token);
            progress = batch.GetProperty("progress");
            if (progress.ValueKind == JsonValueKind.Object)
            {
                maxGenerating = Math.Max(maxGenerating, progress.GetProperty("running").GetInt32());
                if (progress.GetProperty("awaitingPerson").GetInt32() == Items)
                {
                    break;
                }
            }

            try
            {
                await poll.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Not every item reached its reviewer within the deadline; last progress: {progress}");
            }
        }

        Assert.Equal((0, 0, 0), (progress.GetProperty("running").GetInt32(), progress.GetProperty("pending").GetInt32(), progress.GetProperty("completed").GetInt32()));
        Assert.InRange(maxGenerating, 1, 10);
        Assert.Equal(0L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".approvals a JOIN \"{fixture.Schema}\".pipeline_runs r ON r.id = a.run_id WHERE r.project_id = '{projectId}'"));
        Assert.Equal((long)Items, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".pipeline_runs WHERE project_id = '{projectId}' AND status = 'awaiting-approval' AND current_version IS NOT NULL"));

        // The waiting items are the batch's only business now: cancelling it cancels them.
        using var cancelled = await client.PostAsync(new Uri($"/api/batches/{batchId}/cancel", UriKind.Relative), content: null);
        Assert.Equal(HttpStatusCode.Accepted, cancelled.StatusCode);
    }
}
