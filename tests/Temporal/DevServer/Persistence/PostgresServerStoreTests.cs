using ContentFlows.Temporal.DevServer.Persistence;
using ContentFlows.Temporal.DevServer.Persistence.Postgres;
using Npgsql;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.DevServer.Tests.Persistence;

[Collection(PostgresCollection.Name)]
public sealed class PostgresServerStoreTests : IAsyncLifetime
{
    private const string NamespaceId = "ns-1";

    private readonly PostgresFixture postgres;
    private readonly string schema = PostgresFixture.NewSchemaName();
    private readonly List<IServerStore> stores = [];

    public PostgresServerStoreTests(PostgresFixture postgres)
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
    public async Task InitializeAsync_CalledTwiceAndAgainAfterTheOwnerLeft_AppliesEachMigrationOnce()
    {
        var store = CreateStore();
        await store.InitializeAsync(CancellationToken.None);
        await store.InitializeAsync(CancellationToken.None);
        await store.DisposeAsync();
        await CreateStore().InitializeAsync(CancellationToken.None);

        var applied = await postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".schema_migrations");
        Assert.Equal(PostgresMigration.LoadEmbedded().Count, applied);
    }

    [Fact]
    public async Task InitializeAsync_SeveralStoresAtOnceOnOneSchema_ExactlyOneOwnsItAndTheOthersRefuseNamingTheSchema()
    {
        var concurrent = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToList();

        var attempts = concurrent.Select(s => Task.Run(() => s.InitializeAsync(CancellationToken.None))).ToList();
        try
        {
            await Task.WhenAll(attempts);
        }
        catch (InvalidOperationException)
        {
            // Inspected per attempt below.
        }

        Assert.Equal(1, attempts.Count(a => a.IsCompletedSuccessfully));
        foreach (var refused in attempts.Where(a => !a.IsCompletedSuccessfully))
        {
            var error = Assert.IsType<InvalidOperationException>(refused.Exception?.InnerException);
            Assert.Contains($"Another dev server already uses PostgreSQL schema '{schema}'", error.Message, StringComparison.Ordinal);
            Assert.Contains("ContentFlows.Temporal.DevServer", error.Message, StringComparison.Ordinal);
        }

        var applied = await postgres.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".schema_migrations");
        Assert.Equal(PostgresMigration.LoadEmbedded().Count, applied);
    }

    [Fact]
    public async Task InitializeAsync_OwnerDisposed_NextStoreTakesTheSchemaAndLoadsItsWrites()
    {
        var owner = await CreateInitializedStoreAsync();
        await owner.PersistAsync(StoreWrite.ForExecutions(Write("wf-a", "run-a", state: 1, Events(1))), CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => CreateStore().InitializeAsync(CancellationToken.None));

        await owner.DisposeAsync();

        var snapshot = await (await CreateInitializedStoreAsync()).LoadAsync(CancellationToken.None);
        AssertExecution(Assert.Single(snapshot.Executions), NamespaceId, "wf-a", state: 1, Events(1));
    }

    [Fact]
    public async Task LoadAsync_OpenAndClosedRunsStored_ReturnsOnlyTheOpenOnes()
    {
        var store = await CreateInitializedStoreAsync();
        var closed = Write("wf-closed", "run-closed", state: 2, Events(1, 2)) with { CloseTime = new DateTimeOffset(2025, 1, 1, 1, 0, 0, TimeSpan.Zero) };
        await store.PersistAsync(StoreWrite.ForExecutions(Write("wf-open", "run-open", state: 1, Events(1)), closed), CancellationToken.None);
        await store.DisposeAsync();

        // What a restarted server holds in memory: closed runs stay in the store and are read back on demand.
        var snapshot = await (await CreateInitializedStoreAsync()).LoadAsync(CancellationToken.None);

        AssertExecution(Assert.Single(snapshot.Executions), NamespaceId, "wf-open", state: 1, Events(1));
    }

    [Fact]
    public async Task PersistAsync_NamespacesAndRunsOverSeveralWrites_LoadAsyncReturnsLatestStateAndFullHistory()
    {
        var store = await CreateInitializedStoreAsync();
        await store.PersistAsync(StoreWrite.ForNamespace(new NamespaceRecord("default", NamespaceId, [1])), CancellationToken.None);
        await store.PersistAsync(StoreWrite.ForNamespace(new NamespaceRecord("other", "ns-2", [2])), CancellationToken.None);
        await store.PersistAsync(StoreWrite.ForNamespace(new NamespaceRecord("default", NamespaceId, [1, 1])), CancellationToken.None);

        await store.PersistAsync(StoreWrite.ForExecutions(Write("wf-a", "run-a", state: 1, Events(1, 2)), Write("wf-b", "run-b", state: 1, Events(1))), CancellationToken.None);
        await store.PersistAsync(StoreWrite.ForExecutions(Write("wf-a", "run-a", state: 2, Events(3, 4, 5))), CancellationToken.None);
        await store.PersistAsync(StoreWrite.ForExecutions(new ExecutionWrite("ns-2", "wf-c", "run-c", [9], Events(1))), CancellationToken.None);
        await store.PersistAsync(StoreWrite.ForExecutions(Write("wf-a", "run-a", state: 3, [])), CancellationToken.None);
        await store.PersistAsync(StoreWrite.ForExecutions(Write("wf-b", "run-b", state: 2, Events(2))), CancellationToken.None);
        await store.DisposeAsync();

        // A new store instance is what a restarted server sees.
        var snapshot = await (await CreateInitializedStoreAsync()).LoadAsync(CancellationToken.None);

        var namespaces = snapshot.Namespaces.OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(["default", "other"], namespaces.Select(n => n.Name));
        Assert.Equal([NamespaceId, "ns-2"], namespaces.Select(n => n.Id));
        Assert.Equal([1, 1], namespaces[0].Description);
        Assert.Equal([2], namespaces[1].Description);
        var runs = snapshot.Executions.ToDictionary(e => e.RunId);
        Assert.Equal(3, runs.Count);
        AssertExecution(runs["run-a"], NamespaceId, "wf-a", state: 3, Events(1, 2, 3, 4, 5));
        AssertExecution(runs["run-b"], NamespaceId, "wf-b", state: 2, Events(1, 2));
        Assert.Equal("ns-2", runs["run-c"].NamespaceId);
        Assert.Equal(Events(1), runs["run-c"].History);
    }

    [Fact]
    public async Task PersistAsync_DuplicateEventId_ThrowsLeavesNothingOfTheWriteAndRefusesLaterWrites()
    {
        var store = await CreateInitializedStoreAsync();
        await store.PersistAsync(StoreWrite.ForExecutions(Write("wf-a", "run-a", state: 1, Events(1, 2))), CancellationToken.None);

        // The bad write also carries a namespace and a new run: none of it may survive.
        var bad = new StoreWrite(
            [new NamespaceRecord("late", "ns-late", [7])],
            [Write("wf-new", "run-new", state: 1, Events(1)), Write("wf-a", "run-a", state: 2, Events(2))]);
        var error = await Assert.ThrowsAsync<PostgresException>(() => store.PersistAsync(bad, CancellationToken.None));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);

        var snapshot = await store.LoadAsync(CancellationToken.None);
        Assert.Empty(snapshot.Namespaces);
        AssertExecution(Assert.Single(snapshot.Executions), NamespaceId, "wf-a", state: 1, Events(1, 2));

        // Fail-stop: a later write (built on what the failed one held) is refused, not committed.
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.PersistAsync(StoreWrite.ForExecutions(Write("wf-a", "run-a", state: 3, Events(3))), CancellationToken.None));
        snapshot = await store.LoadAsync(CancellationToken.None);
        AssertExecution(Assert.Single(snapshot.Executions), NamespaceId, "wf-a", state: 1, Events(1, 2));
    }

    [Fact]
    public async Task PersistAsync_DuplicateEventIdWithinOneWrite_Throws()
    {
        var store = await CreateInitializedStoreAsync();

        await Assert.ThrowsAsync<PostgresException>(() => store.PersistAsync(StoreWrite.ForExecutions(Write("wf-a", "run-a", state: 1, Events(1, 1))), CancellationToken.None));

        Assert.Empty((await store.LoadAsync(CancellationToken.None)).Executions);
    }

    [Fact]
    public async Task PersistAsync_200ConcurrentCallers_AllCompleteInFewerTransactionsAndAllLoad()
    {
        var store = await CreateInitializedStoreAsync();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            store.PersistAsync(StoreWrite.ForExecutions(Write($"wf-{i}", $"run-{i}", state: i, Events(1, 2, 3))), CancellationToken.None))));

        var snapshot = await store.LoadAsync(CancellationToken.None);
        Assert.Equal(200, snapshot.Executions.Count);
        foreach (var execution in snapshot.Executions)
        {
            var i = int.Parse(execution.RunId["run-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            AssertExecution(execution, NamespaceId, $"wf-{i}", state: i, Events(1, 2, 3));
        }

        var postgresStore = (PostgresServerStore)store;
        Assert.Equal(200, postgresStore.CommittedWrites);

        // Group commit: writes queued while a transaction was in flight shared the next one.
        Assert.True(postgresStore.CommittedBatches < 200, $"{postgresStore.CommittedBatches} transactions for 200 writes");
    }

    [Fact]
    public async Task PersistAsync_ManyWritesToOneRunWithoutAwaiting_AppliedInCallOrder()
    {
        var store = await CreateInitializedStoreAsync();

        var writes = Enumerable.Range(1, 100)
            .Select(i => store.PersistAsync(StoreWrite.ForExecutions(Write("wf-a", "run-a", state: i, Events(i))), CancellationToken.None))
            .ToList();
        await Task.WhenAll(writes);

        var snapshot = await store.LoadAsync(CancellationToken.None);
        AssertExecution(Assert.Single(snapshot.Executions), NamespaceId, "wf-a", state: 100, Events(Enumerable.Range(1, 100).ToArray()));
    }

    [Fact]
    public async Task PersistAsync_OneBadWriteAmongConcurrentWrites_EveryFailedWriteIsAbsentAndEverySucceededOneLoads()
    {
        var store = await CreateInitializedStoreAsync();
        await store.PersistAsync(StoreWrite.ForExecutions(Write("wf-x", "run-x", state: 1, Events(1))), CancellationToken.None);

        var writes = Enumerable.Range(0, 60)
            .Select(i => i == 30
                ? Write("wf-x", "run-x", state: 2, Events(1))
                : Write($"wf-{i}", $"run-{i}", state: i, Events(1, 2)))
            .ToList();
        var tasks = writes.Select(w => Task.Run(() => store.PersistAsync(StoreWrite.ForExecutions(w), CancellationToken.None))).ToList();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (Exception e) when (e is PostgresException or InvalidOperationException)
        {
            // Inspected per task below.
        }

        Assert.True(tasks[30].IsFaulted);
        var loaded = (await store.LoadAsync(CancellationToken.None)).Executions.ToDictionary(e => e.RunId);
        AssertExecution(loaded["run-x"], NamespaceId, "wf-x", state: 1, Events(1));
        for (var i = 0; i < writes.Count; i++)
        {
            if (i == 30)
            {
                continue;
            }

            Assert.Equal(tasks[i].IsCompletedSuccessfully, loaded.ContainsKey(writes[i].RunId));
        }
    }

    [Fact]
    public async Task DisposeAsync_WithWritesQueued_CommitsThemAndRefusesLaterWrites()
    {
        var store = await CreateInitializedStoreAsync();
        var writes = Enumerable.Range(0, 50)
            .Select(i => store.PersistAsync(StoreWrite.ForExecutions(Write($"wf-{i}", $"run-{i}", state: i, Events(1))), CancellationToken.None))
            .ToList();

        await store.DisposeAsync();

        Assert.All(writes, w => Assert.True(w.IsCompletedSuccessfully));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.PersistAsync(StoreWrite.ForExecutions(Write("wf-late", "run-late", state: 0, [])), CancellationToken.None));
        var snapshot = await (await CreateInitializedStoreAsync()).LoadAsync(CancellationToken.None);
        Assert.Equal(50, snapshot.Executions.Count);
    }

    [Fact]
    public async Task PersistAsync_TokenAlreadyCanceled_WritesNothing()
    {
        var store = await CreateInitializedStoreAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            store.PersistAsync(StoreWrite.ForExecutions(Write("wf-a", "run-a", state: 1, Events(1))), new CancellationToken(canceled: true)));

        Assert.Empty((await store.LoadAsync(CancellationToken.None)).Executions);
    }

    private static ExecutionWrite Write(string workflowId, string runId, int state, IReadOnlyList<HistoryEvent> events) =>
        new(NamespaceId, workflowId, runId, BitConverter.GetBytes(state), events);

    private static List<HistoryEvent> Events(params int[] eventIds) =>
        eventIds.Select(id => new HistoryEvent
        {
            EventId = id,
            EventType = id == 1 ? EventType.WorkflowExecutionStarted : EventType.ActivityTaskScheduled,
            EventTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 1, 1, 0, 0, id % 60, TimeSpan.Zero)),
            WorkflowExecutionStartedEventAttributes = id == 1 ? new WorkflowExecutionStartedEventAttributes { WorkflowType = new WorkflowType { Name = "Pipeline" } } : null,
            ActivityTaskScheduledEventAttributes = id == 1 ? null : new ActivityTaskScheduledEventAttributes { ActivityId = id.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }).ToList();

    private static void AssertExecution(StoredExecution execution, string namespaceId, string workflowId, int state, IReadOnlyList<HistoryEvent> history)
    {
        Assert.Equal(namespaceId, execution.NamespaceId);
        Assert.Equal(workflowId, execution.WorkflowId);
        Assert.Equal(BitConverter.GetBytes(state), execution.State);
        Assert.Equal(history, execution.History);
    }

    private PostgresServerStore CreateStore()
    {
        var store = new PostgresServerStore(new PostgresStoreOptions(postgres.ConnectionString) { Schema = schema });
        stores.Add(store);
        return store;
    }

    private async Task<IServerStore> CreateInitializedStoreAsync()
    {
        var store = CreateStore();
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }
}
