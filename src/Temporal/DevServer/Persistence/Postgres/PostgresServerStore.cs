using System.Data;
using System.Threading.Channels;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.DevServer.Persistence.Postgres;

/// <summary>
/// The durable store: every acknowledged write is committed to PostgreSQL. Writes are group-committed: one
/// writer loop takes everything queued since its last commit and writes it in a single transaction, so one
/// WAL flush serves many callers and the commit rate, not the caller count, bounds the cost.
/// </summary>
internal sealed partial class PostgresServerStore : IServerStore
{
    // Bounds one transaction's size (and its arrays) when a large backlog has built up.
    private const int MaxWritesPerBatch = 1024;

    private readonly PostgresStoreSql sql;
    private readonly NpgsqlDataSource dataSource;
    private readonly ILogger logger;
    private readonly Channel<PostgresPendingWrite> queue;
    private readonly Task writerLoop;
    private readonly string connectionString;
    private readonly Func<NpgsqlConnection, CancellationToken, Task>? beforeCommit;
    private readonly TaskCompletionSource failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PostgresStoreOwnership? ownership;
    private long committedBatches;
    private long committedWrites;
    private int disposed;

    /// <summary>Initializes a new instance of the <see cref="PostgresServerStore"/> class and starts its writer loop.</summary>
    /// <param name="options">Validated here; an invalid value throws naming the property.</param>
    /// <param name="logger">Receives migrations applied and failed batches; none when null.</param>
    /// <param name="beforeCommit">Test fault injection: runs inside each batch's transaction before COMMIT.</param>
    public PostgresServerStore(PostgresStoreOptions options, ILogger<PostgresServerStore>? logger = null, Func<NpgsqlConnection, CancellationToken, Task>? beforeCommit = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        sql = new PostgresStoreSql(options.Schema);
        connectionString = options.ConnectionString;
        this.beforeCommit = beforeCommit;
        this.logger = logger ?? (ILogger)NullLogger.Instance;

        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "ContentFlows.Temporal.DevServer";

        // The store keeps no session state (the ownership lock has a connection of its own), so a pooled connection
        // needs no DISCARD ALL on its way back, and the writer's few statements stay prepared instead of being parsed
        // and planned in every transaction.
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        dataSource = builder.Build();

        queue = Channel.CreateUnbounded<PostgresPendingWrite>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
        writerLoop = Task.Run(RunWriterAsync);
    }

    public bool IsDurable => true;

    /// <summary>Gets the number of transactions the writer loop has committed (diagnostics and tests).</summary>
    internal long CommittedBatches => Interlocked.Read(ref committedBatches);

    /// <summary>Gets the number of writes those transactions held.</summary>
    internal long CommittedWrites => Interlocked.Read(ref committedWrites);

    /// <summary>
    /// Gets a task that faults with the first failed batch. From then on the store is fail-stop: every write
    /// queued behind the failed one, and every later write, fails too, because it was built on state that is lost.
    /// </summary>
    public Task Failed => failed.Task;

    /// <summary>Takes the schema's ownership lock (refusing when another server holds it), then migrates.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        ownership ??= await PostgresStoreOwnership.AcquireAsync(connectionString, sql.Schema, cancellationToken).ConfigureAwait(false);
        await PostgresSchemaMigrator.MigrateAsync(dataSource, sql, logger, cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoreSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // One snapshot for the three reads, so a concurrent writer cannot show events without their run.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);

        var namespaces = (await connection.QueryAsync<NamespaceRecord>(
            new CommandDefinition(sql.SelectNamespaces, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        var rows = (await connection.QueryAsync<PostgresExecutionRow>(
            new CommandDefinition(sql.SelectExecutions, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();

        var histories = new Dictionary<(string NamespaceId, string RunId), List<HistoryEvent>>(rows.Count);
        foreach (var row in rows)
        {
            histories[(row.NamespaceId, row.RunId)] = [];
        }

        // Streamed and parsed row by row (rows arrive grouped per run in event-id order), not buffered twice.
        long eventCount = 0;
        await using (var command = new NpgsqlCommand(sql.SelectEvents, connection, transaction))
        {
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
            List<HistoryEvent>? current = null;
            string? currentNamespace = null;
            string? currentRun = null;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var namespaceId = reader.GetString(0);
                var runId = reader.GetString(1);
                if (namespaceId != currentNamespace || runId != currentRun)
                {
                    currentNamespace = namespaceId;
                    currentRun = runId;

                    // Events of a run without an executions row cannot be restored into anything; skip them.
                    current = histories.GetValueOrDefault((namespaceId, runId));
                }

                var data = await reader.GetFieldValueAsync<byte[]>(3, cancellationToken).ConfigureAwait(false);
                current?.Add(HistoryEvent.Parser.ParseFrom(data));
                eventCount++;
            }
        }

        var schedules = (await connection.QueryAsync<ScheduleRecord>(
            new CommandDefinition(sql.Schedules.Select, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        var executions = rows
            .Select(row => new StoredExecution(row.NamespaceId, row.WorkflowId, row.RunId, row.State, histories[(row.NamespaceId, row.RunId)]))
            .ToList();
        PostgresStoreLog.Loaded(logger, namespaces.Count, executions.Count, eventCount, sql.Schema);
        return new StoreSnapshot(namespaces, executions) { Schedules = schedules };
    }

    /// <summary>
    /// Queues the write and completes when the transaction holding it has committed. Writes are applied in
    /// the order of the calls. Cancelling stops the wait, not the write: once queued it may still commit.
    /// The store keeps <see cref="ExecutionWrite.State"/> by reference until then; the caller must not change it.
    /// </summary>
    public Task PersistAsync(StoreWrite write, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        var pending = PostgresPendingWrite.Create(write);
        if (!queue.Writer.TryWrite(pending))
        {
            return failed.Task.IsFaulted
                ? Task.FromException(StoppedAfterFailure())
                : Task.FromException(new ObjectDisposedException(nameof(PostgresServerStore)));
        }

        return cancellationToken.CanBeCanceled ? pending.Completion.Task.WaitAsync(cancellationToken) : pending.Completion.Task;
    }

    /// <summary>Stops taking writes, commits everything already queued, then closes the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        queue.Writer.TryComplete();
        await writerLoop.ConfigureAwait(false);
        await dataSource.DisposeAsync().ConfigureAwait(false);
        if (ownership is not null)
        {
            await ownership.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task RunWriterAsync()
    {
        var reader = queue.Reader;
        var batch = new List<PostgresPendingWrite>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // Everything queued while the previous transaction was in flight goes into this one.
            while (batch.Count < MaxWritesPerBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                // A fresh pooled connection per batch, so a broken connection is not reused for the drain below.
                await using (var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false))
                {
                    await PostgresBatchWriter.WriteAsync(connection, sql, batch, beforeCommit, CancellationToken.None).ConfigureAwait(false);
                }

                Interlocked.Increment(ref committedBatches);
                Interlocked.Add(ref committedWrites, batch.Count);
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetResult();
                }
            }
            catch (Exception ex)
            {
                // Fail-stop: writes queued behind this batch were built on its (now lost) changes, so committing
                // them would leave gaps in histories. Refuse them and every later write.
                PostgresStoreLog.BatchFailed(logger, batch.Count, ex);
                queue.Writer.TryComplete();
                failed.TrySetException(ex);
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(ex);
                }

                var refused = 0;
                while (reader.TryRead(out var pending))
                {
                    pending.Completion.TrySetException(StoppedAfterFailure());
                    refused++;
                }

                PostgresStoreLog.StoppedAfterFailure(logger, refused, sql.Schema);
                return;
            }

            batch.Clear();
        }
    }

    private InvalidOperationException StoppedAfterFailure() =>
        new($"The PostgreSQL store (schema '{sql.Schema}') stopped after a failed batch; restart the server to recover from the committed state.", failed.Task.Exception?.InnerException);
}
