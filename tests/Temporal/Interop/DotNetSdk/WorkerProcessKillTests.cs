using ContentFlows.Temporal.InteropTests.Infrastructure;
using Npgsql;
using Temporalio.Client;
using Xunit.Abstractions;

namespace ContentFlows.Temporal.InteropTests.DotNetSdk;

/// <summary>
/// A worker of the official .NET SDK SIGKILLed mid-workflow loses nothing: a new worker process finishes the workflow
/// and no activity that had completed runs again. Workers run as separate processes (WorkerHost/), on their own dev
/// server, with each store.
/// </summary>
public sealed class WorkerProcessKillTests(ITestOutputHelper output)
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("memory")]
    [InlineData("postgres")]
    public async Task ExecuteWorkflow_WorkerProcessKilledMidWorkflow_NewWorkerFinishesWithoutRerunningCompletedActivities(string store)
    {
        string? connectionString = store == "postgres" ? await PostgresServer.ConnectionStringAsync() : null;
        string? schema = connectionString is null ? null : $"killworker_{Guid.NewGuid():N}";
        string taskQueue = $"killable-{Guid.NewGuid():N}";
        string workflowId = $"killable-{Guid.NewGuid():N}";
        string activityLog = Path.Combine(Path.GetTempPath(), $"contentflows-kill-worker-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(activityLog, string.Empty);
        DevServerProcess server = await DevServerProcess.StartAsync(
            new DevServerSettings(Store: store, PostgresConnectionString: connectionString, PostgresSchema: schema), "devserver", ReadyTimeout);
        WorkerHostProcess? first = null;
        WorkerHostProcess? second = null;
        try
        {
            TemporalClient client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
            first = await WorkerHostProcess.StartAsync("worker-1", server.Address, taskQueue, activityLog, WaitLimit);
            WorkflowHandle handle = await client.StartWorkflowAsync(
                "KillableWorkflow", ["in"], new WorkflowOptions(workflowId, taskQueue) { ExecutionTimeout = TimeSpan.FromMinutes(2) });

            // Step "one" has completed and step "two" runs its first attempt: SIGKILL the worker there.
            await first.Blocking.WaitAsync(WaitLimit);
            await first.KillAsync();

            second = await WorkerHostProcess.StartAsync("worker-2", server.Address, taskQueue, activityLog, WaitLimit);
            string result = await handle.GetResultAsync<string>().WaitAsync(WaitLimit);

            Assert.Equal("in>one>two>three", result);
            List<string[]> lines = [.. (await File.ReadAllLinesAsync(activityLog)).Select(l => l.Split(','))];
            string logText = string.Join('\n', lines.Select(l => string.Join(',', l)));
            Assert.All(lines, l => Assert.Equal(workflowId, l[1]));
            foreach (string step in new[] { "one", "two", "three" })
            {
                int done = lines.Count(l => l[0] == "done" && l[2] == step);
                Assert.True(done == 1, $"step {step} completed {done} times:\n{logText}");
            }

            // Completed activities never ran again; the interrupted one was retried (attempt 2) by the new worker.
            Assert.Single(lines, l => l[0] == "start" && l[2] == "one");
            Assert.Single(lines, l => l[0] == "start" && l[2] == "three");
            Assert.Equal(["1", "2"], lines.Where(l => l[0] == "start" && l[2] == "two").Select(l => l[3]));
            Assert.Equal("2", lines.Single(l => l[0] == "done" && l[2] == "two")[3]);
        }
        finally
        {
            foreach (WorkerHostProcess? worker in new[] { first, second })
            {
                if (worker is not null)
                {
                    output.WriteLine(worker.Process.LogText(maxLines: 200));
                    await worker.Process.DisposeAsync();
                }
            }

            output.WriteLine(server.Process.LogText(maxLines: 300));
            await server.DisposeAsync();
            if (connectionString is not null)
            {
                await DropSchemaAsync(connectionString, schema!);
            }

            File.Delete(activityLog);
        }
    }

    private static async Task DropSchemaAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A WorkerHost process; its stdout lines "ready" and "blocking two" complete the start and <see cref="Blocking"/>.</summary>
    private sealed class WorkerHostProcess
    {
        private WorkerHostProcess(ChildProcess process, Task blocking)
        {
            Process = process;
            Blocking = blocking;
        }

        public ChildProcess Process { get; }

        /// <summary>Completes once step "two" blocks on its first attempt in this process.</summary>
        public Task Blocking { get; }

        public static async Task<WorkerHostProcess> StartAsync(string name, string address, string taskQueue, string activityLog, TimeSpan readyTimeout)
        {
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var blocking = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            ChildProcess process = ChildProcess.Start(
                name,
                "dotnet",
                [RepositoryLayout.InteropWorkerHostDll()],
                RepositoryLayout.Root,
                new Dictionary<string, string>
                {
                    ["TEMPORAL_ADDRESS"] = address,
                    ["TASK_QUEUE"] = taskQueue,
                    ["ACTIVITY_LOG"] = activityLog,
                },
                onStdoutLine: line =>
                {
                    if (line == "ready")
                    {
                        ready.TrySetResult();
                    }
                    else if (line == "blocking two")
                    {
                        blocking.TrySetResult();
                    }
                },
                onStdoutClosed: () =>
                {
                    ready.TrySetException(new InvalidOperationException($"{name} exited before it was ready"));
                    blocking.TrySetException(new InvalidOperationException($"{name} exited before step two started"));
                });
            try
            {
                await ready.Task.WaitAsync(readyTimeout);
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
            {
                string log = process.LogText();
                await process.DisposeAsync();
                throw new InvalidOperationException($"{name} did not start:\n{log}", ex);
            }

            return new WorkerHostProcess(process, blocking.Task);
        }

        /// <summary>SIGKILL of the worker's whole process tree: it gets no chance to report or shut down.</summary>
        public async Task KillAsync()
        {
            Process.Kill();
            Assert.True(await Process.WaitForExitAsync(TimeSpan.FromSeconds(10)), $"{Process.Name} still runs after SIGKILL");
        }
    }
}
