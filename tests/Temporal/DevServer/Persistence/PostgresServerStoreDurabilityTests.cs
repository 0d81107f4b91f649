using ContentFlows.Temporal.DevServer.Persistence;
using ContentFlows.Temporal.DevServer.Persistence.Postgres;
using Npgsql;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.DevServer.Tests.Persistence;

/// <summary>The store's durability guarantees under injected faults: fail-stop after a failed batch, and synchronous commits.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresServerStoreDurabilityTests : IAsyncLifetime
{
    private const string NamespaceId = "ns-1";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly PostgresFixture postgres;
    private readonly string schema = PostgresFixture.NewSchemaName();
    private readonly List<PostgresServerStore> stores = [];

    public PostgresServerStoreDurabilityTests(PostgresFixture postgres)
    {
        this.postgres = postgres;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        await postgres.DropSchemaAsync(schema);
    }

    [Fact]
    public async Task PersistAsync_BatchFailsWhileLaterWritesAreQueued_NoLaterWriteIsCommittedOrAcknowledged()
    {
        var inCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new SemaphoreSlim(0);
        var batches = 0;
        var store = await CreateInitializedStoreAsync(postgres.ConnectionString, async (_, _) =>
        {
            // The second batch (the first is the baseline write) fails once the test has queued writes behind it.
            if (Interlocked.Increment(ref batches) == 2)
            {
                inCommit.SetResult();
                await release.WaitAsync(Deadline);
                throw new NpgsqlException("injected: connection lost during COMMIT");
            }
        });
        await store.PersistAsync(StoreWrite.ForExecutions(Write("run-a", 1, Events(1))), CancellationToken.None);

        var failing = store.PersistAsync(StoreWrite.ForExecutions(Write("run-a", 2, Events(2))), CancellationToken.None);
        await inCommit.Task.WaitAsync(Deadline);

        // Queued while the failing transaction is in flight: event 3 of run-a is built on the lost event 2.
        var queuedBehind = new List<Task>
        {
            store.PersistAsync(StoreWrite.ForExecutions(Write("run-a", 3, Events(3))), CancellationToken.None),
            store.PersistAsync(StoreWrite.ForExecutions(Write("run-b", 1, Events(1))), CancellationToken.None),
        };
        release.Release();

        await Assert.ThrowsAsync<NpgsqlException>(() => failing.WaitAsync(Deadline));
        foreach (var write in queuedBehind)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => write.WaitAsync(Deadline));
            Assert.Contains("stopped after a failed batch", error.Message, StringComparison.Ordinal);
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.PersistAsync(StoreWrite.ForExecutions(Write("run-c", 1, Events(1))), CancellationToken.None));
        Assert.True(store.Failed.IsFaulted);
        Assert.Equal(2, Volatile.Read(ref batches));

        await store.DisposeAsync();
        var snapshot = await (await CreateInitializedStoreAsync(postgres.ConnectionString)).LoadAsync(CancellationToken.None);
        var run = Assert.Single(snapshot.Executions);
        Assert.Equal("run-a", run.RunId);
        Assert.Equal([1L], run.History.Select(e => e.EventId));
        Assert.Equal(BitConverter.GetBytes(1), run.State);
    }

    [Fact]
    public async Task PersistAsync_RoleDefaultsToAsynchronousCommit_StoreTransactionsCommitSynchronously()
    {
        // The session default is off, as a role or database setting would make it.
        var asynchronous = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Options = "-c synchronous_commit=off" }.ConnectionString;
        var seen = new List<string>();
        var store = await CreateInitializedStoreAsync(asynchronous, async (connection, cancellationToken) =>
        {
            await using var command = new NpgsqlCommand("SHOW synchronous_commit", connection);
            seen.Add((string)(await command.ExecuteScalarAsync(cancellationToken))!);
        });

        await store.PersistAsync(StoreWrite.ForExecutions(Write("run-a", 1, Events(1))), CancellationToken.None);
        await store.PersistAsync(StoreWrite.ForExecutions(Write("run-a", 2, Events(2))), CancellationToken.None);

        Assert.Equal(["on", "on"], seen);
        await using var session = new NpgsqlConnection(asynchronous);
        await session.OpenAsync();
        await using var show = new NpgsqlCommand("SHOW synchronous_commit", session);
        Assert.Equal("off", await show.ExecuteScalarAsync());
    }

    private static ExecutionWrite Write(string runId, int state, IReadOnlyList<HistoryEvent> events) =>
        new(NamespaceId, "wf-" + runId, runId, BitConverter.GetBytes(state), events);

    private static List<HistoryEvent> Events(params int[] eventIds) =>
        eventIds.Select(id => new HistoryEvent
        {
            EventId = id,
            EventType = id == 1 ? EventType.WorkflowExecutionStarted : EventType.WorkflowExecutionSignaled,
            EventTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 1, 1, 0, 0, id, TimeSpan.Zero)),
        }).ToList();

    private async Task<PostgresServerStore> CreateInitializedStoreAsync(string connectionString, Func<NpgsqlConnection, CancellationToken, Task>? beforeCommit = null)
    {
        var store = new PostgresServerStore(new PostgresStoreOptions(connectionString) { Schema = schema }, beforeCommit: beforeCommit);
        stores.Add(store);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }
}
