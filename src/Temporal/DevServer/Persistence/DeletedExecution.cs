namespace ContentFlows.Temporal.DevServer.Persistence;

/// <summary>A run to remove from the store with its history (DeleteWorkflowExecution, or past its namespace's retention).</summary>
internal sealed record DeletedExecution(string NamespaceId, string RunId);
