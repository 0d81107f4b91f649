using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentFlows.Activities.Schedules;
using ContentFlows.Api.Tests.Runs;
using Temporalio.Api.Enums.V1;

namespace ContentFlows.Api.Tests.Schedules;

[Collection(ApiEnvironmentCollection.Name)]
public sealed class SchedulesApiTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task CreateSchedule_IntervalInTimeZone_FiresPausesTriggersBackfillsAndDeletes()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        var definitionId = await fixture.CreateDefinitionAsync(adminKey, withApproval: false);
        using var client = fixture.Client(adminKey);

        using var created = await client.PostAsJsonAsync("/api/schedules", ScheduleBody("weekly-digest", definitionId, intervalSeconds: 10));
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        var schedule = JsonDocument.Parse(body).RootElement;
        Assert.Equal(ProjectScheduleIds.Of(projectId, "weekly-digest"), schedule.GetProperty("scheduleId").GetString());
        Assert.Equal(("Europe/Berlin", 10, "skip", false), (schedule.GetProperty("timing").GetProperty("timeZone").GetString(), schedule.GetProperty("timing").GetProperty("intervalSeconds").GetInt32(), schedule.GetProperty("overlap").GetString(), schedule.GetProperty("paused").GetBoolean()));
        Assert.NotEqual(0, schedule.GetProperty("nextActionTimes").GetArrayLength());

        // A real Temporal Schedule: the official client describes it, with the pipeline's scheduled workflow as its action.
        var described = await fixture.Temporal.GetScheduleHandle(ProjectScheduleIds.Of(projectId, "weekly-digest")).DescribeAsync();
        Assert.Equal("ScheduledPipelineWorkflow", ((Temporalio.Client.Schedules.ScheduleActionStartWorkflow)described.Schedule.Action).Workflow);
        Assert.Equal(ScheduleOverlapPolicy.Skip, described.Schedule.Policy.Overlap);

        // It fires on its own: a run of the definition whose topic carries the action's date in Berlin.
        var fired = await WaitForScheduleAsync(client, "weekly-digest", s => s.GetProperty("recentActions").GetArrayLength() >= 1);
        var firstAction = fired.GetProperty("recentActions")[0];
        var berlinDate = TimeZoneInfo.ConvertTime(firstAction.GetProperty("scheduledAt").GetDateTimeOffset(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await WaitForRunsAsync(projectId, count: 1, finished: 1);
        Assert.Equal($"Digest of {berlinDate}", await fixture.Postgres.ScalarAsync<string>($"SELECT brief->>'topic' FROM \"{fixture.Schema}\".pipeline_runs WHERE project_id = '{projectId}' ORDER BY created_at LIMIT 1"));
        var firstActionId = firstAction.GetProperty("workflowId").GetString()!;
        await fixture.Temporal.GetWorkflowHandle(firstActionId).GetResultAsync();
        await HistoryRecorder.RecordAsync(fixture.Temporal, firstActionId, "scheduled-pipeline.json");

        // Paused, with the note kept.
        using var paused = await client.PostAsJsonAsync("/api/schedules/weekly-digest/pause", new { note = "holiday week" });
        var pausedBody = await paused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((HttpStatusCode.OK, true, "holiday week"), (paused.StatusCode, pausedBody.GetProperty("paused").GetBoolean(), pausedBody.GetProperty("note").GetString()));
        Assert.True((await fixture.Temporal.GetScheduleHandle(ProjectScheduleIds.Of(projectId, "weekly-digest")).DescribeAsync()).Schedule.State.Paused);
        var actionsWhenPaused = pausedBody.GetProperty("actionCount").GetInt64();
        var runsWhenPaused = await RunCountAsync(projectId);

        // Triggered by hand while paused: exactly one more action and one more run.
        using var triggered = await client.PostAsJsonAsync("/api/schedules/weekly-digest/trigger", new { overlap = "allow-all" });
        Assert.Equal(HttpStatusCode.OK, triggered.StatusCode);
        await WaitForScheduleAsync(client, "weekly-digest", s => s.GetProperty("actionCount").GetInt64() == actionsWhenPaused + 1);
        await WaitForRunsAsync(projectId, count: runsWhenPaused + 1, finished: runsWhenPaused + 1);

        // Backfilled: 30 s of a 10 s interval, an hour ago, is three actions whose briefs carry that hour's date.
        var start = DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds() / 10 * 10) + 5);
        using var backfilled = await client.PostAsJsonAsync("/api/schedules/weekly-digest/backfill", new { startAt = start, endAt = start.AddSeconds(30) });
        Assert.Equal(HttpStatusCode.OK, backfilled.StatusCode);
        await WaitForRunsAsync(projectId, count: runsWhenPaused + 4, finished: runsWhenPaused + 4);
        var actions = await WaitForScheduleAsync(client, "weekly-digest", s => s.GetProperty("actionCount").GetInt64() == actionsWhenPaused + 4);
        var backfilledTimes = actions.GetProperty("recentActions").EnumerateArray()
            .Select(a => a.GetProperty("workflowId").GetString()!)
            .Where(id => ContentFlows.Workflows.Schedules.ScheduledTimes.NominalTimeOf(id) is { } t && t < DateTime.UtcNow.AddMinutes(-30))
            .ToList();
        Assert.Equal(3, backfilledTimes.Count);

        // Still paused after all that; deleted, it is gone from Temporal and from the list.
        Assert.True(actions.GetProperty("paused").GetBoolean());
        using var deleted = await client.DeleteAsync(new Uri("/api/schedules/weekly-digest", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await client.GetAsync(new Uri("/api/schedules/weekly-digest", UriKind.Relative));
        await RunsApiTests.AssertProblemAsync(gone, HttpStatusCode.NotFound);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>("/api/schedules"))!);
    }

    [Fact]
    public async Task CreateSchedule_BadInput_ProblemDetailsNamingTheFieldAndNoSchedule()
    {
        var (projectId, adminKey) = await fixture.CreateProjectAsync();
        var reviewerKey = await fixture.CreateKeyAsync(adminKey, "dana@acme.test", "reviewer");
        var definitionId = await fixture.CreateDefinitionAsync(adminKey, withApproval: false);
        using var client = fixture.Client(adminKey);

        async Task AssertFieldAsync(object request, string field)
        {
            using var response = await client.PostAsJsonAsync("/api/schedules", request);
            var problem = await RunsApiTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }

        await AssertFieldAsync(ScheduleBody("bad-cron", definitionId, cron: "61 * * * *"), "cron");
        await AssertFieldAsync(ScheduleBody("bad-cron", definitionId, cron: "every monday"), "cron");
        await AssertFieldAsync(ScheduleBody("both", definitionId, cron: "0 9 * * 1", intervalSeconds: 60), "cron");
        await AssertFieldAsync(ScheduleBody("neither", definitionId), "cron");
        await AssertFieldAsync(ScheduleBody("short", definitionId, intervalSeconds: 1), "intervalSeconds");
        await AssertFieldAsync(ScheduleBody("zone", definitionId, cron: "0 9 * * 1", timeZone: "Mars/Olympus"), "timeZone");
        await AssertFieldAsync(ScheduleBody("overlap", definitionId, cron: "0 9 * * 1", overlap: "sometimes"), "overlap");
        await AssertFieldAsync(ScheduleBody("Bad Name!", definitionId, cron: "0 9 * * 1"), "name");
        await AssertFieldAsync(new { name = "no-brief", definitionId, cron = "0 9 * * 1" }, "brief");

        using var unknownDefinition = await client.PostAsJsonAsync("/api/schedules", ScheduleBody("unknown", Guid.NewGuid(), cron: "0 9 * * 1"));
        await RunsApiTests.AssertProblemAsync(unknownDefinition, HttpStatusCode.NotFound);
        using var reviewer = fixture.Client(reviewerKey);
        using var forbidden = await reviewer.PostAsJsonAsync("/api/schedules", ScheduleBody("reviewer", definitionId, cron: "0 9 * * 1"));
        await RunsApiTests.AssertProblemAsync(forbidden, HttpStatusCode.Forbidden);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>("/api/schedules"))!);
        await foreach (var listed in fixture.Temporal.ListSchedulesAsync())
        {
            Assert.False(listed.Id.StartsWith(ProjectScheduleIds.PrefixOf(projectId), StringComparison.Ordinal), listed.Id);
        }

        // A weekly cron in a time zone is fine; the same name twice is a conflict.
        using var good = await client.PostAsJsonAsync("/api/schedules", ScheduleBody("monday-digest", definitionId, cron: "0 9 * * 1", timeZone: "America/New_York", paused: true));
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        var next = (await good.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nextActionTimes");
        Assert.All(next.EnumerateArray(), t =>
        {
            var local = TimeZoneInfo.ConvertTime(t.GetDateTimeOffset(), TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
            Assert.Equal((DayOfWeek.Monday, 9, 0), (local.DayOfWeek, local.Hour, local.Minute));
        });
        using var twice = await client.PostAsJsonAsync("/api/schedules", ScheduleBody("monday-digest", definitionId, cron: "0 9 * * 1"));
        await RunsApiTests.AssertProblemAsync(twice, HttpStatusCode.Conflict);

        using var badBackfill = await client.PostAsJsonAsync("/api/schedules/monday-digest/backfill", new { startAt = DateTimeOffset.UtcNow, endAt = DateTimeOffset.UtcNow.AddDays(-1) });
        Assert.True((await RunsApiTests.AssertProblemAsync(badBackfill, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("endAt", out _));
        using var missing = await client.PostAsJsonAsync("/api/schedules/no-such/trigger", new { });
        await RunsApiTests.AssertProblemAsync(missing, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Schedules_TwoProjects_EachKeySeesAndControlsOnlyItsOwn()
    {
        var (projectA, adminA) = await fixture.CreateProjectAsync();
        var (projectB, adminB) = await fixture.CreateProjectAsync();
        var definitionA = await fixture.CreateDefinitionAsync(adminA, withApproval: false);
        var definitionB = await fixture.CreateDefinitionAsync(adminB, withApproval: false);
        using var a = fixture.Client(adminA);
        using var b = fixture.Client(adminB);

        // The same name in both projects: two Temporal schedules, each id carrying its project.
        using var createdA = await a.PostAsJsonAsync("/api/schedules", ScheduleBody("nightly", definitionA, cron: "0 2 * * *", paused: true));
        using var createdB = await b.PostAsJsonAsync("/api/schedules", ScheduleBody("nightly", definitionB, cron: "0 3 * * *", paused: true));
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (createdA.StatusCode, createdB.StatusCode));
        Assert.Equal(ProjectScheduleIds.Of(projectB, "nightly"), (await createdB.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scheduleId").GetString());

        // B cannot reach A's schedule by name or by A's definition.
        using var onlyA = await a.PostAsJsonAsync("/api/schedules", ScheduleBody("only-a", definitionA, cron: "0 4 * * *", paused: true));
        Assert.Equal(HttpStatusCode.Created, onlyA.StatusCode);
        using var read = await b.GetAsync(new Uri("/api/schedules/only-a", UriKind.Relative));
        await RunsApiTests.AssertProblemAsync(read, HttpStatusCode.NotFound);
        using var trigger = await b.PostAsJsonAsync("/api/schedules/only-a/trigger", new { });
        await RunsApiTests.AssertProblemAsync(trigger, HttpStatusCode.NotFound);
        using var delete = await b.DeleteAsync(new Uri("/api/schedules/only-a", UriKind.Relative));
        await RunsApiTests.AssertProblemAsync(delete, HttpStatusCode.NotFound);
        using var foreignDefinition = await b.PostAsJsonAsync("/api/schedules", ScheduleBody("stolen", definitionA, cron: "0 4 * * *"));
        await RunsApiTests.AssertProblemAsync(foreignDefinition, HttpStatusCode.NotFound);

        Assert.Equal(["nightly", "only-a"], (await a.GetFromJsonAsync<JsonElement[]>("/api/schedules"))!.Select(s => s.GetProperty("name").GetString()));
        var listedB = Assert.Single((await b.GetFromJsonAsync<JsonElement[]>("/api/schedules"))!);
        Assert.Equal(definitionB, listedB.GetProperty("definitionId").GetGuid());
        Assert.NotNull(await fixture.Temporal.GetScheduleHandle(ProjectScheduleIds.Of(projectA, "only-a")).DescribeAsync());
    }

    private static object ScheduleBody(string name, Guid definitionId, string? cron = null, int? intervalSeconds = null, string? timeZone = "Europe/Berlin", string? overlap = null, bool paused = false) => new
    {
        name,
        definitionId,
        cron,
        intervalSeconds,
        timeZone,
        overlap,
        paused,
        brief = new
        {
            topic = "Digest of {date}",
            audience = "busy families",
            channel = "newsletter",
            language = "en",
            keywords = new[] { "home wifi" },
            sourceText = "The Acme Mesh Router covers 120 square metres.",
        },
    };

    private async Task<long> RunCountAsync(Guid projectId) =>
        await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".pipeline_runs WHERE project_id = '{projectId}'");

    // Scheduled actions are asynchronous by nature; the rows are watched up to a deadline.
    private async Task WaitForRunsAsync(Guid projectId, long count, long finished)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        (long Count, long Finished) last = default;
        do
        {
            last = (
                await RunCountAsync(projectId),
                await fixture.Postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema}\".pipeline_runs WHERE project_id = '{projectId}' AND status IN ('completed', 'needs-review', 'published')"));
            if (last == (count, finished))
            {
                return;
            }

            Assert.True(last.Count <= count, $"More runs than expected: {last.Count} > {count}");
        }
        while (await WaitOrFalseAsync(poll, deadline.Token));

        Assert.Fail($"Expected {count} runs ({finished} finished) of project {projectId}; saw {last}.");
    }

    private static async Task<JsonElement> WaitForScheduleAsync(HttpClient client, string name, Func<JsonElement, bool> condition)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        JsonElement last;
        do
        {
            last = await client.GetFromJsonAsync<JsonElement>($"/api/schedules/{name}");
            if (condition(last))
            {
                return last;
            }
        }
        while (await WaitOrFalseAsync(poll, deadline.Token));

        Assert.Fail($"Schedule {name} did not reach the expected state; last: {last}");
        return last;
    }

    private static async Task<bool> WaitOrFalseAsync(PeriodicTimer poll, CancellationToken deadline)
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
}
