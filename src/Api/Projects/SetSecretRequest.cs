namespace ContentFlows.Api.Projects;

/// <summary>A secret's new value (an LLM API key or a channel token) and where it may go.</summary>
/// <param name="Value">The secret.</param>
/// <param name="Purpose">What it is for: llm-api-key, webhook-signing, wordpress-password or smtp-password.</param>
/// <param name="Host">The only host it may be sent to; required for webhook-signing, wordpress-password and smtp-password.</param>
internal sealed record SetSecretRequest(string? Value, string? Purpose = null, string? Host = null);
