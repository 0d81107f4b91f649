using ContentFlows.Api.Access;

namespace ContentFlows.Api.Keys;

/// <summary>A key just created; <see cref="Key"/> is shown this once and cannot be read again.</summary>
internal sealed record CreatedApiKeyResponse(Guid Id, string Name, ApiKeyRole Role, DateTimeOffset CreatedAt, string Key)
{
    public static CreatedApiKeyResponse From(StoredApiKey key, string plaintext) => new(key.Id, key.Name, key.Role, key.CreatedAt, plaintext);
}
