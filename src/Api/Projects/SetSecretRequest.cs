namespace ContentFlows.Api.Projects;

/// <summary>A secret's new value (an LLM API key or a channel token).</summary>
internal sealed record SetSecretRequest(string? Value);
