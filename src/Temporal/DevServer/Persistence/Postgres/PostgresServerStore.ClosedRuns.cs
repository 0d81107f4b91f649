using System.Runtime.CompilerServices;
using Npgsql;
using Temporalio.Api.History.V1;

namespace ContentFlows.Temporal.DevServer.Persistence.Postgres;

/// <summary>Closed runs read back on demand: the server keeps only open runs (and a bounded cache) in memory.</summary>
internal sealed partial class PostgresServerStore
{
    public StoredExecution? ReadExecution(string namespaceId, string runId) => ReadOne(sql.SelectExecution, namespaceId, runId);

    public StoredExecution? ReadLatestExecution(string namespaceId, string workflowId) => ReadOne(sql.SelectLatestExecution, namespaceId, workflowId);

    public async IAsyncEnumerable<byte[]> ReadClosedVisibilityAsync(string namespaceId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql.SelectClosedVisibility, connection) { Parameters = { new() { Value = namespaceId } } };
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return await reader.GetFieldValueAsync<byte[]>(0, cancellationToken).ConfigureAwait(false);
        }
    }

    public async IAsyncEnumerable<(string NamespaceId, string WorkflowId)> ReadClosedWorkflowIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql.SelectClosedWorkflowIds, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return (reader.GetString(0), reader.GetString(1));
        }
    }

    public async Task<IReadOnlyList<ExpiredExecution>> ReadExpiredAsync(string namespaceId, DateTimeOffset closedBefore, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql.SelectExpired, connection)
        {
            Parameters = { new() { Value = namespaceId }, new() { Value = closedBefore.ToUniversalTime() }, new() { Value = limit } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var expired = new List<ExpiredExecution>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            expired.Add(new ExpiredExecution(reader.GetString(0), reader.GetString(1)));
        }

        return expired;
    }

    private StoredExecution? ReadOne(string selectExecution, string namespaceId, string key)
    {
        using var connection = dataSource.OpenConnection();

        // One snapshot for the row and its events, so a concurrent delete cannot show one without the other.
        using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        PostgresExecutionRow row;
        using (var command = new NpgsqlCommand(selectExecution, connection, transaction) { Parameters = { new() { Value = namespaceId }, new() { Value = key } } })
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            row = new PostgresExecutionRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<byte[]>(3));
        }

        var history = new List<HistoryEvent>();
        using (var command = new NpgsqlCommand(sql.SelectRunEvents, connection, transaction) { Parameters = { new() { Value = row.NamespaceId }, new() { Value = row.RunId } } })
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                history.Add(HistoryEvent.Parser.ParseFrom(reader.GetFieldValue<byte[]>(0)));
            }
        }

        transaction.Commit();
        return new StoredExecution(row.NamespaceId, row.WorkflowId, row.RunId, row.State, history);
    }
}
