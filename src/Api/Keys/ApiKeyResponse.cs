using ContentFlows.Api.Access;

namespace ContentFlows.Api.Keys;

/// <summary>A key as listed: never its secret, which exists only in the creation answer.</summary>
internal sealed record ApiKeyResponse(Guid Id, string Name, ApiKeyRole Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyResponse From(StoredApiKey key) => new(key.Id, key.Name, key.Role, key.CreatedAt, key.RevokedAt);
}
