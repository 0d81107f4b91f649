namespace ContentFlows.Temporal.DevServer.Persistence;

/// <summary>A closed run whose namespace's retention has passed, as the retention sweep reads it from the store.</summary>
internal sealed record ExpiredExecution(string WorkflowId, string RunId);
