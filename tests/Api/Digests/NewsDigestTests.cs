using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ContentFlows.Api.Tests.Digests;

[Collection(ApiEnvironmentCollection.Name)]
public sealed partial class NewsDigestTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    [Fact]
    public async Task DigestRuns_OverLocalFeeds_BestItemsWithLinksNoRepeatsAndBadFeedsAsWarnings()
    {
        var extra = new List<(string Guid, string Title, string Link, string Summary)>();
        await using var feeds = LoopbackWebApp.Create();
        feeds.MapGet("/rss.xml", () => Results.Text(FeedFixtures.Rss(extra), "application/rss+xml"));
        feeds.MapGet("/atom.xml", () => Results.Text(FeedFixtures.Atom, "application/atom+xml"));
        feeds.MapGet("/broken.xml", () => Results.Text(FeedFixtures.Broken, "application/rss+xml"));
        var server = await LoopbackWebApp.StartAsync(feeds);
        var unreachable = $"http://127.0.0.1:{ClosedPort()}/feed.xml";

        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        using var client = fixture.Client(adminKey);
        using var definition = await client.PostAsJsonAsync("/api/definitions", new
        {
            name = "weekly-news-digest",
            stages = new object[]
            {
                new { type = "feeds", config = new { feeds = new[] { $"{server}rss.xml", $"{server}atom.xml", $"{server}broken.xml", unreachable } } },
                new { type = "digest", config = new { minItems = 3, maxItems = 5, minScore = 40 } },
                new { type = "quality-gates", config = new { } },
                new { type = "approval", config = new { } },
                new { type = "publish", config = new { channel = "static-files" } },
            },
        });
        var definitionBody = await definition.Content.ReadAsStringAsync();
        Assert.True(definition.IsSuccessStatusCode, definitionBody);
        var definitionId = JsonDocument.Parse(definitionBody).RootElement.GetProperty("id").GetGuid();

        // First run, started by hand.
        using var started = await client.PostAsJsonAsync("/api/runs", DigestBody(definitionId));
        var firstRun = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var firstLinks = await ApproveAndReadDigestLinksAsync(adminKey, firstRun);

        // The relevant items, each once although two feeds carry the roaming story; the garden story scored too low.
        Assert.Equal(
            new[] { "https://blog.example/large-flat", "https://news.example/mesh-roaming", "https://news.example/mesh-security", "https://news.example/wifi7-roundup" }.Order(),
            firstLinks.Order());
        var warnings = await fixture.Postgres.ScalarAsync<string>($"SELECT warnings::text FROM \"{fixture.Schema}\".research_briefs WHERE run_id = '{firstRun}'");
        Assert.Contains("broken.xml is malformed", warnings, StringComparison.Ordinal);
        Assert.Contains($"{unreachable} is unreachable", warnings, StringComparison.Ordinal);
        Assert.Contains("Item 4 of the feed " + server + "rss.xml was left out: it has no absolute link", warnings, StringComparison.Ordinal);
        Assert.Contains("Item 3 of the feed " + server + "atom.xml was left out: it has no title", warnings, StringComparison.Ordinal);

        // A week later, by the weekly schedule: two new stories; nothing of the first digest comes back.
        extra.Add(("urn:news:mesh-price", "Mesh wifi kits drop in price", "https://news.example/mesh-price", "Three-node mesh router kits now cost less."));
        extra.Add(("urn:news:router-tips", "Five router placement tips", "https://news.example/router-tips", "Where a router should stand in a family home."));
        using var schedule = await client.PostAsJsonAsync("/api/schedules", new
        {
            name = "weekly-digest",
            definitionId,
            cron = "0 8 * * 1",
            timeZone = "Europe/Berlin",
            brief = new { topic = "Mesh wifi router news {date}", audience = "busy families", channel = "newsletter", language = "en", keywords = new[] { "mesh wifi", "router" }, sourceText = "" },
        });
        Assert.Equal(HttpStatusCode.Created, schedule.StatusCode);
        using var triggered = await client.PostAsJsonAsync("/api/schedules/weekly-digest/trigger", new { });
        Assert.Equal(HttpStatusCode.OK, triggered.StatusCode);
        var secondRun = await WaitForSecondRunAsync(projectId, firstRun);
        var secondLinks = await ApproveAndReadDigestLinksAsync(adminKey, secondRun);
        Assert.Equal(["https://news.example/mesh-price", "https://news.example/router-tips"], secondLinks.Order());
        Assert.Empty(secondLinks.Intersect(firstLinks));
        Assert.Equal(2, await fixture.Postgres.ScalarAsync<int>($"SELECT jsonb_array_length(items) FROM \"{fixture.Schema}\".run_feed_items WHERE run_id = '{secondRun}'"));
        Assert.Equal(5L, await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".feed_items_seen WHERE project_id = '{projectId}' AND first_run_id = '{firstRun}'"));
    }

    private static object DigestBody(Guid definitionId) => new
    {
        definitionId,
        brief = new { topic = "Mesh wifi router news", audience = "busy families", channel = "newsletter", language = "en", keywords = new[] { "mesh wifi", "router" }, sourceText = "" },
    };

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task<List<string>> ApproveAndReadDigestLinksAsync(string key, Guid runId)
    {
        await fixture.WaitForRunAsync(key, runId, run => run.GetProperty("state").GetString() == "awaiting-approval");
        using var client = fixture.Client(key);
        using var approved = await client.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "approve" });
        Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
        var finished = await fixture.WaitForRunAsync(key, runId, ApiEnvironmentFixture.IsFinished);
        Assert.Equal("published", finished.GetProperty("state").GetString());
        var version = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/versions/1");
        var body = version.GetProperty("fields").GetProperty("body").GetString()!;
        var links = SourceLine().Matches(body).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(links.Count, links.Distinct().Count());
        return links;
    }

    private async Task<Guid> WaitForSecondRunAsync(Guid projectId, Guid firstRun)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        do
        {
            var id = await fixture.Postgres.ScalarAsync<Guid?>($"SELECT id FROM \"{fixture.Schema}\".pipeline_runs WHERE project_id = '{projectId}' AND id <> '{firstRun}' LIMIT 1");
            if (id is { } found)
            {
                return found;
            }
        }
        while (await WaitAsync(poll, deadline.Token));

        Assert.Fail("The schedule's run did not appear.");
        return Guid.Empty;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer poll, CancellationToken deadline)
    {
        try
        {
            return await poll.WaitForNextTickAsync(deadline);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [GeneratedRegex("^Source: (\\S+)$", RegexOptions.Multiline)]
    private static partial Regex SourceLine();
}
