using ContentFlows.Temporal.InteropTests.Infrastructure;
using Npgsql;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Worker;
using Xunit.Abstractions;

namespace ContentFlows.Temporal.InteropTests.DotNetSdk.Replay;

/// <summary>
/// Histories the dev server records for the official .NET SDK replay with its <see cref="WorkflowReplayer"/>, and a
/// deliberately changed workflow fails that replay with a non-determinism error.
/// </summary>
public sealed class WorkflowReplayerTests(ITestOutputHelper output)
{
    /// <summary>Set to a file path to (re-)record Histories/approval.json from a live run.</summary>
    private const string RecordVariable = "CONTENTFLOWS_RECORD_APPROVAL_HISTORY";
    private const string RecordedHistoryFile = "approval.json";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ReplayWorkflowAsync_RecordedApprovalHistory_Replays()
    {
        WorkflowHistory history = LoadRecorded(RecordedHistoryFile);
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<ApprovalWorkflow>());

        WorkflowReplayResult result = await replayer.ReplayWorkflowAsync(history);

        Assert.Null(result.ReplayFailure);
        Assert.Equal(EventType.WorkflowExecutionCompleted, history.Events.Last().EventType);
    }

    [Fact]
    public async Task ReplayWorkflowAsync_RecordedApprovalHistoryWithTimeoutDropped_ThrowsNondeterminism()
    {
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<ApprovalWithoutTimeoutWorkflow>());

        WorkflowNondeterminismException error = await Assert.ThrowsAsync<WorkflowNondeterminismException>(
            () => replayer.ReplayWorkflowAsync(LoadRecorded(RecordedHistoryFile)));

        // Event 11 is the timer of the wait's timeout, which the changed workflow no longer starts.
        Assert.Contains("Nondeterminism error: No command scheduled for event HistoryEvent(id: 11, TimerStarted)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Histories_EveryRecordedFile_IsCoveredByAReplayTest()
    {
        Assert.Equal(
            [RecordedHistoryFile],
            Directory.GetFiles(HistoriesDirectory, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Runs <see cref="ApprovalWorkflow"/> on a fresh dev server with a .NET worker, then replays the history the server
    /// recorded: the real workflow replays, the changed one reports non-determinism.
    /// </summary>
    [Theory]
    [InlineData("memory")]
    [InlineData("postgres")]
    public async Task ReplayWorkflowAsync_HistoryRecordedByDevServer_ReplaysAndChangedWorkflowThrowsNondeterminism(string store)
    {
        string? connectionString = store == "postgres" ? await PostgresServer.ConnectionStringAsync() : null;
        string? schema = connectionString is null ? null : $"replay_{Guid.NewGuid():N}";
        await using DevServerProcess server = await DevServerProcess.StartAsync(
            new DevServerSettings(Store: store, PostgresConnectionString: connectionString, PostgresSchema: schema), "devserver", ReadyTimeout);
        try
        {
            WorkflowHistory history = await RunApprovalAsync(server.Address);

            var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<ApprovalWorkflow>());
            Assert.Null((await replayer.ReplayWorkflowAsync(history)).ReplayFailure);
            var changed = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<ApprovalWithoutTimeoutWorkflow>());
            WorkflowReplayResult failed = Assert.Single(await changed.ReplayWorkflowsAsync([history]));
            Assert.IsType<WorkflowNondeterminismException>(failed.ReplayFailure);

            if (Environment.GetEnvironmentVariable(RecordVariable) is { Length: > 0 } recordTo && store == "memory")
            {
                await File.WriteAllTextAsync(recordTo, history.ToJson());
            }
        }
        catch
        {
            output.WriteLine(server.Process.LogText(maxLines: 300));
            throw;
        }
        finally
        {
            if (connectionString is not null)
            {
                await DropSchemaAsync(connectionString, schema!);
            }
        }
    }

    private static string HistoriesDirectory => Path.Combine(AppContext.BaseDirectory, "Histories");

    private static WorkflowHistory LoadRecorded(string file) =>
        WorkflowHistory.FromJson("approval", File.ReadAllText(Path.Combine(HistoriesDirectory, file)));

    /// <summary>Runs one approval to completion (activity, signal before the timeout, a query) and returns its history.</summary>
    private static async Task<WorkflowHistory> RunApprovalAsync(string address)
    {
        TemporalClient client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address));
        string taskQueue = $"replay-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(
            client,
            new TemporalWorkerOptions(taskQueue).AddWorkflow<ApprovalWorkflow>().AddActivity(ApprovalActivities.PrepareReview));
        return await worker.ExecuteAsync(async () =>
        {
            WorkflowHandle<ApprovalWorkflow, string> handle = await client.StartWorkflowAsync(
                (ApprovalWorkflow wf) => wf.RunAsync("draft-7"),
                new WorkflowOptions($"approval-{Guid.NewGuid():N}", taskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(1) });
            await WaitForTimerStartedAsync(handle);
            Assert.Equal("pending", await handle.QueryAsync(wf => wf.Status));
            await handle.SignalAsync(wf => wf.ApproveAsync("grace"));
            Assert.Equal("review of draft-7 prepared: approved by grace", await handle.GetResultAsync());
            return await handle.FetchHistoryAsync();
        });
    }

    /// <summary>Waits until the timeout timer is in the history, so the signal lands while it runs and the history holds both.</summary>
    private static async Task WaitForTimerStartedAsync(WorkflowHandle handle)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            WorkflowHistory history = await handle.FetchHistoryAsync();
            if (history.Events.Any(e => e.EventType == EventType.TimerStarted))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "The workflow started no timer within 30 s");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private static async Task DropSchemaAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
