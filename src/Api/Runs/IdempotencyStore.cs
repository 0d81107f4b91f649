using System.Security.Cryptography;
using Dapper;
using Npgsql;

namespace ContentFlows.Api.Runs;

/// <summary>
/// Remembers which run an Idempotency-Key started. A transaction-scoped advisory lock on (project, key) serialises
/// concurrent requests with the same key, so exactly one of them starts a run and the others see its row.
/// </summary>
internal sealed class IdempotencyStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>
    /// Returns the run stored for the key, or runs <paramref name="start"/> and stores the run it returns (null = nothing
    /// started, e.g. the request was refused; nothing is stored).
    /// </summary>
    public async Task<IdempotencyOutcome> GetOrStartAsync(
        Guid projectId, string key, byte[] requestHash, Func<CancellationToken, Task<Guid?>> start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended(@lockKey, 0))",
            new { lockKey = $"idempotency/{projectId}/{key}" },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var existing = (await connection.QueryAsync<(byte[] RequestHash, Guid RunId)>(new CommandDefinition(
            "SELECT request_hash, run_id FROM idempotency_keys WHERE project_id = @projectId AND key = @key",
            new { projectId, key },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false)).FirstOrDefault();
        if (existing.RequestHash is not null)
        {
            return new IdempotencyOutcome(existing.RunId, Replayed: true, Conflict: !CryptographicOperations.FixedTimeEquals(existing.RequestHash, requestHash));
        }

        var runId = await start(cancellationToken).ConfigureAwait(false);
        if (runId is not { } started)
        {
            return new IdempotencyOutcome(null, Replayed: false, Conflict: false);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO idempotency_keys (project_id, key, request_hash, run_id, created_at) VALUES (@projectId, @key, @requestHash, @started, @now)",
            new { projectId, key, requestHash, started, now = timeProvider.GetUtcNow().UtcDateTime },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new IdempotencyOutcome(started, Replayed: false, Conflict: false);
    }
}
