using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace ContentFlows.Activities.Projects;

/// <summary>
/// Stores project secrets (LLM API keys, channel tokens) encrypted with AES-256-GCM. The project id and secret name
/// are the associated data, so a row copied to another project or name fails to decrypt.
/// </summary>
public sealed class ProjectSecretStore(NpgsqlDataSource dataSource, SecretsOptions options, TimeProvider timeProvider)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] key = (options ?? throw new ArgumentNullException(nameof(options))).KeyBytes();

    /// <summary>Encrypts and stores a secret with its declared scope, replacing an earlier value of the same name.</summary>
    public async Task SetAsync(Guid projectId, string name, string value, ProjectSecretScope scope, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(scope);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var plaintext = Encoding.UTF8.GetBytes(value);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagSize];
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(projectId, name));
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO project_secrets (project_id, name, key_id, nonce, ciphertext, tag, updated_at, purpose, allowed_host)
            VALUES (@projectId, @name, @keyId, @nonce, @ciphertext, @tag, @now, @purpose, @host)
            ON CONFLICT (project_id, name) DO UPDATE
            SET key_id = excluded.key_id, nonce = excluded.nonce, ciphertext = excluded.ciphertext, tag = excluded.tag, updated_at = excluded.updated_at,
                purpose = excluded.purpose, allowed_host = excluded.allowed_host
            """,
            new { projectId, name, keyId = options.KeyId, nonce, ciphertext, tag, now = timeProvider.GetUtcNow().UtcDateTime, purpose = scope.Purpose, host = scope.Host?.ToLowerInvariant() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Reads and decrypts a secret with its scope; null when the project has none of that name.</summary>
    /// <exception cref="CryptographicException">The row was tampered with or encrypted under another key.</exception>
    public async Task<ProjectSecret?> GetAsync(Guid projectId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(byte[] Nonce, byte[] Ciphertext, byte[] Tag, string? Purpose, string? Host)>(new CommandDefinition(
            "SELECT nonce, ciphertext, tag, purpose, allowed_host FROM project_secrets WHERE project_id = @projectId AND name = @name",
            new { projectId, name },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var found = rows.FirstOrDefault();
        if (found.Nonce is null)
        {
            return null;
        }

        var plaintext = new byte[found.Ciphertext.Length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(found.Nonce, found.Ciphertext, found.Tag, plaintext, AssociatedData(projectId, name));
        return new ProjectSecret(Encoding.UTF8.GetString(plaintext), found.Purpose is null ? null : new ProjectSecretScope(found.Purpose, found.Host));
    }

    /// <summary>Lists the names of a project's secrets (never their values).</summary>
    public async Task<IReadOnlyList<string>> ListNamesAsync(Guid projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var names = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT name FROM project_secrets WHERE project_id = @projectId ORDER BY name",
            new { projectId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return names.ToList();
    }

    private static byte[] AssociatedData(Guid projectId, string name) => Encoding.UTF8.GetBytes($"{projectId:N}/{name}");
}
