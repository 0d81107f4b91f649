namespace ContentFlows.Activities.Projects;

/// <summary>A decrypted project secret with its declared scope (null for a secret stored before scopes existed).</summary>
/// <param name="Value">The secret.</param>
/// <param name="Scope">Where it may go; null: nowhere until an admin declares it.</param>
public sealed record ProjectSecret(string Value, ProjectSecretScope? Scope);
