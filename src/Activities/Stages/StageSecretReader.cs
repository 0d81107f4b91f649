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

    private readonly ConcurrentDictionary<(Guid ProjectId, string Name), (ProjectSecret Secret, DateTimeOffset ReadAt)> cache = new();

    /// <summary>
    /// Returns the project's secret called <paramref name="name"/> when it is declared for <paramref name="use"/> and
    /// may be sent to <paramref name="destination"/>'s host: an editor choosing a channel's URL and secret name must not
    /// be able to send a secret of another use, or to another host, than an admin declared.
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="name">The secret's name.</param>
    /// <param name="use">The use it must be declared for, one of <see cref="ProjectSecretPurposes"/>.</param>
    /// <param name="destination">Where it will be sent.</param>
    /// <param name="purpose">What needs it, for the error message, e.g. "the webhook channel's signing key".</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="StageConfigurationException">No secrets key on this worker, no such secret, it cannot be decrypted, or its scope does not allow this use.</exception>
    public async Task<string> RequireAsync(Guid projectId, string name, string use, Uri destination, string purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var secret = await ReadAsync(projectId, name, purpose, cancellationToken).ConfigureAwait(false);
        if (secret.Scope is not { } scope || scope.Purpose != use)
        {
            throw new StageConfigurationException($"The project secret \"{name}\" is not declared for the purpose {use} ({purpose}; its purpose is {secret.Scope?.Purpose ?? "undeclared"}); an admin declares it with PUT /api/projects/{{projectId}}/secrets/{name} and a purpose.");
        }

        if (scope.Host is { } host && !string.Equals(host, destination.IdnHost, StringComparison.OrdinalIgnoreCase))
        {
            throw new StageConfigurationException($"The project secret \"{name}\" may only be sent to {host}, not to {destination.IdnHost} ({purpose}).");
        }

        if (scope.Host is null && ProjectSecretPurposes.RequiresHost(use))
        {
            throw new StageConfigurationException($"The project secret \"{name}\" names no host it may be sent to; an admin declares one ({purpose}).");
        }

        return secret.Value;
    }

    private async Task<ProjectSecret> ReadAsync(Guid projectId, string name, string purpose, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var now = timeProvider.GetUtcNow();
        if (cache.TryGetValue((projectId, name), out var cached) && now - cached.ReadAt < CacheLifetime)
        {
            return cached.Secret;
        }

        if (store is null)
        {
            throw new StageConfigurationException($"{Capitalized(purpose)} is the project secret \"{name}\", but this worker has no secrets key configured (ContentFlows:SecretsKey, the same key as the API's), so it cannot read project secrets.");
        }

        ProjectSecret? value;
        try
        {
            value = await store.GetAsync(projectId, name, cancellationToken).ConfigureAwait(false);
        }
        catch (CryptographicException)
        {
            throw new StageConfigurationException($"The project secret \"{name}\" ({purpose}) cannot be decrypted with this worker's secrets key; the worker and the API must share ContentFlows:SecretsKey.");
        }

        if (value is null || string.IsNullOrEmpty(value.Value))
        {
            throw new StageConfigurationException($"{Capitalized(purpose)} is the project secret \"{name}\", which the project does not have; store it with PUT /api/projects/{{projectId}}/secrets/{name}.");
        }

        cache[(projectId, name)] = (value, now);
        return value;
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
