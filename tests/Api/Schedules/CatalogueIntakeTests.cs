using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Workflows.Schedules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ContentFlows.Api.Tests.Schedules;

[Collection(ApiEnvironmentCollection.Name)]
public sealed class CatalogueIntakeTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    [Fact]
    public async Task IntakeSchedule_CsvFeedOverHttp_BatchesOnlyNewSkusAndAnUnreadableFeedLosesNothing()
    {
        var csv = "sku,topic,audience\nA1,Acme Router One,families\nA2,Acme Lamp Two,students\nA2,Acme Lamp Two again,students\n,Nameless Kettle,cooks\nA9,,nobody\n";
        var status = StatusCodes.Status200OK;
        await using var feed = LoopbackWebApp.Create();
        feed.MapGet("/catalogue.csv", () => status == StatusCodes.Status200OK ? Results.Text(csv, "text/csv") : Results.StatusCode(status));
        var server = await LoopbackWebApp.StartAsync(feed);

        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey, withApproval: false);
        using var client = fixture.Client(adminKey);
        using var created = await client.PostAsJsonAsync("/api/schedules", new
        {
            name = "daily-products",
            definitionId,
            cron = "0 6 * * *",
            paused = true,
            intake = new { feedUrl = $"{server}catalogue.csv", format = "csv", keyColumn = "sku", languages = new[] { "en" } },
        });
        var createdBody = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, createdBody);
        Assert.Equal("sku", JsonDocument.Parse(createdBody).RootElement.GetProperty("intake").GetProperty("keyColumn").GetString());

        // First import: A1 and A2 once; the repeated A2, the row without a SKU and the row without a topic are not batched.
        var first = await TriggerAndWaitAsync(client, actionNumber: 1);
        var schedule = await client.GetFromJsonAsync<JsonElement>("/api/schedules/daily-products");
        await HistoryRecorder.RecordAsync(fixture.Temporal, schedule.GetProperty("recentActions")[0].GetProperty("workflowId").GetString()!, "catalogue-intake.json");
        Assert.Equal((2, 1), (first.NewItems, first.KnownItems));
        Assert.Contains(first.Warnings, w => w.Contains("no sku", StringComparison.Ordinal));
        Assert.Equal("Acme Router One|Acme Lamp Two", await TopicsAsync(first.DatasetId!.Value));
        await WaitForBatchResultsAsync(first.BatchId!.Value, 2);

        // The next day's file repeats A1 and A2 and adds A3 and A4: only those two are batched.
        csv = "sku,topic\nA1,Acme Router One\nA2,Acme Lamp Two\nA3,Acme Fan Three\nA4,Acme Heater Four\n";
        var second = await TriggerAndWaitAsync(client, actionNumber: 2);
        Assert.Equal((2, 2), (second.NewItems, second.KnownItems));
        Assert.Equal("Acme Fan Three|Acme Heater Four", await TopicsAsync(second.DatasetId!.Value));
        await WaitForBatchResultsAsync(second.BatchId!.Value, 2);

        // A feed that answers 500: a warning, no batch, and the keys already imported stay.
        status = StatusCodes.Status500InternalServerError;
        var failed = await TriggerAndWaitAsync(client, actionNumber: 3);
        Assert.Equal((null, 0), (failed.BatchId, failed.NewItems));
        Assert.Contains(failed.Warnings, w => w.Contains("answered HTTP 500", StringComparison.Ordinal));
        Assert.Equal(4L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".intake_keys WHERE project_id = '{projectId}'"));
        Assert.Equal(2L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".batches WHERE project_id = '{projectId}'"));
        Assert.Equal(0L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".datasets WHERE project_id = '{projectId}' AND name LIKE 'intake staging%'"));
    }

    private async Task<CatalogueIntakeResult> TriggerAndWaitAsync(HttpClient client, int actionNumber)
    {
        using var triggered = await client.PostAsJsonAsync("/api/schedules/daily-products/trigger", new { overlap = "allow-all" });
        Assert.Equal(HttpStatusCode.OK, triggered.StatusCode);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (true)
        {
            var schedule = await client.GetFromJsonAsync<JsonElement>("/api/schedules/daily-products", deadline.Token);
            var actions = schedule.GetProperty("recentActions");
            if (actions.GetArrayLength() >= actionNumber)
            {
                var workflowId = actions[actionNumber - 1].GetProperty("workflowId").GetString()!;
                return await fixture.Temporal.GetWorkflowHandle<CatalogueIntakeWorkflow, CatalogueIntakeResult>(workflowId).GetResultAsync(rpcOptions: new() { CancellationToken = deadline.Token });
            }

            await poll.WaitForNextTickAsync(deadline.Token);
        }
    }

    private async Task<string?> TopicsAsync(Guid datasetId) =>
        await fixture.Postgres.ScalarAsync<string>($"SELECT string_agg(data->>'topic', '|' ORDER BY item_index) FROM \"{fixture.Schema}\".dataset_items WHERE dataset_id = '{datasetId}'");

    private async Task WaitForBatchResultsAsync(Guid batchId, long count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        long seen;
        while ((seen = await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".batch_item_results WHERE batch_id = '{batchId}' AND status IN ('completed', 'needs-review')")) < count)
        {
            Assert.True(await poll.WaitForNextTickAsync(deadline.Token), $"Batch {batchId}: {seen} of {count} items finished.");
        }

        Assert.Equal(count, seen);
    }
}
