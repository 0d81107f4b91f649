using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ContentFlows.Activities.Persistence;

/// <summary>
/// Applies the embedded SQL migrations in name order, all in one transaction under an advisory lock, so several
/// workers starting at once apply each migration exactly once and a failed migration leaves nothing behind.
/// </summary>
public sealed partial class DatabaseMigrator(NpgsqlDataSource dataSource, ContentFlowsDatabaseOptions options, TimeProvider timeProvider, ILogger<DatabaseMigrator> logger)
{
    // Any fixed number works; it only has to be the same for every ContentFlows process.
    private const long MigrationLockKey = 0x436F6E74656E74;
    private const string ResourceMarker = ".Persistence.Migrations.";

    /// <summary>Applies the migrations not yet applied.</summary>
    /// <returns>The names of the migrations applied by this call.</returns>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = MigrationLockKey }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            CREATE SCHEMA IF NOT EXISTS "{options.Schema}";
            SET LOCAL search_path TO "{options.Schema}";
            CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL);
            """,
            transaction: transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var applied = (await connection.QueryAsync<string>(new CommandDefinition("SELECT id FROM schema_migrations", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);

        var newlyApplied = new List<string>();
        foreach (var (name, sql) in ReadMigrations())
        {
            if (applied.Contains(name))
            {
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (id, applied_at) VALUES (@name, @now)",
                new { name, now = timeProvider.GetUtcNow().UtcDateTime },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            newlyApplied.Add(name);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogMigrated(options.Schema, newlyApplied.Count, string.Join(", ", newlyApplied));
        return newlyApplied;
    }

    private static IEnumerable<(string Name, string Sql)> ReadMigrations()
    {
        var assembly = typeof(DatabaseMigrator).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.Contains(ResourceMarker, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Migration resource {resource} could not be opened.");
            using var reader = new StreamReader(stream);
            yield return (resource[(resource.IndexOf(ResourceMarker, StringComparison.Ordinal) + ResourceMarker.Length)..], reader.ReadToEnd());
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema {Schema}: applied {Count} migration(s) [{Names}]")]
    private partial void LogMigrated(string schema, int count, string names);
}
