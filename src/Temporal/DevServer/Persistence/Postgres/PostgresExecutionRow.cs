namespace ContentFlows.Temporal.DevServer.Persistence.Postgres;

/// <summary>An <c>executions</c> row as read back, before its history is attached.</summary>
internal sealed record PostgresExecutionRow(string NamespaceId, string WorkflowId, string RunId, byte[] State);
