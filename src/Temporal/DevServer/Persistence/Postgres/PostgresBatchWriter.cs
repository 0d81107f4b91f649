using Npgsql;
using NpgsqlTypes;

namespace ContentFlows.Temporal.DevServer.Persistence.Postgres;

/// <summary>Writes a group of queued writes in one transaction: at most five statements sent in one round trip, then COMMIT.</summary>
internal static class PostgresBatchWriter
{
    public static async Task WriteAsync(NpgsqlConnection connection, PostgresStoreSql sql, IReadOnlyList<PostgresPendingWrite> writes, Func<NpgsqlConnection, CancellationToken, Task>? beforeCommit, CancellationToken cancellationToken)
    {
        // Within one transaction only the final state matters, so later writes of the same key replace
        // earlier ones (in call order); ON CONFLICT DO UPDATE cannot touch one row twice in a statement anyway.
        var namespaces = new Dictionary<string, NamespaceRecord>(StringComparer.Ordinal);
        var executions = new Dictionary<(string NamespaceId, string RunId), ExecutionWrite>();
        var schedules = new Dictionary<(string NamespaceId, string ScheduleId), ScheduleRecord>();
        var deletions = new List<DeletedExecution>();
        var eventCount = 0;
        foreach (var pending in writes)
        {
            foreach (var schedule in pending.Write.Schedules)
            {
                schedules[(schedule.NamespaceId, schedule.ScheduleId)] = schedule;
            }

            foreach (var record in pending.Write.Namespaces)
            {
                namespaces[record.Name] = record;
            }

            foreach (var execution in pending.Write.Executions)
            {
                executions[(execution.NamespaceId, execution.RunId)] = execution;
            }

            deletions.AddRange(pending.Write.Deletions);
            eventCount += pending.Events.Length;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);

        // Forced, not inherited: a role or database default of off would acknowledge writes a crash can lose.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit = on"));

        if (namespaces.Count > 0)
        {
            var records = namespaces.Values;
            batch.BatchCommands.Add(Command(
                sql.UpsertNamespaces,
                Array(records.Select(r => r.Name), NpgsqlDbType.Text),
                Array(records.Select(r => r.Id), NpgsqlDbType.Text),
                Array(records.Select(r => r.Description), NpgsqlDbType.Bytea)));
        }

        if (executions.Count > 0)
        {
            var rows = executions.Values;
            batch.BatchCommands.Add(Command(
                sql.UpsertExecutions,
                Array(rows.Select(e => e.NamespaceId), NpgsqlDbType.Text),
                Array(rows.Select(e => e.WorkflowId), NpgsqlDbType.Text),
                Array(rows.Select(e => e.RunId), NpgsqlDbType.Text),
                Array(rows.Select(e => e.State), NpgsqlDbType.Bytea),
                Array(rows.Select(e => e.StartTime), NpgsqlDbType.TimestampTz),
                Array(rows.Select(e => e.CloseTime), NpgsqlDbType.TimestampTz),
                Array(rows.Select(e => e.Visibility), NpgsqlDbType.Bytea)));
        }

        if (eventCount > 0)
        {
            // Appended in call order; duplicates are not merged: a repeated event id is an engine bug that
            // must fail the batch (primary key) rather than silently overwrite history.
            var namespaceIds = new string[eventCount];
            var runIds = new string[eventCount];
            var eventIds = new long[eventCount];
            var data = new byte[eventCount][];
            var i = 0;
            foreach (var pending in writes)
            {
                foreach (var row in pending.Events)
                {
                    namespaceIds[i] = row.NamespaceId;
                    runIds[i] = row.RunId;
                    eventIds[i] = row.EventId;
                    data[i] = row.Data;
                    i++;
                }
            }

            batch.BatchCommands.Add(Command(
                sql.InsertEvents,
                new NpgsqlParameter { Value = namespaceIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter { Value = runIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter { Value = eventIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                new NpgsqlParameter { Value = data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea }));
        }

        AddScheduleCommands(batch, sql, schedules.Values);
        if (deletions.Count > 0)
        {
            // Last, so a deleted run's events written earlier in the batch (a terminate before delete) go too.
            foreach (var statement in new[] { sql.DeleteEvents, sql.DeleteExecutions })
            {
                batch.BatchCommands.Add(Command(
                    statement,
                    Array(deletions.Select(d => d.NamespaceId), NpgsqlDbType.Text),
                    Array(deletions.Select(d => d.RunId), NpgsqlDbType.Text)));
            }
        }

        if (batch.BatchCommands.Count == 1)
        {
            return;
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (beforeCommit is not null)
        {
            await beforeCommit(connection, cancellationToken).ConfigureAwait(false);
        }

        // With synchronous_commit on, COMMIT returns once the WAL is flushed.
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AddScheduleCommands(NpgsqlBatch batch, PostgresStoreSql sql, IReadOnlyCollection<ScheduleRecord> schedules)
    {
        var upserts = schedules.Where(s => s.State is not null).ToList();
        var deletes = schedules.Where(s => s.State is null).ToList();
        if (upserts.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                sql.Schedules.Upsert,
                Array(upserts.Select(s => s.NamespaceId), NpgsqlDbType.Text),
                Array(upserts.Select(s => s.ScheduleId), NpgsqlDbType.Text),
                Array(upserts.Select(s => s.State!), NpgsqlDbType.Bytea)));
        }

        if (deletes.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                sql.Schedules.Delete,
                Array(deletes.Select(s => s.NamespaceId), NpgsqlDbType.Text),
                Array(deletes.Select(s => s.ScheduleId), NpgsqlDbType.Text)));
        }
    }

    private static NpgsqlBatchCommand Command(string text, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(text);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter Array<T>(IEnumerable<T> values, NpgsqlDbType elementType)
        => new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | elementType };
}
