using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace ContentFlows.Api.Runs;

/// <summary>
/// Remembers which run an Idempotency-Key started. The run id is derived from (project, key) and the key is claimed
/// with one insert before the run starts, so no request holds a connection or a lock while the workflow starts:
/// concurrent or retried requests with the same key and body all start (or find) the same run, and starting it is
/// itself idempotent, so a crash between the claim and the start is repaired by the next retry.
/// </summary>
internal sealed class IdempotencyStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>
    /// Claims the key and runs <paramref name="start"/> with the key's run id; a key already claimed by the same
    /// request starts (or finds) the same run again, one claimed by a different request is a conflict. When
    /// <paramref name="start"/> returns null (the request was refused and nothing started), the claim is released.
    /// </summary>
    public async Task<IdempotencyOutcome> GetOrStartAsync(
        Guid projectId, string key, byte[] requestHash, Func<Guid, CancellationToken, Task<Guid?>> start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        var runId = RunIdFor(projectId, key);
        var claimed = await ClaimAsync(projectId, key, requestHash, runId, cancellationToken).ConfigureAwait(false);
        if (!claimed)
        {
            var storedHash = await StoredHashAsync(projectId, key, cancellationToken).ConfigureAwait(false);
            if (storedHash is null)
            {
                // The claim was released (its request was refused) between our insert and read: claim afresh.
                return await GetOrStartAsync(projectId, key, requestHash, start, cancellationToken).ConfigureAwait(false);
            }

            if (!CryptographicOperations.FixedTimeEquals(storedHash, requestHash))
            {
                return new IdempotencyOutcome(runId, Replayed: true, Conflict: true);
            }
        }

        var started = await start(runId, cancellationToken).ConfigureAwait(false);
        if (started is null)
        {
            if (claimed)
            {
                await ReleaseAsync(projectId, key, cancellationToken).ConfigureAwait(false);
            }

            return new IdempotencyOutcome(null, Replayed: false, Conflict: false);
        }

        return new IdempotencyOutcome(started, Replayed: !claimed, Conflict: false);
    }

    // A name-based id (RFC 9562 version 8 layout over SHA-256) so every request with the key agrees on the run.
    private static Guid RunIdFor(Guid projectId, string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"contentflows/idempotency/{projectId:N}/{key}"), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    private async Task<bool> ClaimAsync(Guid projectId, string key, byte[] requestHash, Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO idempotency_keys (project_id, key, request_hash, run_id, created_at)
            VALUES (@projectId, @key, @requestHash, @runId, @now)
            ON CONFLICT (project_id, key) DO NOTHING
            """,
            new { projectId, key, requestHash, runId, now = timeProvider.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return inserted == 1;
    }

    private async Task<byte[]?> StoredHashAsync(Guid projectId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<byte[]?>(new CommandDefinition(
            "SELECT request_hash FROM idempotency_keys WHERE project_id = @projectId AND key = @key",
            new { projectId, key },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private async Task ReleaseAsync(Guid projectId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM idempotency_keys WHERE project_id = @projectId AND key = @key",
            new { projectId, key },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
