namespace ContentFlows.Api.OperatorConsole;

/// <summary>
/// Who the console is signed in as (the key's name, role and project), and where run histories are read: the Temporal
/// UI's address (null when not configured) and namespace.
/// </summary>
internal sealed record ConsoleSession(Guid ProjectId, string ProjectName, string KeyName, string Role, string? HistoryUiUrl, string Namespace);
