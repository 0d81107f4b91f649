using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ContentFlows.Api.Tests.Publications;

/// <summary>
/// Scheduled publishing over real HTTP with the real stack: publishAt at start in the project's time zone, rescheduling
/// and cancelling through the API (the workflow's signal), the calendar, and bad input answered as problem details.
/// </summary>
[Collection(ApiEnvironmentCollection.Name)]
public sealed class ScheduledPublicationsApiTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public async Task StartRun_PublishAtInTheProjectsZone_CalendarListsItAndItPublishesThenOnce()
    {
        var (projectId, key) = await fixture.CreateProjectAsync();
        await SetTimeZoneAsync(key, projectId, "Europe/Berlin");
        var definitionId = await fixture.CreateDefinitionAsync(key);
        var publishAt = DateTimeOffset.UtcNow.AddSeconds(6);
        var local = TimeZoneInfo.ConvertTime(publishAt, Berlin).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var expected = new DateTimeOffset(publishAt.Ticks - (publishAt.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

        var runId = await StartAsync(key, definitionId, new Dictionary<string, string> { ["static-files"] = local });

        var calendar = await GetJsonAsync(key, "/api/calendar?channel=static-files");
        Assert.Equal("Europe/Berlin", calendar.GetProperty("timeZone").GetString());
        var entry = Assert.Single(calendar.GetProperty("entries").EnumerateArray(), e => e.GetProperty("runId").GetString() == runId.ToString());
        Assert.Equal(("publication", "scheduled"), (entry.GetProperty("kind").GetString(), entry.GetProperty("status").GetString()));
        Assert.Equal(expected, entry.GetProperty("at").GetDateTimeOffset());
        Assert.StartsWith(local, entry.GetProperty("atLocal").GetString(), StringComparison.Ordinal);

        await fixture.WaitForRunAsync(key, runId, ApiEnvironmentFixture.IsAwaitingApproval);
        await ApproveAsync(key, runId);
        var run = await fixture.WaitForRunAsync(key, runId, ApiEnvironmentFixture.IsFinished);

        Assert.Equal("published", run.GetProperty("state").GetString());
        var publishedAt = await fixture.Postgres.ScalarAsync<DateTime>($"SELECT published_at FROM \"{fixture.Schema}\".publications WHERE run_id = '{runId}'");
        Assert.True(new DateTimeOffset(publishedAt, TimeSpan.Zero) >= expected, $"published at {publishedAt:O}, scheduled for {expected:O}");
        Assert.Equal(1L, await fixture.Postgres.ScalarAsync<long>($"SELECT COUNT(*) FROM \"{fixture.Schema}\".publications WHERE run_id = '{runId}'"));
        var after = await GetJsonAsync(key, $"/api/calendar?from={Uri.EscapeDataString(expected.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture))}");
        Assert.Contains(after.GetProperty("entries").EnumerateArray(), e => e.GetProperty("runId").GetString() == runId.ToString() && e.GetProperty("status").GetString() == "published");
    }

    [Fact]
    public async Task Calendar_ProjectWithAWeeklySchedule_ListsItsNextActionsPerChannelAndOnlyForThatChannel()
    {
        var (_, key) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(key);
        using var client = fixture.Client(key);
        using var created = await client.PostAsJsonAsync("/api/schedules", new
        {
            name = "monday-page",
            definitionId,
            cron = "0 9 * * 1",
            timeZone = "Europe/Berlin",
            paused = true,
            brief = new { topic = "Week of {date}", audience = "readers", channel = "blog", language = "en", keywords = new[] { "news" }, sourceText = "Notes." },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var nextActions = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nextActionTimes").EnumerateArray().Select(t => t.GetDateTimeOffset()).ToList();
        Assert.NotEmpty(nextActions);

        var calendar = await GetJsonAsync(key, "/api/calendar?channel=static-files");
        var webhookCalendar = await GetJsonAsync(key, "/api/calendar?channel=webhook");

        var entries = calendar.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "schedule").ToList();
        Assert.Equal(nextActions.Where(t => t < DateTimeOffset.UtcNow.AddDays(30)), entries.Select(e => e.GetProperty("at").GetDateTimeOffset()));
        Assert.All(entries, e => Assert.Equal(("monday-page", "static-files", true), (e.GetProperty("scheduleName").GetString(), e.GetProperty("channel").GetString(), e.GetProperty("paused").GetBoolean())));
        Assert.Empty(webhookCalendar.GetProperty("entries").EnumerateArray());
    }

    [Fact]
    public async Task Reschedule_FromTomorrowToSecondsAhead_PublishesAtTheNewTime()
    {
        var (_, key) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(key);
        var runId = await StartAsync(key, definitionId, new Dictionary<string, string> { ["static-files"] = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) });
        await fixture.WaitForRunAsync(key, runId, ApiEnvironmentFixture.IsAwaitingApproval);
        await ApproveAsync(key, runId);
        await fixture.WaitForRunAsync(key, runId, r => r.GetProperty("progress") is { ValueKind: JsonValueKind.Object } p && p.GetProperty("currentStage").GetString() == "publish");
        Assert.Equal(0L, await fixture.Postgres.ScalarAsync<long>($"SELECT COUNT(*) FROM \"{fixture.Schema}\".publications WHERE run_id = '{runId}'"));

        var newTime = DateTimeOffset.UtcNow.AddSeconds(3);
        using var client = fixture.Client(key);
        using var response = await client.PutAsJsonAsync($"/api/runs/{runId}/publications/static-files", new { publishAt = newTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture) });

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var run = await fixture.WaitForRunAsync(key, runId, ApiEnvironmentFixture.IsFinished);
        Assert.Equal("published", run.GetProperty("state").GetString());
        var publishedAt = await fixture.Postgres.ScalarAsync<DateTime>($"SELECT published_at FROM \"{fixture.Schema}\".publications WHERE run_id = '{runId}'");
        Assert.True(new DateTimeOffset(publishedAt, TimeSpan.Zero) >= newTime.AddMilliseconds(-1), $"published at {publishedAt:O}, rescheduled to {newTime:O}");
        Assert.True(new DateTimeOffset(publishedAt, TimeSpan.Zero) < DateTimeOffset.UtcNow.AddHours(1));
    }

    [Fact]
    public async Task Cancel_ScheduledChannel_RunCompletesWithoutPublishing()
    {
        var (_, key) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(key);
        var runId = await StartAsync(key, definitionId, new Dictionary<string, string> { ["static-files"] = DateTimeOffset.UtcNow.AddDays(2).ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture) });
        await fixture.WaitForRunAsync(key, runId, ApiEnvironmentFixture.IsAwaitingApproval);
        await ApproveAsync(key, runId);
        await fixture.WaitForRunAsync(key, runId, r => r.GetProperty("progress") is { ValueKind: JsonValueKind.Object } p && p.GetProperty("currentStage").GetString() == "publish");

        using var client = fixture.Client(key);
        using var response = await client.DeleteAsync(new Uri($"/api/runs/{runId}/publications/static-files", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var run = await fixture.WaitForRunAsync(key, runId, ApiEnvironmentFixture.IsFinished);
        Assert.Equal("completed", run.GetProperty("state").GetString());
        Assert.Equal(0L, await fixture.Postgres.ScalarAsync<long>($"SELECT COUNT(*) FROM \"{fixture.Schema}\".publications WHERE run_id = '{runId}'"));
        var listed = await GetJsonAsync(key, $"/api/runs/{runId}/publications");
        Assert.Equal("cancelled", Assert.Single(listed.EnumerateArray()).GetProperty("status").GetString());

        // Once ended, nothing more to move: a conflict, as problem details.
        using var late = await client.PutAsJsonAsync($"/api/runs/{runId}/publications/static-files", new { publishAt = "2099-01-01T09:00" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("application/problem+json", late.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task BadInput_PastTimeUnknownChannelBadZoneBadDates_ProblemDetailsNamingTheField()
    {
        var (projectId, key) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(key);
        using var client = fixture.Client(key);

        await AssertInvalidAsync(
            await client.PostAsJsonAsync("/api/runs", StartBody(definitionId, new Dictionary<string, string> { ["static-files"] = "2020-01-01T09:00" })), "publishAt.static-files", "must be in the future");
        await AssertInvalidAsync(
            await client.PostAsJsonAsync("/api/runs", StartBody(definitionId, new Dictionary<string, string> { ["webhook"] = "2099-01-01T09:00" })), "publishAt.webhook", "no channel named \"webhook\"");
        await AssertInvalidAsync(
            await client.PostAsJsonAsync("/api/runs", StartBody(definitionId, new Dictionary<string, string> { ["static-files"] = "tomorrow at nine" })), "publishAt.static-files", "ISO 8601");
        await AssertInvalidAsync(await client.PutAsJsonAsync($"/api/projects/{projectId}/time-zone", new { timeZone = "Mars/Olympus_Mons" }), "timeZone", "IANA time zone");
        await AssertInvalidAsync(await client.GetAsync(new Uri("/api/calendar?from=2027-02-30T00:00", UriKind.Relative)), "from", "ISO 8601");
        await AssertInvalidAsync(await client.GetAsync(new Uri("/api/calendar?from=2027-03-01T00:00&to=2027-02-01T00:00", UriKind.Relative)), "to", "after from");

        // A wall-clock time the zone skips (Berlin's clocks jump from 02:00 to 03:00 on 2099-03-29).
        await SetTimeZoneAsync(key, projectId, "Europe/Berlin");
        await AssertInvalidAsync(
            await client.PostAsJsonAsync("/api/runs", StartBody(definitionId, new Dictionary<string, string> { ["static-files"] = "2099-03-29T02:30" })), "publishAt.static-files", "does not exist in Europe/Berlin");

        var runId = await StartAsync(key, definitionId, new Dictionary<string, string> { ["static-files"] = "2099-01-01T09:00" });
        await AssertInvalidAsync(await client.PutAsJsonAsync($"/api/runs/{runId}/publications/static-files", new { publishAt = "2000-01-01T09:00" }), "publishAt", "must be in the future");
        using var unknownChannel = await client.PutAsJsonAsync($"/api/runs/{runId}/publications/wordpress", new { publishAt = "2099-01-01T09:00" });
        Assert.Equal(HttpStatusCode.NotFound, unknownChannel.StatusCode);

        // Another project's key sees no such run.
        var (_, otherKey) = await fixture.CreateProjectAsync();
        using var other = fixture.Client(otherKey);
        using var foreign = await other.DeleteAsync(new Uri($"/api/runs/{runId}/publications/static-files", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        var otherCalendar = await GetJsonAsync(otherKey, "/api/calendar?from=2098-12-01T00:00&to=2099-02-01T00:00");
        Assert.Empty(otherCalendar.GetProperty("entries").EnumerateArray());
    }

    private static object StartBody(Guid definitionId, IReadOnlyDictionary<string, string> publishAt)
    {
        var body = JsonSerializer.SerializeToElement(ApiEnvironmentFixture.StartBody(definitionId), ApiEnvironmentFixture.Json);
        var brief = body.GetProperty("brief");
        return new { definitionId, brief, publishAt };
    }

    private static async Task AssertInvalidAsync(HttpResponseMessage response, string field, string fragment)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var document = JsonDocument.Parse(body);
            var messages = document.RootElement.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()!);
            Assert.Contains(messages, m => m.Contains(fragment, StringComparison.Ordinal));
        }
    }

    private async Task<Guid> StartAsync(string key, Guid definitionId, IReadOnlyDictionary<string, string> publishAt)
    {
        using var client = fixture.Client(key);
        using var response = await client.PostAsJsonAsync("/api/runs", StartBody(definitionId, publishAt));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("id").GetGuid();
    }

    private async Task ApproveAsync(string key, Guid runId)
    {
        using var client = fixture.Client(key);
        using var response = await client.PostAsJsonAsync($"/api/runs/{runId}/approval", new { decision = "approve" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task SetTimeZoneAsync(string key, Guid projectId, string zone)
    {
        using var client = fixture.Client(key);
        using var response = await client.PutAsJsonAsync($"/api/projects/{projectId}/time-zone", new { timeZone = zone });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Contains($"\"timeZone\":\"{zone}\"", body, StringComparison.Ordinal);
    }

    private async Task<JsonElement> GetJsonAsync(string key, string path)
    {
        using var client = fixture.Client(key);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
