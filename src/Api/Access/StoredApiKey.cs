namespace ContentFlows.Api.Access;

/// <summary>A stored API key, without its secret (only its hash is stored).</summary>
internal sealed record StoredApiKey(Guid Id, Guid ProjectId, string Name, ApiKeyRole Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
