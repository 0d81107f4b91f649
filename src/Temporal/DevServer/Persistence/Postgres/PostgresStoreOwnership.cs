using Npgsql;

namespace ContentFlows.Temporal.DevServer.Persistence.Postgres;

/// <summary>
/// A session-level advisory lock on the store's schema, held on a dedicated connection for the store's life:
/// two servers writing one schema (a double start, a hung old process) would interleave histories, so the
/// second one refuses to start. PostgreSQL releases the lock when the holder's session ends, even on SIGKILL.
/// </summary>
internal sealed class PostgresStoreOwnership : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;

    private PostgresStoreOwnership(NpgsqlConnection connection)
    {
        this.connection = connection;
    }

    /// <summary>Takes the schema's lock or throws naming the process that holds it.</summary>
    public static async Task<PostgresStoreOwnership> AcquireAsync(string connectionString, string schema, CancellationToken cancellationToken)
    {
        // Not from the pool: a pooled connection is reset (and its session locks dropped) when returned.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        builder.ApplicationName ??= "ContentFlows.Temporal.DevServer";
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", connection))
            {
                command.Parameters.AddWithValue(LockKey(schema));
                if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
                {
                    return new PostgresStoreOwnership(connection);
                }
            }

            var holder = await DescribeHolderAsync(connection, schema, cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException(
                $"Another dev server already uses PostgreSQL schema '{schema}' ({holder}). Two servers on one schema would corrupt its histories: "
                + "stop the other one, or give this one its own --postgres-schema.");
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Released before the connection closes: the backend ends its session after the client has gone, so a
            // server started right after this one (a restart) could otherwise still find the lock held.
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // A broken connection: its session, and the lock with it, ends anyway.
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }

    private static string LockKey(string schema) => "ContentFlows.Temporal.DevServer.owner:" + schema;

    private static async Task<string> DescribeHolderAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        // bigint keys are split over classid (high half) and objid (low half) in pg_locks.
        await using var command = new NpgsqlCommand(
            """
            SELECT a.application_name || ', backend pid ' || a.pid || coalesce(', client ' || host(a.client_addr), '')
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted
              AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended($1, 0)
            LIMIT 1
            """,
            connection);
        command.Parameters.AddWithValue(LockKey(schema));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string ?? "holder not visible to this role";
    }
}
