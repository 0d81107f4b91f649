using System.Collections.Concurrent;
using ContentFlows.Temporal.DevServer.Tests.Persistence;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Converters;
using Temporalio.Exceptions;
using Temporalio.Worker;
using Xunit.Abstractions;

namespace ContentFlows.Temporal.DevServer.Tests.Soak;

/// <summary>
/// The acceptance soak: the official .NET worker runs 500 pipeline-shaped workflows (activities, a timer, a child, a
/// signal) on the PostgreSQL store while the dev server is SIGKILLed and restarted five times at random points of
/// the run. Every workflow completes exactly once, every acknowledged signal is in its history, no activity
/// completion is applied twice, and no history has a gap. Separable with <c>--filter Category!=Soak</c>.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Soak")]
public sealed class DevServerKillSoakTests
{
    private const int WorkflowCount = 500;
    private const int Kills = 5;
    private const int ActivitiesPerWorkflow = 3;
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RunDeadline = TimeSpan.FromMinutes(3);

    private readonly PostgresFixture postgres;
    private readonly ITestOutputHelper output;

    public DevServerKillSoakTests(PostgresFixture postgres, ITestOutputHelper output)
    {
        this.postgres = postgres;
        this.output = output;
    }

    [Fact]
    public async Task PipelinesOnPostgres_ServerKilledFiveTimesAtRandom_EachCompletesOnceWithItsSignalsNoRepeatedCompletionNoGaps()
    {
        // CONTENTFLOWS_SOAK_SEED replays a logged run's kill points.
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CONTENTFLOWS_SOAK_SEED"), out var given) ? given : Environment.TickCount;
        var random = new Random(seed);
        var schema = PostgresFixture.NewSchemaName();
        var address = DevServerProcess.FreeAddress();
        var arguments = DevServerProcess.PostgresArguments(address, postgres.ConnectionString, schema);
        var taskQueue = $"soak-{Guid.NewGuid():N}";
        var prefix = $"soak-{Guid.NewGuid():N}";
        var ids = Enumerable.Range(0, WorkflowCount).Select(i => $"{prefix}-{i}").ToArray();

        // Kill points: random amounts of finished stage work, between a twentieth and nine tenths of it, so every
        // kill lands while workflows are in flight.
        var totalActivities = WorkflowCount * ActivitiesPerWorkflow;
        var killPoints = Enumerable.Range(0, Kills).Select(_ => random.Next(totalActivities / 20, totalActivities * 9 / 10)).Order().ToArray();
        output.WriteLine($"seed {seed}; kills after {string.Join(", ", killPoints)} of {totalActivities} activity executions");

        var server = await DevServerProcess.StartAsync(ReadyDeadline, arguments);
        var activities = new SoakActivities();
        using var stopWorker = new CancellationTokenSource();
        Task? workerRun = null;
        try
        {
            var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address));
            var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue)
                .AddAllActivities(activities)
                .AddWorkflow<SoakPipelineWorkflow>()
                .AddWorkflow<SoakDraftWorkflow>());
            workerRun = RunWorkerAsync(worker, stopWorker.Token);

            var acknowledgedNotes = new ConcurrentDictionary<string, ConcurrentBag<string>>(StringComparer.Ordinal);
            using var runDeadline = new CancellationTokenSource(RunDeadline);
            var driver = DriveAsync(client, ids, taskQueue, acknowledgedNotes, runDeadline.Token);

            for (var kill = 0; kill < Kills; kill++)
            {
                await WaitUntilAsync(() => activities.Executions.Values.Sum() >= killPoints[kill], runDeadline.Token, $"{killPoints[kill]} activity executions before kill {kill + 1}");
                server.Kill();
                server.Dispose();
                output.WriteLine($"kill {kill + 1} after {activities.Executions.Values.Sum()} activity executions");
                server = await DevServerProcess.StartAsync(ReadyDeadline, arguments);
            }

            await driver;
            var results = await Task.WhenAll(ids.Select(id => RetryAsync(() => client.GetWorkflowHandle(id).GetResultAsync<SoakPipelineResult>(), runDeadline.Token)));

            // Completed exactly once: one run per workflow id, completed, with the result of its own index.
            var pipelines = new List<WorkflowExecution>();
            await foreach (var execution in client.ListWorkflowsAsync($"WorkflowType = 'SoakPipelineWorkflow' AND TaskQueue = '{taskQueue}'"))
            {
                pipelines.Add(execution);
            }

            Assert.Equal(ids.Order(StringComparer.Ordinal), pipelines.Select(p => p.Id).Order(StringComparer.Ordinal));
            Assert.All(pipelines, p => Assert.Equal(WorkflowExecutionStatus.Completed, p.Status));
            for (var i = 0; i < WorkflowCount; i++)
            {
                Assert.Equal($"published-draft-{i}", results[i].Published);
            }

            // A few at a time: 1,000 histories at once, half of them read back from PostgreSQL, outlast the client's RPC
            // timeout on a loaded 2-core machine, and that says nothing about durability.
            // In the order of the ids: the parents' histories come first.
            var historyIds = ids.Concat(ids.Select(id => $"{id}-draft")).ToList();
            var histories = new WorkflowHistory[historyIds.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, historyIds.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
                histories[i] = await client.GetWorkflowHandle(historyIds[i]).FetchHistoryAsync());
            foreach (var history in histories)
            {
                AssertWholeHistory(history.Id, history.Events);
            }

            // Every acknowledged signal is in its workflow's history.
            foreach (var history in histories.Take(WorkflowCount))
            {
                var signaled = history.Events
                    .Where(e => e.EventType == EventType.WorkflowExecutionSignaled)
                    .Select(e => DataConverter.Default.PayloadConverter.ToValue<string>(e.WorkflowExecutionSignaledEventAttributes.Input.Payloads_[0]))
                    .ToHashSet(StringComparer.Ordinal);
                var acknowledged = acknowledgedNotes[history.Id];
                Assert.NotEmpty(acknowledged);
                Assert.All(acknowledged, note => Assert.Contains(note, signaled));
            }

            var executions = activities.Executions.Values.Sum();
            output.WriteLine($"{executions} activity executions for {totalActivities} activities; ran more than once: {activities.Executions.Count(e => e.Value > 1)}");
            Assert.All(activities.Executions, e => Assert.InRange(e.Value, 1, 1 + Kills));
        }
        finally
        {
            await stopWorker.CancelAsync();
            if (workerRun is not null)
            {
                await workerRun;
            }

            output.WriteLine(server.StandardError.Length > 4000 ? server.StandardError[^4000..] : server.StandardError);
            server.Dispose();
            await postgres.DropSchemaAsync(schema);
        }
    }

    /// <summary>Events 1..N without a gap, started first, one close event last, one completion per scheduled activity.</summary>
    private static void AssertWholeHistory(string workflowId, IReadOnlyCollection<HistoryEvent> events)
    {
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.EventId));
        Assert.Equal(EventType.WorkflowExecutionStarted, events.First().EventType);
        Assert.Equal(EventType.WorkflowExecutionCompleted, events.Last().EventType);
        Assert.Single(events, e => e.EventType == EventType.WorkflowExecutionCompleted);
        var scheduled = events.Where(e => e.EventType == EventType.ActivityTaskScheduled).Select(e => e.EventId).ToList();
        var completed = events.Where(e => e.EventType == EventType.ActivityTaskCompleted).Select(e => e.ActivityTaskCompletedEventAttributes.ScheduledEventId).ToList();
        Assert.True(scheduled.Order().SequenceEqual(completed.Order()), $"{workflowId}: activities scheduled [{string.Join(", ", scheduled)}], completions for [{string.Join(", ", completed)}]");
    }

    /// <summary>Starts every workflow and signals its approval, 32 at a time, each call repeated until the server acknowledges it.</summary>
    private static async Task DriveAsync(ITemporalClient client, string[] ids, string taskQueue, ConcurrentDictionary<string, ConcurrentBag<string>> acknowledgedNotes, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(
            ids.Select((id, index) => (id, index)),
            new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                var options = new WorkflowOptions(item.id, taskQueue) { TaskTimeout = SoakActivities.WorkflowTaskTimeout };
                await RetryAsync(
                    async () =>
                    {
                        try
                        {
                            await client.StartWorkflowAsync((SoakPipelineWorkflow wf) => wf.RunAsync(item.index), options);
                        }
                        catch (WorkflowAlreadyStartedException)
                        {
                            // An earlier attempt reached the server although its answer was lost with the kill.
                        }

                        return true;
                    },
                    token);
                var attempt = 0;
                await RetryAsync(
                    async () =>
                    {
                        var note = $"{item.id}:approve:{++attempt}";
                        await client.GetWorkflowHandle<SoakPipelineWorkflow>(item.id).SignalAsync(wf => wf.ApproveAsync(note));
                        acknowledgedNotes.GetOrAdd(item.id, _ => []).Add(note);
                        return true;
                    },
                    token);
            });
    }

    /// <summary>Repeats a call the server did not acknowledge because it was down (or went down mid-call).</summary>
    private static async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RpcException e) when (e.Code is RpcException.StatusCode.Unavailable or RpcException.StatusCode.Cancelled or RpcException.StatusCode.DeadlineExceeded or RpcException.StatusCode.Unknown)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken, string what)
    {
        while (!condition())
        {
            Assert.False(cancellationToken.IsCancellationRequested, $"Timed out waiting for {what}");
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }
    }

    private static async Task RunWorkerAsync(TemporalWorker worker, CancellationToken stop)
    {
        using (worker)
        {
            try
            {
                await worker.ExecuteAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopped by the test.
            }
        }
    }
}
