using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ContentFlows.Temporal.InteropTests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;
using static ContentFlows.Temporal.InteropTests.ScenarioResponse;

namespace ContentFlows.Temporal.InteropTests;

/// <summary>Tests that run their own dev servers on PostgreSQL and kill them.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresDurabilityCollection
{
    public const string Name = "Dev server durability on PostgreSQL";
}

/// <summary>The PostgreSQL store keeps every acknowledged change across a SIGKILL of the dev server.</summary>
[Collection(PostgresDurabilityCollection.Name)]
public sealed class DevServerDurabilityTests(ITestOutputHelper output)
{
    private const int WorkflowCount = 50;
    private static readonly string[] Activities = ["durableStepA", "durableStepB"];
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    // Far longer than a completion takes to reach the server and be acknowledged, even on a loaded machine.
    private static readonly TimeSpan AcknowledgementMargin = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task PostgresStore_ServerKilledWhileTimersPending_AllWorkflowsFinishAndNoCompletedActivityRunsAgain()
    {
        await NpmDependencies.EnsureInstalledAsync();
        string connectionString = await PostgresServer.ConnectionStringAsync();
        string schema = $"interop_{Guid.NewGuid():N}";
        string activityLog = Path.Combine(Path.GetTempPath(), $"contentflows-durability-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(activityLog, string.Empty);
        var settings = new DevServerSettings($"127.0.0.1:{FreeTcpPort()}", "postgres", connectionString, schema);

        DevServerProcess? first = null;
        DevServerProcess? second = null;
        HarnessProcess? harness = null;
        try
        {
            first = await DevServerProcess.StartAsync(settings, "devserver-1", ReadyTimeout);
            Assert.Equal(settings.Address, first.Address);
            harness = await HarnessProcess.StartAsync(first.Address, $"durability-{Guid.NewGuid():N}", activityLog, "harness", ReadyTimeout);

            string prefix = $"durable-{Guid.NewGuid():N}";
            var started = new ScenarioResponse(await harness.RunScenarioAsync(
                "durableStart", new { count = WorkflowCount, prefix }, TimeSpan.FromMinutes(2)));
            string[] ids = [.. started.ExpectSuccess().GetProperty("ids").EnumerateArray().Select(e => e.GetString()!)];

            // Kill once some first activities are done while their timers (2-4 s) still run.
            await WaitUntilAsync(
                () => CompletedCount(activityLog, "durableStepA") >= 10,
                TimeSpan.FromSeconds(60),
                "10 completed durableStepA activities");
            var killedAt = DateTimeOffset.UtcNow;
            await first.KillAsync();
            int aAtKill = CompletedCount(activityLog, "durableStepA");
            int bAtKill = CompletedCount(activityLog, "durableStepB");
            output.WriteLine($"Killed the dev server with {aAtKill} A and {bAtKill} B activities completed");
            Assert.True(bAtKill < WorkflowCount, "Every workflow had finished before the kill: nothing was left to resume");

            second = await DevServerProcess.StartAsync(settings, "devserver-2", ReadyTimeout);
            var sinceRestart = System.Diagnostics.Stopwatch.StartNew();
            var awaited = new ScenarioResponse(await harness.RunScenarioAsync(
                "durableAwait", new { ids }, TimeSpan.FromMinutes(4)));
            output.WriteLine($"All results arrived {sinceRestart.Elapsed.TotalSeconds:0.0} s after the restart");

            JsonElement outcomes = awaited.ExpectSuccess().GetProperty("outcomes");
            Assert.Equal(WorkflowCount, outcomes.GetArrayLength());
            foreach (JsonElement outcome in outcomes.EnumerateArray())
            {
                string workflowId = Text(outcome, "workflowId");
                int index = int.Parse(workflowId[(prefix.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(Get(outcome, "ok").GetBoolean(), $"{workflowId} failed: {Get(outcome, "error")}");
                Assert.Equal($"A{index}|B{index}", Text(outcome, "result"));
            }

            List<ActivityRecord> records = ReadRecords(activityLog);
            output.WriteLine(
                $"{records.Count(r => r.Outcome == "started")} activity executions for {ids.Length * Activities.Length} activities; "
                + $"attempts > 1: {records.Count(r => r.Outcome == "started" && r.Attempt > 1)}");
            foreach (string workflowId in ids)
            {
                foreach (string activity in Activities)
                {
                    ActivityRecord[] runs = [.. records.Where(r => r.WorkflowId == workflowId && r.Activity == activity)];
                    int completions = runs.Count(r => r.Outcome == "completed");

                    // A completion the server acknowledged is never run again. One that returned in the instant of the
                    // kill may not have reached the server: Temporal runs such an activity again (at least once).
                    bool acknowledgedBeforeKill = runs.Any(r => r.Outcome == "completed" && r.At < killedAt - AcknowledgementMargin);
                    Assert.True(
                        acknowledgedBeforeKill ? completions == 1 : completions is 1 or 2,
                        $"{workflowId} {activity}: expected {(acknowledgedBeforeKill ? "exactly one successful completion" : "one or two completions")}, found {completions}; executions: "
                        + string.Join(", ", runs.Select(r => $"attempt {r.Attempt} {r.Outcome} at {r.At:HH:mm:ss.fff}")) + $"; killed at {killedAt:HH:mm:ss.fff}");
                }
            }
        }
        finally
        {
            if (harness is not null)
            {
                output.WriteLine(harness.Process.LogText(maxLines: 300));
                await harness.DisposeAsync();
            }

            foreach (DevServerProcess? server in new[] { first, second })
            {
                if (server is not null)
                {
                    output.WriteLine(server.Process.LogText(maxLines: 300));
                    await server.DisposeAsync();
                }
            }

            await DropSchemaAsync(connectionString, schema);
            File.Delete(activityLog);
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {timeout} waiting for {what}");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private static int CompletedCount(string activityLog, string activity) =>
        ReadRecords(activityLog).Count(r => r.Activity == activity && r.Outcome == "completed");

    private static List<ActivityRecord> ReadRecords(string activityLog)
    {
        var records = new List<ActivityRecord>();
        using var stream = new FileStream(activityLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                JsonElement e = document.RootElement;
                records.Add(new ActivityRecord(
                    e.GetProperty("workflowId").GetString()!,
                    e.GetProperty("activity").GetString()!,
                    e.GetProperty("attempt").GetInt32(),
                    e.GetProperty("outcome").GetString()!,
                    DateTimeOffset.Parse(e.GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
            }
            catch (JsonException)
            {
                // The last line may still be being written.
            }
        }

        return records;
    }

    private static async Task DropSchemaAsync(string connectionString, string schema)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // Cleanup only: a leftover schema does not change any result.
        }
    }

    private sealed record ActivityRecord(string WorkflowId, string Activity, int Attempt, string Outcome, DateTimeOffset At);
}
