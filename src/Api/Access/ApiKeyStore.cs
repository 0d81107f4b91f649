using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace ContentFlows.Api.Access;

/// <summary>Creates, finds and revokes project API keys; a key is 32 random bytes, stored only as its SHA-256.</summary>
internal sealed class ApiKeyStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    // A recognisable prefix helps secret scanners and people tell a ContentFlows key from other tokens.
    private const string KeyPrefix = "cf_";

    // Migration 0014: one live key per name and project.
    private const string LiveNameIndex = "api_keys_live_name";

    /// <summary>Creates a key; the returned plaintext is never stored and cannot be read again.</summary>
    public async Task<(StoredApiKey Key, string Plaintext)> CreateAsync(Guid projectId, string name, ApiKeyRole role, CancellationToken cancellationToken)
    {
        var plaintext = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = timeProvider.GetUtcNow();
        var key = new StoredApiKey(Guid.CreateVersion7(now), projectId, name, role, now, null);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_keys (id, project_id, name, role, key_hash, created_at) VALUES (@Id, @ProjectId, @Name, @Role, @Hash, @CreatedAt)",
            new { key.Id, key.ProjectId, key.Name, Role = RoleName(role), Hash = Hash(plaintext), CreatedAt = now.UtcDateTime },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return (key, plaintext);
    }

    /// <summary>
    /// Creates a key unless a live key of the project already has the name (compared ignoring case); null then.
    /// The database's unique index decides, so two concurrent requests cannot both win.
    /// </summary>
    public async Task<(StoredApiKey Key, string Plaintext)?> CreateUniqueAsync(Guid projectId, string name, ApiKeyRole role, CancellationToken cancellationToken)
    {
        try
        {
            return await CreateAsync(projectId, name, role, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == LiveNameIndex)
        {
            return null;
        }
    }

    /// <summary>Revokes the project's live key of this name, if any (the operator's create-key replaces a key this way).</summary>
    public async Task RevokeByNameAsync(Guid projectId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_at = @now WHERE project_id = @projectId AND lower(name) = lower(@name) AND revoked_at IS NULL",
            new { projectId, name, now = timeProvider.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Finds the live (not revoked) key with this plaintext; null when there is none.</summary>
    public async Task<StoredApiKey?> FindActiveAsync(string plaintext, CancellationToken cancellationToken)
    {
        var keys = await QueryAsync("key_hash = @hash AND revoked_at IS NULL", new { hash = Hash(plaintext) }, cancellationToken).ConfigureAwait(false);
        return keys.Count == 1 ? keys[0] : null;
    }

    /// <summary>Lists a project's keys, revoked ones included.</summary>
    public Task<IReadOnlyList<StoredApiKey>> ListAsync(Guid projectId, CancellationToken cancellationToken) =>
        QueryAsync("project_id = @projectId", new { projectId }, cancellationToken);

    /// <summary>Revokes a key of the project; false when the project has no such key.</summary>
    public async Task<bool> RevokeAsync(Guid projectId, Guid keyId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // COALESCE keeps the first revocation time when revoked twice.
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, @now) WHERE id = @keyId AND project_id = @projectId",
            new { keyId, projectId, now = timeProvider.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return updated == 1;
    }

    /// <summary>The SHA-256 of a key; a fast hash is enough because keys are 256-bit random, not passwords.</summary>
    public static byte[] Hash(string plaintext) => SHA256.HashData(Encoding.UTF8.GetBytes(plaintext));

    private static string RoleName(ApiKeyRole role) => role.ToString().ToLowerInvariant();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task<IReadOnlyList<StoredApiKey>> QueryAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(Guid Id, Guid ProjectId, string Name, string Role, DateTime CreatedAt, DateTime? RevokedAt)>(new CommandDefinition(
            $"SELECT id, project_id, name, role, created_at, revoked_at FROM api_keys WHERE {where} ORDER BY created_at, id",
            parameters,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new StoredApiKey(
            r.Id,
            r.ProjectId,
            r.Name,
            Enum.Parse<ApiKeyRole>(r.Role, ignoreCase: true),
            Utc(r.CreatedAt),
            r.RevokedAt is { } revoked ? Utc(revoked) : null)).ToList();
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
