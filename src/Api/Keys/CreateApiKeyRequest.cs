namespace ContentFlows.Api.Keys;

/// <summary>A new key: who holds it (the reviewer identity for approvals) and its role.</summary>
internal sealed record CreateApiKeyRequest(string? Name, string? Role);
