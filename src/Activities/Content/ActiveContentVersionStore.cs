using System.Data;
using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Content;

/// <summary>
/// Which content version a run serves, and the audit of every change to it. Activating pushes the version that was
/// active onto a stack; rolling back pops it, so successive rollbacks walk back through earlier choices. Changing the
/// active version publishes nothing by itself: it is the pointer readers of the run's content follow.
/// </summary>
public sealed class ActiveContentVersionStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>Reads the run's active version; null when nothing was activated and nothing published.</summary>
    public async Task<ActiveContentVersion?> GetAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var state = await ReadAsync(connection, null, runId, cancellationToken).ConfigureAwait(false);
        return state?.ToActive(runId);
    }

    /// <summary>Makes <paramref name="version"/> the run's active version and records who did.</summary>
    /// <exception cref="KeyNotFoundException">The run has no such version.</exception>
    /// <exception cref="ActiveContentVersionConflictException">The version is already active.</exception>
    public Task<ActiveContentVersion> ActivateAsync(Guid runId, int version, string changedBy, Guid keyId, CancellationToken cancellationToken) =>
        ChangeAsync(runId, changedBy, keyId, (connection, transaction, current) => ActivationOfAsync(connection, transaction, runId, version, current, cancellationToken), cancellationToken);

    /// <summary>Makes the previously active version active again and records who did.</summary>
    /// <exception cref="ActiveContentVersionConflictException">No version was active before the current one.</exception>
    public Task<ActiveContentVersion> RollBackAsync(Guid runId, string changedBy, Guid keyId, CancellationToken cancellationToken) =>
        ChangeAsync(
            runId,
            changedBy,
            keyId,
            (_, _, current) => current is { RollbackVersions.Length: > 0 } state
                ? Task.FromResult(new Change("rollback", state.RollbackVersions[^1], state.RollbackVersions[..^1]))
                : throw new ActiveContentVersionConflictException(current is null
                    ? $"Run {runId} has no active version to roll back."
                    : $"Run {runId} has no earlier active version than {current.Version} to roll back to."),
            cancellationToken);

    /// <summary>Reads the audit of the run's active version, oldest first.</summary>
    public async Task<IReadOnlyList<ActiveContentVersionChange>> ListChangesAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Action, int Version, int? PreviousVersion, string ChangedBy, Guid KeyId, DateTime ChangedAt)>(new CommandDefinition(
            """
            SELECT action, version, previous_version, changed_by, key_id, changed_at
            FROM active_content_version_changes WHERE run_id = @runId ORDER BY changed_at, id
            """,
            new { runId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new ActiveContentVersionChange(r.Action, r.Version, r.PreviousVersion, r.ChangedBy, r.KeyId, Utc(r.ChangedAt))).ToList();
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static async Task<Change> ActivationOfAsync(NpgsqlConnection connection, IDbTransaction transaction, Guid runId, int version, State? current, CancellationToken cancellationToken)
    {
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM content_versions WHERE run_id = @runId AND version = @version)",
            new { runId, version },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (!exists)
        {
            throw new KeyNotFoundException($"Run {runId} has no content version {version}.");
        }

        if (current?.Version == version)
        {
            throw new ActiveContentVersionConflictException($"Version {version} of run {runId} is already active.");
        }

        return new Change("activate", version, current is null ? [] : [.. current.RollbackVersions, current.Version]);
    }

    // The stored choice, or else the latest published version (active implicitly, with nothing to roll back to).
    private static async Task<State?> ReadAsync(NpgsqlConnection connection, IDbTransaction? transaction, Guid runId, CancellationToken cancellationToken)
    {
        var stored = (await connection.QueryAsync<(int Version, int[] RollbackVersions, DateTime ChangedAt, string ChangedBy)>(new CommandDefinition(
            "SELECT version, rollback_versions, changed_at, changed_by FROM active_content_versions WHERE run_id = @runId",
            new { runId },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        if (stored.Count == 1)
        {
            var row = stored[0];
            return new State(row.Version, row.RollbackVersions, Utc(row.ChangedAt), row.ChangedBy);
        }

        var published = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT max(version) FROM content_versions WHERE run_id = @runId AND kind = 'published'",
            new { runId },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return published is { } version ? new State(version, [], null, null) : null;
    }

    private async Task<ActiveContentVersion> ChangeAsync(
        Guid runId, string changedBy, Guid keyId, Func<NpgsqlConnection, IDbTransaction, State?, Task<Change>> decide, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(changedBy);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The run row lock serialises changes per run, so two concurrent rollbacks pop two different versions.
        var locked = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT 1 FROM pipeline_runs WHERE id = @runId FOR UPDATE", new { runId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (locked is null)
        {
            throw new KeyNotFoundException($"Pipeline run {runId} does not exist.");
        }

        var current = await ReadAsync(connection, transaction, runId, cancellationToken).ConfigureAwait(false);
        var change = await decide(connection, transaction, current).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO active_content_versions (run_id, version, rollback_versions, changed_at, changed_by)
            VALUES (@runId, @Version, @RollbackVersions, @now, @changedBy)
            ON CONFLICT (run_id) DO UPDATE
            SET version = EXCLUDED.version, rollback_versions = EXCLUDED.rollback_versions, changed_at = EXCLUDED.changed_at, changed_by = EXCLUDED.changed_by;
            INSERT INTO active_content_version_changes (id, run_id, action, version, previous_version, changed_by, key_id, changed_at)
            VALUES (@id, @runId, @Action, @Version, @previous, @changedBy, @keyId, @now);
            """,
            new
            {
                id = Guid.CreateVersion7(now),
                runId,
                change.Action,
                change.Version,
                change.RollbackVersions,
                previous = current?.Version,
                changedBy,
                keyId,
                now = now.UtcDateTime,
            },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new State(change.Version, change.RollbackVersions, now, changedBy).ToActive(runId);
    }

    private sealed record State(int Version, int[] RollbackVersions, DateTimeOffset? ChangedAt, string? ChangedBy)
    {
        public ActiveContentVersion ToActive(Guid runId) =>
            new(runId, Version, RollbackVersions.Length > 0 ? RollbackVersions[^1] : null, ChangedAt, ChangedBy);
    }

    private sealed record Change(string Action, int Version, int[] RollbackVersions);
}
