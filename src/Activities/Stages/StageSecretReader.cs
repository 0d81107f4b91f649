using System.Collections.Concurrent;
using System.Security.Cryptography;
using ContentFlows.Activities.Projects;

namespace ContentFlows.Activities.Stages;

/// <summary>
/// Reads the project secrets stages need (LLM keys, channel signing keys and passwords) by name. Every way a secret
/// can be unavailable is a <see cref="StageConfigurationException"/>, since no retry can fix it; values are cached
/// briefly so a busy stage does not decrypt on every call, yet a rotated secret is seen within
/// <see cref="CacheLifetime"/>. Values are never logged and never leave the worker except to the service they are for.
/// </summary>
/// <param name="timeProvider">The clock of the cache.</param>
/// <param name="store">The encrypted store; null when the worker has no secrets key configured.</param>
public sealed class StageSecretReader(TimeProvider timeProvider, ProjectSecretStore? store = null)
{
    /// <summary>How long a read value is reused.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(Guid ProjectId, string Name), (string Value, DateTimeOffset ReadAt)> cache = new();

    /// <summary>Returns the project's secret called <paramref name="name"/>.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="name">The secret's name.</param>
    /// <param name="purpose">What needs it, for the error message, e.g. "the webhook channel's signing key".</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="StageConfigurationException">No secrets key on this worker, no such secret, or it cannot be decrypted.</exception>
    public async Task<string> RequireAsync(Guid projectId, string name, string purpose, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var now = timeProvider.GetUtcNow();
        if (cache.TryGetValue((projectId, name), out var cached) && now - cached.ReadAt < CacheLifetime)
        {
            return cached.Value;
        }

        if (store is null)
        {
            throw new StageConfigurationException($"{Capitalized(purpose)} is the project secret \"{name}\", but this worker has no secrets key configured (ContentFlows:SecretsKey, the same key as the API's), so it cannot read project secrets.");
        }

        string? value;
        try
        {
            value = await store.GetAsync(projectId, name, cancellationToken).ConfigureAwait(false);
        }
        catch (CryptographicException)
        {
            throw new StageConfigurationException($"The project secret \"{name}\" ({purpose}) cannot be decrypted with this worker's secrets key; the worker and the API must share ContentFlows:SecretsKey.");
        }

        if (string.IsNullOrEmpty(value))
        {
            throw new StageConfigurationException($"{Capitalized(purpose)} is the project secret \"{name}\", which the project does not have; store it with PUT /api/projects/{{projectId}}/secrets/{name}.");
        }

        cache[(projectId, name)] = (value, now);
        return value;
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
