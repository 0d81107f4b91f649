using ContentFlows.Temporal.DevServer.Tests.Persistence;
using Temporalio.Client;
using Temporalio.Client.Schedules;

namespace ContentFlows.Temporal.DevServer.Tests.Schedules;

/// <summary>A schedule due while the dev server was SIGKILLed on the PostgreSQL store fires once after the restart, and never again.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SchedulePostgresRestartTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly PostgresFixture postgres;

    public SchedulePostgresRestartTests(PostgresFixture postgres)
    {
        this.postgres = postgres;
    }

    [Fact]
    public async Task ScheduleDueDuringDowntime_ServerRestarted_FiresOnceWithinCatchupWindow()
    {
        var schema = PostgresFixture.NewSchemaName();
        var address = DevServerProcess.FreeAddress();
        var arguments = DevServerProcess.PostgresArguments(address, postgres.ConnectionString, schema);
        var scheduleId = $"restart-{Guid.NewGuid():N}";
        try
        {
            DateTime due;
            using (var server = await DevServerProcess.StartAsync(Deadline, arguments))
            {
                var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address));

                // One action time, a few seconds ahead: the server is killed before it and restarted after it.
                due = DateTime.UtcNow.AddSeconds(4);
                due = new DateTime(due.Year, due.Month, due.Day, due.Hour, due.Minute, due.Second, DateTimeKind.Utc);
                var once = new ScheduleCalendarSpec
                {
                    Year = [new(due.Year)],
                    Month = [new(due.Month)],
                    DayOfMonth = [new(due.Day)],
                    Hour = [new(due.Hour)],
                    Minute = [new(due.Minute)],
                    Second = [new(due.Second)],
                };
                var schedule = new Schedule(
                    ScheduleActionStartWorkflow.Create((GreetingWorkflow wf) => wf.RunAsync("restart"), new($"{scheduleId}-wf", "no-worker")),
                    new ScheduleSpec { Calendars = [once] })
                {
                    Policy = new() { CatchupWindow = TimeSpan.FromMinutes(1) },
                };

                var handle = await client.CreateScheduleAsync(scheduleId, schedule);
                Assert.Equal(due, (await handle.DescribeAsync()).Info.NextActionTimes.Single());
                server.Kill();
            }

            // The action time passes while no server runs.
            while (DateTime.UtcNow < due.AddSeconds(1))
            {
                await Task.Delay(100);
            }

            using (var restarted = await DevServerProcess.StartAsync(Deadline, arguments))
            {
                var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address));
                var description = await WaitForAsync(client.GetScheduleHandle(scheduleId), d => d.Info.NumActions >= 1);
                Assert.Equal(1, description.Info.NumActions);
                Assert.Equal(due, description.Info.RecentActions.Single().ScheduledAt);
                Assert.Equal(1, await CountScheduledAsync(client, scheduleId));
                restarted.Kill();
            }

            using (var again = await DevServerProcess.StartAsync(Deadline, arguments))
            {
                var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address));
                var description = await client.GetScheduleHandle(scheduleId).DescribeAsync();
                Assert.Equal(1, description.Info.NumActions);
                Assert.Empty(description.Info.NextActionTimes);
                Assert.Equal(1, await CountScheduledAsync(client, scheduleId));
            }
        }
        finally
        {
            await postgres.DropSchemaAsync(schema);
        }
    }

    private static async Task<int> CountScheduledAsync(TemporalClient client, string scheduleId)
    {
        var count = 0;
        await foreach (var workflow in client.ListWorkflowsAsync($"TemporalScheduledById = '{scheduleId}'"))
        {
            Assert.StartsWith($"{scheduleId}-wf-", workflow.Id, StringComparison.Ordinal);
            count++;
        }

        return count;
    }

    private static async Task<ScheduleDescription> WaitForAsync(ScheduleHandle handle, Func<ScheduleDescription, bool> condition)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var description = await handle.DescribeAsync();
            if (condition(description) || DateTime.UtcNow > deadline)
            {
                return description;
            }

            await Task.Delay(100);
        }
    }
}
