using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ContentFlows.Temporal.DevServer.Persistence.Postgres;

/// <summary>Brings the store's schema up to the embedded migrations, all in one transaction.</summary>
internal static class PostgresSchemaMigrator
{
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, PostgresStoreSql sql, ILogger logger, CancellationToken cancellationToken)
    {
        var migrations = PostgresMigration.LoadEmbedded();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Servers starting together queue here; the lock is released by COMMIT or ROLLBACK. The key is
        // per schema, so stores in different schemas (tests) do not wait for one another.
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))",
            new { key = "ContentFlows.Temporal.DevServer.store:" + sql.Schema },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);

        // Checked first because CREATE SCHEMA IF NOT EXISTS still demands CREATE on the database.
        var schemaExists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema)",
            new { schema = sql.Schema },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (!schemaExists)
        {
            await ExecuteAsync($"CREATE SCHEMA {sql.QuotedSchema}").ConfigureAwait(false);
        }

        await ExecuteAsync($"""
            CREATE TABLE IF NOT EXISTS {sql.QuotedSchema}.schema_migrations (
                version    integer     NOT NULL PRIMARY KEY,
                name       text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """).ConfigureAwait(false);

        var current = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT coalesce(max(version), 0) FROM {sql.QuotedSchema}.schema_migrations",
            transaction: transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (current > migrations.Count)
        {
            throw new InvalidOperationException($"Schema '{sql.Schema}' is at migration {current}, newer than this server knows ({migrations.Count}); upgrade the server.");
        }

        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            // Migration files use unqualified names; SET LOCAL lasts until the end of this transaction.
            await ExecuteAsync($"SET LOCAL search_path TO {sql.QuotedSchema}").ConfigureAwait(false);
            await ExecuteAsync(migration.Sql).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO {sql.QuotedSchema}.schema_migrations (version, name) VALUES (@version, @name)",
                new { version = migration.Version, name = migration.Name },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            PostgresStoreLog.MigrationApplied(logger, migration.Version, migration.Name, sql.Schema);
        }

        Task<int> ExecuteAsync(string text) =>
            connection.ExecuteAsync(new CommandDefinition(text, transaction: transaction, cancellationToken: cancellationToken));
    }
}
