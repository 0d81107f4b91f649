namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>Identifies a workflow id (a chain of runs) within a namespace.</summary>
internal readonly record struct WorkflowKey(string NamespaceId, string WorkflowId);
